"""The app's pages (``st.navigation``), the menu in the sidebar, and moving between them
(``st.switch_page``).

Each area is a page script in ``assistant/ui/pages``, run by ``app.py``. A page that sends the user
to another (a button pressed) calls ``switch_to`` from its body, never from a widget callback: the
switch happens in the script run, after the callbacks have recorded the answers.

Every way to another page keeps the tab token (``state.TAB_PARAM``) in the address: the menu is
``st.page_link``s that carry it, because a click in ``st.navigation``'s own menu drops every query
parameter not bound to a widget, and a tab that came back to a new session would then lose the
token before the new session could see it (tests/system/test_browser.py, the reconnect test).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import streamlit as st

from assistant.ui import keys, state

PAGES_DIR = Path(__file__).resolve().parent / "pages"
TITLE = "CP Pathways Assistant"
"""Above the menu in the sidebar."""


@dataclass(frozen=True)
class Area:
    """One page of the app: its title in the navigation, its script and its address."""

    title: str
    script: str
    """The page's file in ``assistant/ui/pages``."""
    url_path: str
    """The page's address (``/<url_path>``; the Start page is also the app's root address)."""

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.script


START = Area("Start", "start.py", "start")
WALK_THROUGH = Area("Walk-through", "walkthrough.py", "walk-through")
CHECK_ANSWERS = Area("Check your answers", "review.py", "check-your-answers")
ASK = Area("Ask the policy", "chat.py", "ask-the-policy")
MANAGER_REVIEW = Area("Manager review", "manager.py", "manager-review")
TRAINING = Area("Training", "training.py", "training")
KNOWLEDGE = Area("Knowledge", "knowledge.py", "knowledge")

AREAS: tuple[Area, ...] = (START, WALK_THROUGH, CHECK_ANSWERS, ASK, MANAGER_REVIEW, TRAINING, KNOWLEDGE)
"""In the order the navigation lists them."""


def page(area: Area) -> st.Page:
    """The ``st.Page`` for ``area`` (the same page each time it is made: source and ``url_path``)."""
    return st.Page(area.path, title=area.title, url_path=area.url_path, default=area == START)


def _address() -> dict[str, str] | None:
    """The query parameters of every page's address: this session's tab token, once it has one."""
    token = st.session_state.get(keys.TAB_TOKEN)
    return {state.TAB_PARAM: token} if token else None


def navigation() -> st.Page:
    """Register the pages and draw the menu in the sidebar (in the order of ``AREAS``); the page to run."""
    pages = [page(area) for area in AREAS]
    current = st.navigation(pages, position="hidden")
    with st.sidebar:
        st.title(TITLE)
        for each in pages:
            st.page_link(each, label=each.title, query_params=_address())
    return current


def switch_to(area: Area, step: str | None = None) -> NoReturn:
    """Open ``area`` now (the walk-through at ``step``), keeping the tab token in the address. Call it
    from the script run, not from a widget callback."""
    if step is not None:
        state.open_step(step)
    st.switch_page(page(area), query_params=_address())
