"""The "Ask the policy" history of this session: ``ChatTurn`` models out, JSON data in the session.

Only the chat page imports this module (it loads the answer model, and with it the search code).
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel, ConfigDict

from assistant.llm.grounded import ChatAnswer
from assistant.ui import keys


class ChatTurn(BaseModel):
    """One question and what was shown for it; kept in the session as ``model_dump(mode="json")``."""

    model_config = ConfigDict(frozen=True)

    question: str
    """As searched: personal details already removed."""
    answer: ChatAnswer
    error: str | None = None
    """Why no answer could be given (``answer`` is then an empty, not-covered one)."""


def turns() -> list[ChatTurn]:
    """This session's questions and answers, oldest first."""
    return [ChatTurn.model_validate(turn) for turn in st.session_state.get(keys.CHAT, [])]


def add(turn: ChatTurn) -> None:
    st.session_state[keys.CHAT] = [*st.session_state.get(keys.CHAT, []), turn.model_dump(mode="json")]


def clear() -> None:
    st.session_state[keys.CHAT] = []
