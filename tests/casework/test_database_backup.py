"""The backup and restore docs/deployment.md gives for a council's server, done for real: ``pg_dump -Fc`` of a
database holding a draft with a manager's review and audit rows, ``pg_restore`` into a new database, and the
app's stores reading back the same draft and events; the restored schema is the latest (no ``migrate`` needed)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

import pytest
from helpers.draft_edits import answered, at, reviewed
from helpers.postgres import binaries_folder, running_postgres
from sqlalchemy.engine import make_url

from assistant.casework.drafts import Draft

pytestmark = [pytest.mark.integration]


def client(binaries, tool: str, url: str, *args: str) -> None:
    parts = make_url(url)
    subprocess.run([str(binaries / tool), "-h", parts.host, "-p", str(parts.port), "-U", parts.username, *args],
                   check=True, capture_output=True, timeout=120)


def test_a_dump_restored_into_a_new_database_holds_every_draft_review_and_event(tmp_path, monkeypatch):
    from sqlalchemy import create_engine

    from assistant.casework.stores.migrations import check_current, migrate
    from assistant.casework.stores.postgres import PostgresDraftStore
    from assistant.config import load_settings
    from assistant.privacy.audit import audit_log

    with running_postgres(tmp_path / "pg") as url:
        migrate(url)
        store = PostgresDraftStore(url)
        key, saved = store.create(Draft.new("step-down", "social_worker", "LL-7001", at(0)), "social_worker", at(0))
        saved = store.write(key, answered(saved, "sd-initial-concern", "partly_evidenced"), saved, "social_worker",
                            at(1)).draft
        store.write(key, reviewed(saved, "team_manager"), saved, "team_manager", at(2))
        monkeypatch.setenv("ASSISTANT_DATABASE_URL", url)
        log = audit_log(load_settings())
        log.record("s1", "recorded_review", "step-down", {"a.md": "v1 sha256:abc"}, now=datetime(2026, 12, 2, tzinfo=UTC))

        binaries = binaries_folder()
        dump = tmp_path / "cp-20261202.dump"
        client(binaries, "pg_dump", url, "-Fc", "-f", str(dump), "postgres")
        client(binaries, "createdb", url, "restored")
        client(binaries, "pg_restore", url, "-d", "restored", str(dump))

        restored = str(make_url(url).set(database="restored"))
        check_current(create_engine(restored))  # at the latest schema: the app opens it as it is
        again = PostgresDraftStore(restored)
        assert again.all_keys() == store.all_keys() == [key]
        assert again.load(key) == store.load(key)
        assert again.load(key).reviews["team_manager"].rationale == "team_manager rationale"
        assert again.load(key).answers.items["sd-initial-concern"].status == "partly_evidenced"
        monkeypatch.setenv("ASSISTANT_DATABASE_URL", restored)
        assert audit_log(load_settings()).events() == log.events()
