"""The audit log records actions, never content; retention removes what is too old."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from assistant.privacy.audit import AuditEvent, AuditLog, policy_versions
from assistant.privacy.retention import purge

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_events_hold_only_the_allowed_fields(settings):
    log = AuditLog(settings)
    log.record("s1", "saved_draft", "step-down", {"a.md": "v1 sha256:abc"}, now=NOW)
    line = settings.audit_path.read_text().strip()
    assert json.loads(line) == {"time": "2026-11-23T12:00:00Z", "session": "s1", "pathway": "step-down",
                                "action": "saved_draft", "policy_versions": {"a.md": "v1 sha256:abc"}}
    assert stat.S_IMODE(settings.audit_path.stat().st_mode) == 0o600


@pytest.mark.parametrize("field, value", [
    ("note", "Mum, Sarah Jones, said ..."), ("question", "what about the child at 12 Acacia Avenue?"),
])
def test_case_text_cannot_be_recorded(field, value):
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        AuditEvent(time=NOW, session="s1", action="asked_question", **{field: value})


@pytest.mark.parametrize("field, value", [
    ("session", "Sarah Jones"), ("pathway", "Sarah Jones asked about step down"), ("action", "typed a note"),
])
def test_free_text_in_the_allowed_fields_is_refused(field, value):
    values = {"time": NOW, "session": "s1", "action": "asked_question", field: value}
    with pytest.raises(ValidationError):
        AuditEvent(**values)


def test_disabled_audit_writes_nothing(monkeypatch, settings):
    monkeypatch.setenv("ASSISTANT_AUDIT_ENABLED", "false")
    from assistant.config import load_settings

    off = load_settings()
    assert AuditLog(off).record("s1", "reindexed") is None
    assert not off.audit_path.exists()


def test_a_damaged_line_is_skipped_not_fatal(settings):
    log = AuditLog(settings)
    log.record("s1", "reindexed", now=NOW)
    with open(settings.audit_path, "a") as handle:
        handle.write("{not json\n")
    log.record("s2", "reindexed", now=NOW)
    assert [e.session for e in log.events()] == ["s1", "s2"]


def test_policy_versions_are_short_and_content_free():
    class Doc:
        source, version, sha256 = "policy.md", "", "ab" * 32

    assert policy_versions([Doc()]) == {"policy.md": "unversioned sha256:abababababab"}


def _age(path, days: float) -> None:
    moment = (NOW - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_purge_removes_only_what_is_older_than_the_retention(settings):
    drafts, exports = settings.draft_folder, settings.export_folder
    drafts.mkdir(parents=True)
    exports.mkdir(parents=True)
    for folder, name, days in ((drafts, "old.json", 100), (drafts, "new.json", 5), (exports, "old.pdf", 91),
                               (exports, "new.pdf", 1)):
        (folder / name).write_text("x")
        _age(folder / name, days)
    log = AuditLog(settings)
    for days in (200, 95, 10, 0):
        log.record("s1", "reindexed", now=NOW - timedelta(days=days))

    preview = purge(settings, days=90, now=NOW, dry_run=True)
    assert (preview.drafts, preview.exports, preview.audit_entries) == (["old.json"], ["old.pdf"], 2)
    assert (drafts / "old.json").exists()

    report = purge(settings, days=90, now=NOW)
    assert (report.drafts, report.exports, report.audit_entries) == (["old.json"], ["old.pdf"], 2)
    assert sorted(p.name for p in drafts.iterdir()) == ["new.json"]
    assert sorted(p.name for p in exports.iterdir()) == ["new.pdf"]
    assert [e.time for e in log.events()] == [NOW - timedelta(days=10), NOW]


def test_purge_uses_the_configured_days_and_refuses_nonsense(settings, monkeypatch):
    monkeypatch.setenv("ASSISTANT_RETENTION_DAYS", "7")
    from assistant.config import load_settings

    seven = load_settings()
    seven.draft_folder.mkdir(parents=True)
    (seven.draft_folder / "d.json").write_text("x")
    _age(seven.draft_folder / "d.json", 8)
    assert purge(seven, now=NOW).drafts == ["d.json"]
    with pytest.raises(ValueError, match="at least 1 day"):
        purge(seven, days=0, now=NOW)
