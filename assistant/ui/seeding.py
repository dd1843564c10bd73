"""Widgets drawn from a draft's values, so that a run cut short can never show them empty.

A page gives a widget its value from the draft by putting it in ``st.session_state`` before drawing the
widget (a "seed"). Streamlit sends a seeded value to the browser once, as a one-shot "set value" on the
element drawn in that run. If the run is cut short between the seed and the widget (a second click or a
blur asks for a rerun: common on a busy shared server), the next run draws the widget without it, since
the value is no longer new, and the browser shows the element's default: an empty box, although the
server and the draft hold the note. The next edit in that box would send the empty value back.

So every seeded widget is also given its session value as its default (``value=`` for text, ``index=``
for choices): every element carries the value, in every run. A widget with a key is identified by its key
alone (Streamlit's ``key_as_main_identity``), so a changing default never makes it a new widget.
``tests/ui/test_seeding.py`` reproduces the cut-short run in a real browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def seed(key: str, value: Any) -> Any:
    """Put ``value`` in the session under ``key`` unless the widget already has a value; return the value."""
    if key not in st.session_state:
        st.session_state[key] = value
    return st.session_state[key]


def text(key: str, value: str | None) -> str:
    """Seed a text widget; the value to draw it with (``value=``)."""
    current = seed(key, value or "")
    return current if isinstance(current, str) else ""


def choice(key: str, options: Sequence[Any], value: Any) -> int | None:
    """Seed a radio or select box; the position to draw it with (``index=``), None for no choice."""
    current = seed(key, value)
    return list(options).index(current) if current in options else None
