"""`python -m assistant purge` and what the command line writes to the audit log."""

from __future__ import annotations

import json
import os
import time

from helpers.samples import sample_draft
from helpers.support import cli_env, run_cli

from assistant.casework.drafts import save_draft


def _age(path, days: float) -> None:
    moment = time.time() - days * 86400
    os.utime(path, (moment, moment))


def test_purge_dry_run_then_purge(settings, tmp_path):
    env = cli_env(knowledge_dir=settings.knowledge_dir, data_dir=settings.data_dir, retention_days=30)
    old, new = settings.draft_folder / "old.json", settings.draft_folder / "new.json"
    save_draft(sample_draft(), old)
    save_draft(sample_draft(), new)
    _age(old, 45)
    result = run_cli(["purge", "--dry-run"], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("retention: 30 days (older than ")
    assert lines[1:] == ["drafts would remove: 1", "  old.json", "exports would remove: 0",
                         "audit entries would remove: 0"]
    assert old.exists()
    result = run_cli(["purge"], env)
    assert "drafts removed: 1" in result.stdout and not old.exists() and new.exists()
    assert run_cli(["purge", "--days", "0"], env).returncode == 2


def test_commands_audit_actions_without_content(settings, tmp_path):
    env = cli_env(knowledge_dir=settings.knowledge_dir, data_dir=settings.data_dir)
    draft = tmp_path / "d.json"
    save_draft(sample_draft(), draft)
    assert run_cli(["summary", str(draft), "--format", "md", "--out", str(tmp_path / "s.md")], env).returncode == 0
    events = [json.loads(line) for line in settings.audit_path.read_text().splitlines()]
    assert [e["action"] for e in events] == ["exported_summary"]
    assert events[0]["pathway"] == "step-down" and events[0]["session"].startswith("cli-")
    assert "LL-000123" not in settings.audit_path.read_text()
