"""The policy library in the app: each document's record, removal that archives and re-indexes, the switch
that keeps a shared server's library to the people the council names, and a policy edit that changes a
quoted passage (the affected questions say so; nothing crashes)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

import pytest
from helpers.apptest import click, run
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.search.library import archived
from assistant.ui import keys, resources

pytestmark = pytest.mark.integration
STEP_DOWN = "step-down-and-repeat-plans.md"
LONG_PLAN = "long-plans-over-2-years.md"


@pytest.fixture(scope="module")
def library(folders):
    """The module's knowledge copy (conftest's ``folders``), indexed with the real model."""
    resources.policy_index().sync(progress=False)
    return folders


def knowledge_page() -> AppTest:
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key=keys.AREA).set_value("Knowledge")
    return run(at)


def shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "text", "warning", "error", "success", "info",
                                                "subheader") for e in getattr(at, kind))


def test_each_document_shows_its_title_version_date_added_and_sha256(library):
    table = knowledge_page().dataframe[0].value
    assert list(table.columns) == ["Document", "Version", "Added", "Passages", "File", "SHA-256"]
    rows = table.set_index("File")
    for source in (STEP_DOWN, LONG_PLAN):
        assert rows.loc[source, "SHA-256"] == hashlib.sha256((library.knowledge_dir / source).read_bytes()).hexdigest()
        assert rows.loc[source, "Added"].startswith("not recorded (file dated ")


def test_where_changes_are_switched_off_the_page_says_who_may_make_them(library, monkeypatch):
    # (each test starts with no ASSISTANT_* variable set: conftest's isolated_data_dir)
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(library.knowledge_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(library.data_dir))
    monkeypatch.setenv("ASSISTANT_WARM_UP", "false")
    monkeypatch.setenv("ASSISTANT_LIBRARY_EDITABLE", "false")
    monkeypatch.setenv("ASSISTANT_LIBRARY_CONTACT", "the QA team (qa@council.example)")
    resources.settings.clear()
    try:
        at = knowledge_page()
        assert any("changed only by the QA team (qa@council.example)" in i.value for i in at.info)
        assert not at.get("file_uploader") and not at.selectbox
        assert keys.KNOWLEDGE_ADD not in [b.key for b in at.button]
        assert keys.KNOWLEDGE_REMOVE not in [b.key for b in at.button]
    finally:
        monkeypatch.delenv("ASSISTANT_LIBRARY_EDITABLE")
        monkeypatch.delenv("ASSISTANT_LIBRARY_CONTACT")
        resources.settings.clear()
        assert resources.settings() == library  # cached again, as the module's fixture made it
    at = knowledge_page()
    assert at.get("file_uploader") and at.selectbox(key=keys.KNOWLEDGE_REMOVE_CHOICE)


def test_a_policy_edit_under_a_quote_marks_its_question_and_the_rest_still_works(library):
    path = library.knowledge_dir / STEP_DOWN
    original = path.read_text()
    path.write_text(original.replace("triangulation of the initial concern", "a review of the concern"))
    try:
        at = knowledge_page()
        click(at, keys.KNOWLEDGE_REINDEX)
        assert not at.exception
        assert "Questions whose policy passage has changed" in [s.value for s in at.subheader]
        assert any("1 pathway question(s) quote policy text" in w.value for w in at.warning)
        # the walk-through: the changed question warns, with where its passage went; others quote the policy
        at.sidebar.radio(key=keys.AREA).set_value("Start")
        run(at)
        at.radio(key=keys.START_PATHWAY).set_value("step-down")
        at.text_input(key=keys.START_REFERENCE).input("LL-424242")
        at.date_input(key=keys.start_date("start")).set_value(date(2026, 8, 31))
        at.date_input(key=keys.start_date("conference")).set_value(date(2026, 11, 30))
        click(run(at), keys.START_GO)
        assert not at.exception
        warnings = [w.value for w in at.warning if "has changed" in w.value]
        assert len(warnings) == 1 and "no longer word for word in" in warnings[0] and "“" in warnings[0]
        assert any("check-pathways" in w for w in warnings)
        assert "The pathway quoted (no longer in the policy):" in [c.value for c in at.caption]
        at.sidebar.radio(key=keys.AREA).set_value("Check your answers")
        run(at)
        assert not at.exception
    finally:
        path.write_text(original)
        resources.policy_index().sync(progress=False)
        resources.refresh_policies()


def test_removing_a_document_archives_it_and_reindexes(library):
    at = knowledge_page()
    assert at.button(key=keys.KNOWLEDGE_REMOVE).disabled
    at.selectbox(key=keys.KNOWLEDGE_REMOVE_CHOICE).set_value(LONG_PLAN)
    run(at)
    assert any("pathway question(s) quote this document" in w.value for w in at.warning)
    assert at.button(key=keys.KNOWLEDGE_REMOVE).disabled  # not until confirmed
    at.checkbox(key=keys.KNOWLEDGE_REMOVE_CONFIRM).check()
    click(run(at), keys.KNOWLEDGE_REMOVE)
    try:
        assert not at.exception
        assert any(f"Removed {LONG_PLAN} (kept in the archive)" in s.value and "1 removed" in s.value
                   for s in at.success)
        (entry,) = archived(library)
        kept = library.library_archive_folder / entry.path
        assert kept.exists() and not (library.knowledge_dir / LONG_PLAN).exists()
        assert [d.source for d in resources.policy_index().documents()] == [STEP_DOWN]
        assert list(at.dataframe[0].value["File"]) == [STEP_DOWN]
        # the long-plan questions now say their document has gone, rather than quoting it
        assert any("no longer in the knowledge folder" in w for w in at.dataframe[1].value["What changed"])
        events = [e.action for e in resources.audit_log().events()]
        assert events[-2:] == ["removed_policy", "reindexed"]
    finally:
        for entry in archived(library):
            shutil.move(library.library_archive_folder / entry.path, library.knowledge_dir / entry.source)
        resources.policy_index().sync(progress=False)
        resources.refresh_policies()
