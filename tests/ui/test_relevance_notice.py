"""Where the relevance model is not in use, the Ask the policy page says so and why (here: not installed in the
module's own data folder, or turned off); answers still come, judged on the five other signals."""

from __future__ import annotations

import pytest
import streamlit as st
from helpers.apptest import run
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.ui import resources

pytestmark = pytest.mark.integration


def ask(question: str) -> AppTest:
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key="area").set_value("Ask the policy").run()
    at.chat_input(key="chat:input").set_value(question).run()
    assert not at.exception, at.exception
    return at


def notices(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if "without the relevance model" in c.value]


def test_without_the_model_the_page_says_how_questions_are_judged(folders):
    at = ask("who must agree a step down at the first review?")
    notice, = notices(at)
    assert "not installed in" in notice and "train-relevance" in notice and "Tell whoever runs" in notice
    assert at.session_state["chat"][0]["answer"]["covered"] is True
    assert resources.policy_search().search("a question").signals.relevance is None


def test_turned_off_the_page_says_so(folders, monkeypatch):
    monkeypatch.setenv("ASSISTANT_RELEVANCE", "false")
    st.cache_resource.clear()
    notice, = notices(ask("who must agree a step down at the first review?"))
    assert "turned off (ASSISTANT_RELEVANCE=false)" in notice
