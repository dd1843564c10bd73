"""`python -m assistant summary DRAFT.json --format md|json|docx|pdf --out FILE` (a contract)."""

from __future__ import annotations

import json

import pytest
from helpers.samples import sample_draft, sample_summary
from helpers.support import cli_env, run_cli

from assistant.casework.checklist import ChecklistSummary
from assistant.casework.drafts import save_draft


@pytest.fixture
def draft_file(tmp_path):
    path = tmp_path / "LL-000123.json"
    save_draft(sample_draft(), path)
    return path


@pytest.fixture
def env(settings):
    return cli_env(knowledge_dir=settings.knowledge_dir, data_dir=settings.data_dir)


def test_json_summary_from_a_draft(draft_file, env, settings, tmp_path):
    out = tmp_path / "out" / "summary.json"
    result = run_cli(["summary", str(draft_file), "--format", "json", "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    summary = ChecklistSummary.model_validate(json.loads(out.read_text(encoding="utf-8")))
    expected = sample_summary(settings)
    # the CLI stamps the time it ran and judges "overdue" against today; everything else is the draft's
    assert summary.model_copy(update={"generated_at": expected.generated_at, "today": expected.today,
                                      "deadlines": expected.deadlines}) == expected
    assert result.stdout.splitlines() == [
        f"summary written: {out} (json, {len(expected.items)} items, {len(expected.open_gaps)} open gaps)",
        expected.readiness,
    ]


@pytest.mark.parametrize("fmt, magic", [("md", b"# Checklist summary"), ("docx", b"PK\x03\x04"), ("pdf", b"%PDF-")])
def test_other_formats(draft_file, env, tmp_path, fmt, magic):
    out = tmp_path / f"summary.{fmt}"
    result = run_cli(["summary", str(draft_file), "--format", fmt, "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_a_corrupt_draft_is_a_clear_error_and_is_kept(env, tmp_path):
    draft = tmp_path / "broken.json"
    draft.write_text('{"schema_version": 1, "pathway_id": ')
    out = tmp_path / "summary.md"
    result = run_cli(["summary", str(draft), "--format", "md", "--out", str(out)], env)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {draft} is not a readable draft: it is not valid JSON")
    assert "Traceback" not in result.stderr
    assert draft.read_text() == '{"schema_version": 1, "pathway_id": ' and not out.exists()


def test_bad_arguments(draft_file, env, tmp_path):
    result = run_cli(["summary", str(draft_file), "--format", "odt", "--out", str(tmp_path / "x")], env)
    assert result.returncode == 2 and "invalid choice: 'odt'" in result.stderr
    result = run_cli(["summary", str(tmp_path / "missing.json"), "--format", "md", "--out", str(tmp_path / "x")], env)
    assert result.returncode == 1 and "There is no draft at" in result.stderr
