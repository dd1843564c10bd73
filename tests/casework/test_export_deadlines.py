"""Every export shows the deadlines as people read dates, each with its notes; the JSON keeps ISO.

Markdown, DOCX and PDF are rendered from the sample summary and read back as text (the DOCX with
python-docx, the PDF with pypdf, whitespace collapsed since line breaks there are layout).
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from helpers.exports import read_back
from helpers.samples import sample_summary

from assistant.casework.export import render


def _words(text: str) -> str:
    return " ".join(text.replace("\\", "").split())  # Markdown escapes removed, whitespace collapsed


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_deadlines_and_their_notes_in_every_export(settings, fmt):
    summary = sample_summary(settings)
    text = _words(read_back(fmt, render(summary, fmt)))
    assert "Notes on the deadlines" in text
    for deadline in summary.deadlines:
        assert deadline.notes
        for note in deadline.notes:
            assert _words(note) in text, f"{fmt}: note missing: {note}"
    for people in ("Monday 30 November 2026", "Saturday 28 November 2026, 10:00",
                   "Plan start (ICPC): Monday 31 August 2026", "Review conference: Monday 30 November 2026, 10:00",
                   "Falls on a Saturday: in practice record it by Friday 27 November 2026."):
        assert people in text, f"{fmt}: {people!r} missing"
    for iso in ("2026-11-28T10:00", "2026-11-30T10:00", "2026-08-31"):
        assert iso not in text, f"{fmt}: an ISO date ({iso}) is shown to people"


def test_markdown_deadline_rows_and_notes(settings):
    md = render(sample_summary(settings), "md").decode("utf-8")
    assert ("| Saturday 28 November 2026, 10:00 | Service manager records the step-down discussion on Liquid Logic "
            "(at least 48 hours before the review conference) | Overdue |") in md
    assert ("- **Saturday 28 November 2026, 10:00: Service manager records the step-down discussion on Liquid "
            "Logic (at least 48 hours before the review conference)**\n"
            "  - No later than Saturday 28 November 2026, 10:00: 48 hours before the review conference on Monday 30 "
            "November 2026, 10:00.\n") in md


def test_docx_notes_are_nested_bullets(settings):
    doc = Document(io.BytesIO(render(sample_summary(settings), "docx")))
    nested = [p.text for p in doc.paragraphs if p.style.name == "List Bullet 2"]
    assert "Falls on a Saturday: in practice record it by Friday 27 November 2026." in nested
    assert len(nested) == sum(len(d.notes) for d in sample_summary(settings).deadlines)
