"""A council's own pathway in the app, with no code change: listed on Start with its dates, walked, checked
and summarised; the shipped ones still come first, in their files' order."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from helpers.apptest import click, run
from helpers.council import council_folders
from helpers.support import ROOT, clear_assistant_env
from streamlit.testing.v1 import AppTest

from assistant.ui import keys, resources


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    base = tmp_path_factory.mktemp("council-app")
    pathways, knowledge = council_folders(base)
    with pytest.MonkeyPatch.context() as mp:
        clear_assistant_env(mp)
        mp.setenv("ASSISTANT_PATHWAYS_DIR", str(pathways))
        mp.setenv("ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
        mp.setenv("ASSISTANT_DATA_DIR", str(base / "data"))
        mp.setenv("ASSISTANT_WARM_UP", "false")
        st.cache_resource.clear()
        yield resources.settings()
    st.cache_resource.clear()


def test_the_councils_pathway_is_offered_walked_and_checked(council):
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    choice = at.radio(key=keys.START_PATHWAY)
    assert list(choice.options)[:3] == [resources.pathways()[p].title for p in ("step-down", "repeat-plan", "long-plan")]
    assert "Family time during a CP Plan (fictional test pathway)" in choice.options
    choice.set_value("family-time")
    run(at)
    assert [d.label for d in at.date_input] == ["Plan start (ICPC)", "Review conference"]
    at.text_input(key=keys.START_REFERENCE).input("LL-515151")
    at.date_input(key=keys.start_date("start")).set_value(date(2026, 9, 1))
    at.date_input(key=keys.start_date("conference")).set_value(date(2026, 12, 1))
    click(run(at), keys.START_GO)
    assert at.session_state[keys.AREA] == "Walk-through"
    assert at.subheader[0].value == "Planning family time"
    at.radio(key=keys.item_status("ft-written-plan")).set_value("evidenced")
    click(run(at), keys.NAV_NEXT)
    assert at.subheader[0].value == "Reviewing family time"
    sidebar = [e.value for kind in (at.sidebar.markdown, at.sidebar.warning, at.sidebar.error, at.sidebar.info)
               for e in kind]  # a deadline already past is a warning, one to come a line of text
    assert any("first review" in str(v).lower() for v in sidebar), sidebar
    at.sidebar.radio(key=keys.AREA).set_value("Check your answers")
    run(at)
    assert "Has a written family time plan been agreed with the parents" in " ".join(m.value for m in at.markdown)


def test_the_knowledge_page_shows_what_the_pathways_ask_about(council):
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key=keys.AREA).set_value("Knowledge")
    run(at)
    assert "What the pathways ask about" in [h.value for h in at.subheader]
    labels = [e.label for e in at.expander]
    assert any(label.endswith("(family-time-reviews.md): 3 of 4 sentences asked about") for label in labels), labels
    assert any("(long-plans-over-2-years.md): 18 of 18 sentences asked about" in label for label in labels), labels
    rows = {sentence: asked for d in at.dataframe if "Asked by" in d.value.columns
            for sentence, asked in zip(d.value["Sentence"], d.value["Asked by"])}
    assert rows["This is a fictional policy written for the tests of a council's own pathway."] == "not asked"
    assert rows["The team manager should review the family time plan at each supervision and record any change on "
                "the case file."] == "ft-tm-review"
