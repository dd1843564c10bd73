"""A shared server with its drafts in PostgreSQL (a real server): a social worker's checklist is kept in the
database as they work, a manager in another session opens it from "Saved drafts on this server" and
records a review, and the social worker's next change keeps that review; retention removes old rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import streamlit as st
from helpers.apptest import click, run
from helpers.postgres import running_postgres
from helpers.support import ROOT, clear_assistant_env, copy_knowledge
from streamlit.testing.v1 import AppTest

from assistant.ui import keys, resources

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from assistant.casework.stores.migrations import migrate

    base = tmp_path_factory.mktemp("database-app")
    with running_postgres(base / "pg") as url, pytest.MonkeyPatch.context() as mp:
        migrate(url)
        clear_assistant_env(mp)
        settings = {"ASSISTANT_KNOWLEDGE_DIR": str(copy_knowledge(base / "knowledge")),
                    "ASSISTANT_DATA_DIR": str(base / "data"), "ASSISTANT_WARM_UP": "false",
                    "ASSISTANT_SHARED_SERVER": "true", "ASSISTANT_DATABASE_URL": url}
        for name, value in settings.items():
            mp.setenv(name, value)
        st.cache_resource.clear()
        yield settings
    st.cache_resource.clear()


@pytest.fixture
def env(server, monkeypatch):
    for name, value in server.items():  # conftest clears ASSISTANT_* before every test
        monkeypatch.setenv(name, value)
    return server


def session() -> AppTest:
    return run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))


def test_a_checklist_is_kept_in_the_database_and_a_managers_review_survives_the_workers_next_change(env):
    store = resources.draft_store()
    worker = session()
    worker.radio(key=keys.START_PATHWAY).set_value("step-down")
    worker.text_input(key=keys.START_REFERENCE).input("LL-880001")
    worker.date_input(key=keys.start_date("start")).set_value(date(2026, 10, 1))
    worker.date_input(key=keys.start_date("conference")).set_value(date(2027, 1, 5))
    click(run(worker), keys.START_GO)
    key = worker.session_state[keys.DRAFT]["path"]
    assert key == "LL-880001-step-down" and store.all_keys()[0] == key
    assert any("Saved on this server" in c.value for c in worker.sidebar.caption)
    worker.radio(key=keys.item_status("sd-initial-concern")).set_value("partly_evidenced")
    run(worker)
    assert store.load(key).answers.items["sd-initial-concern"].status == "partly_evidenced"

    manager = session()
    manager.sidebar.radio(key=keys.AREA).set_value("Manager review")
    run(manager)
    assert list(manager.selectbox(key=keys.MANAGER_OPEN.saved).options) == [key]
    manager.selectbox(key=keys.MANAGER_OPEN.saved).set_value(key)
    click(manager, keys.MANAGER_OPEN.go)
    manager.text_area(key=keys.MGR_RATIONALE).input("Evidence is triangulated; agree to step down.")
    click(run(manager), keys.MGR_RECORD)
    assert store.load(key).reviews["team_manager"].rationale == "Evidence is triangulated; agree to step down."

    # the worker's session still holds the version before the review; its next change keeps the review
    worker.radio(key=keys.item_status("sd-initial-concern")).set_value("evidenced")
    run(worker)
    kept = store.load(key)
    assert kept.answers.items["sd-initial-concern"].status == "evidenced"
    assert kept.reviews["team_manager"].rationale == "Evidence is triangulated; agree to step down."


def test_purge_removes_drafts_kept_in_the_database_past_retention(env):
    from assistant.casework.drafts import Draft
    from assistant.config import load_settings
    from assistant.privacy.retention import purge

    store = resources.draft_store()
    old_key, _ = store.create(Draft.new("long-plan", "social_worker", "LL-880002", datetime.now(UTC)),
                              "social_worker", datetime.now(UTC) - timedelta(days=200))
    report = purge(load_settings(), days=90)
    remaining = store.all_keys()
    assert old_key in report.drafts and old_key not in remaining
