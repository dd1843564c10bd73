"""The audit log in PostgreSQL (a real server): the same events as the file, never content, purged by
retention; the app's and the command line's actions land there when ASSISTANT_DATABASE_URL is set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers.postgres import running_postgres
from helpers.support import cli_env, run_cli

from assistant.config import load_settings
from assistant.privacy.audit import audit_log
from assistant.privacy.audit_db import DatabaseAuditLog
from assistant.privacy.retention import purge

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from assistant.casework.stores.migrations import migrate

    with running_postgres(tmp_path_factory.mktemp("audit-postgres")) as url:
        migrate(url)
        yield url


@pytest.fixture
def settings_db(database, monkeypatch, tmp_path):
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))
        conn.execute(text("DELETE FROM drafts"))
    engine.dispose()
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", database)
    return load_settings()


def test_events_round_trip_and_nothing_else_is_stored(settings_db):
    log = audit_log(settings_db)
    assert isinstance(log, DatabaseAuditLog)
    log.record("s1", "saved_draft", "step-down", {"a.md": "v1 sha256:abc"}, now=NOW)
    log.record("s2", "asked_question", now=NOW + timedelta(minutes=1))
    events = log.events()
    assert [(e.session, e.action, e.pathway, e.policy_versions) for e in events] == [
        ("s1", "saved_draft", "step-down", {"a.md": "v1 sha256:abc"}), ("s2", "asked_question", None, {})]
    assert events[0].time == NOW
    assert not settings_db.audit_path.exists()  # not in the file as well


def test_switched_off_it_records_nothing(settings_db, monkeypatch):
    monkeypatch.setenv("ASSISTANT_AUDIT_ENABLED", "false")
    off = load_settings()
    assert audit_log(off).record("s1", "reindexed") is None
    assert audit_log(settings_db).events() == []


def test_retention_purges_old_rows(settings_db):
    log = audit_log(settings_db)
    for days in (200, 95, 10, 0):
        log.record("s1", "reindexed", now=NOW - timedelta(days=days))
    assert purge(settings_db, days=90, now=NOW, dry_run=True).audit_entries == 2
    assert len(log.events()) == 4
    assert purge(settings_db, days=90, now=NOW).audit_entries == 2
    assert [e.time for e in log.events()] == [NOW - timedelta(days=10), NOW]


def test_a_command_lines_action_is_recorded_in_the_database(settings_db, database, tmp_path):
    got = run_cli(["index", "--quiet"], cli_env(data_dir=tmp_path / "data", database_url=database))
    assert got.returncode == 0, got.stderr
    assert [e.action for e in audit_log(settings_db).events()] == ["reindexed"]
