"""Markdown and JSON exports: golden files, escaping, round trip, atomic writing."""

from __future__ import annotations

import json
import re

import pytest
from helpers.golden import check_golden
from helpers.samples import NOTE_TYPOGRAPHY, sample_summary

from assistant.casework.checklist import ChecklistSummary
from assistant.casework.export import FORMATS, read_json, render, write
from assistant.casework.export.markdown import escape
from assistant.errors import ExportError


def test_markdown_matches_its_golden_file(settings):
    check_golden("summary.md", render(sample_summary(settings), "md").decode("utf-8"))


def test_json_matches_its_golden_file_and_round_trips(settings):
    summary = sample_summary(settings)
    data = render(summary, "json")
    check_golden("summary.json", data.decode("utf-8"))
    assert read_json(data) == summary
    assert ChecklistSummary.model_validate(json.loads(data)) == summary


def test_markdown_content(settings):
    summary = sample_summary(settings)
    text = render(summary, "md").decode("utf-8")
    assert "| Case reference | LL-000123 |" in text
    assert f"**Readiness:** {summary.readiness}" in text
    assert "“such decisions must be fully evidenced through triangulation of the initial concern that led to an ICPC”" in text
    assert "supports professional judgement" in text
    assert f"## Open gaps ({len(summary.open_gaps)})" in text
    assert "- **Team manager's comment:**\n  > Please add the 2023 strategy discussion outcome." in text
    assert "**End the plan at this review and continue support at Child in Need level**" in text
    assert "- **Recorded by:** Social worker, 23 November 2026, 14:40 (UTC+00:00)" in text
    assert ("### Team manager: Not endorsed\n\n- Recorded 24 November 2026, 09:15 (UTC+00:00).\n"
            "- Made on the recommendation as it now stands.\n") in text
    for doc in summary.policy_documents:
        assert doc.sha256 in text
    for item in summary.items:
        assert escape(item.text) in text


def test_markdown_escapes_user_text_so_it_cannot_become_markup(settings):
    text = render(sample_summary(settings), "md").decode("utf-8")
    assert "<b>" not in text and r"\<b\>bold\</b\>" in text
    assert r"\*not\*" in text and r"\#1" in text
    # unescaping gives back exactly what the practitioner typed, curly quotes and dashes included
    note_line = next(line for line in text.splitlines() if "no new marks" in line)
    assert re.sub(r"\\(.)", r"\1", note_line.removeprefix("  > ")) == NOTE_TYPOGRAPHY


@pytest.mark.parametrize("raw", ["# heading", "- list", "1. numbered", "[link](http://x)", "a | b", "<script>x</script>"])
def test_escape_neutralises_block_and_inline_markup(raw):
    escaped = escape(raw)
    assert escaped != raw
    assert re.sub(r"\\(.)", r"\1", escaped) == raw


def test_multiline_notes_stay_inside_their_item(settings):
    text = render(sample_summary(settings), "md").decode("utf-8")
    assert "  > Two previous CIN episodes (2021, 2023).\n  > No chronology yet: to be completed before conference." in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_is_atomic_and_private(settings, tmp_path, fmt):
    folder = tmp_path / "exports"
    out = write(sample_summary(settings), fmt, folder / f"summary.{fmt}")
    assert out.stat().st_size > 100 and oct(out.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in folder.iterdir()] == [f"summary.{fmt}"]


def test_a_failed_export_keeps_the_previous_file(settings, tmp_path, monkeypatch):
    import assistant.casework.export as export

    path = tmp_path / "summary.md"
    path.write_text("previous export")

    def broken(summary, fmt):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(export, "render", broken)
    with pytest.raises(RuntimeError):
        export.write(sample_summary(settings), "md", path)
    assert path.read_text() == "previous export"


def test_unknown_format_and_unwritable_target(settings, tmp_path):
    summary = sample_summary(settings)
    with pytest.raises(ExportError, match="Unknown export format 'odt'"):
        render(summary, "odt")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="could not be written to .*file/summary.md"):
        write(summary, "md", tmp_path / "file" / "summary.md")
