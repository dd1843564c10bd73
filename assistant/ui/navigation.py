"""The app's areas, the menu in the sidebar, and moving between them.

Each area is a module in ``assistant/ui/pages`` with a ``render()``; ``app.py`` draws the menu
(``navigation``) and runs the area it returns. A page that sends the user to another (a button
pressed) calls ``switch_to`` from its body, never from a widget callback: the switch happens in the
script run, after the callbacks have recorded the answers.

The menu is a sidebar radio and the whole app stays one Streamlit script, rather than
``st.navigation`` pages: with ``st.navigation``, a walk-through note typed just before Next and
Back under load came back empty on screen (5 of 120 concurrent browser sessions, against 0 of 60
for this menu on the same code otherwise; docs/decisions/0014-one-script-not-st-navigation.md).
The address (and with it the tab token, ``state.TAB_PARAM``) never changes on a page switch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from assistant.access import Action
from assistant.ui import keys, state

TITLE = "CP Pathways Assistant"
"""Above the menu in the sidebar."""


@dataclass(frozen=True)
class Area:
    """One area of the app: its title in the menu, the module that draws it, and the action a signed-in person's
    roles must allow to use it (``access.PERMISSIONS``)."""

    title: str
    module: str
    """The page's module in ``assistant.ui.pages``."""
    action: Action

    def run(self) -> None:
        """Draw this area, if the signed-in person may use it (checked here, not only by the menu)."""
        from assistant.access import require
        from assistant.ui import signin

        require(signin.roles(), self.action, f"The {self.title} page")
        importlib.import_module(f"assistant.ui.pages.{self.module}").render()


START = Area("Start", "start", "casework")
WALK_THROUGH = Area("Walk-through", "walkthrough", "casework")
CHECK_ANSWERS = Area("Check your answers", "review", "casework")
ASK = Area("Ask the policy", "chat", "ask")
MANAGER_REVIEW = Area("Manager review", "manager", "review")
TRAINING = Area("Training", "training", "train")
KNOWLEDGE = Area("Knowledge", "knowledge", "ask")

AREAS: tuple[Area, ...] = (START, WALK_THROUGH, CHECK_ANSWERS, ASK, MANAGER_REVIEW, TRAINING, KNOWLEDGE)
"""In the order the menu lists them."""
BY_TITLE = {area.title: area for area in AREAS}


def navigation() -> Area:
    """Draw the menu in the sidebar (honouring a ``switch_to`` of the previous run); the area to show."""
    pending = st.session_state.pop(keys.GOTO, None)
    if pending is not None:
        st.session_state[keys.AREA] = pending
    from assistant.access import may
    from assistant.ui import signin

    roles = signin.roles()
    shown = [area.title for area in AREAS if may(roles, area.action)]
    if st.session_state.get(keys.AREA) not in shown:
        st.session_state[keys.AREA] = shown[0]
    with st.sidebar:
        st.title(TITLE)
        title = st.radio("Go to", shown, key=keys.AREA)
    return BY_TITLE[title]


def switch_to(area: Area, step: str | None = None) -> NoReturn:
    """Open ``area`` now (the walk-through at ``step``). Call it from the script run, not from a
    widget callback (the menu is drawn before the page: the switch takes effect on the rerun)."""
    if step is not None:
        state.open_step(step)
    st.session_state[keys.GOTO] = area.title
    st.rerun()
