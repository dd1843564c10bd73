"""The Streamlit page, driven with streamlit.testing (real index, real model)."""

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.integration


@pytest.fixture
def app(tmp_path, monkeypatch):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(ROOT)
    st.cache_resource.clear()  # the cached index belongs to one test's folders
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    yield at
    st.cache_resource.clear()


def test_page_states_it_supports_judgement(app):
    assert any("never replaces" in info.value for info in app.info)


def test_question_gets_cited_passage(app):
    app.text_input(key="question").input("how long before the review does the SM have to record the step down on LL?")
    app.button[0].click().run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("Role of the Service Manager" in c for c in captions), captions
    assert any("48 hours" in t.value for t in app.text)


def test_uncovered_question_is_refused(app):
    app.text_input(key="question").input("what's the mileage rate for home visits and how do I claim it?")
    app.button[0].click().run()
    assert not app.exception
    assert any("don't cover" in w.value for w in app.warning)
    assert not app.caption
