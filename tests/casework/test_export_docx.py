"""The DOCX export: golden text, Word structure, the content that matters, awkward text, reproducibility.

The sample summary is rendered, written to a real file and re-opened with python-docx; its text
is read in body order (paragraphs, and table rows as 'cell | cell'). Regenerate the golden file
with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from helpers.golden import check_golden
from helpers.samples import GENERATED_AT, LONG_WORD, NOTE_TYPOGRAPHY, awkward_summary, sample_summary

from assistant.casework.export import render as export
from assistant.casework.export.common import format_moment
from assistant.casework.export.docx import render


def open_docx(data: bytes, tmp_path: Path):
    """The document re-opened from a real file."""
    path = tmp_path / "summary.docx"
    path.write_bytes(data)
    return Document(path)


def body_text(doc) -> list[str]:
    """Every paragraph and table row of the body, in order; a table row as 'cell | cell'."""
    lines = []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append(Paragraph(element, doc).text)
        elif element.tag == qn("w:tbl"):
            lines += [" | ".join(cell.text for cell in row.cells) for row in Table(element, doc).rows]
    return [line for line in lines if line.strip()]


def test_matches_golden_text(settings, tmp_path):
    doc = open_docx(render(sample_summary(settings)), tmp_path)
    text = "\n".join(body_text(doc)).replace(format_moment(GENERATED_AT), "<generated>")
    check_golden("summary.docx.txt", text + "\n")


def test_carries_the_summary_content(settings, tmp_path):
    summary = sample_summary(settings)
    text = "\n".join(body_text(open_docx(render(summary), tmp_path)))
    assert summary.disclaimer in text
    assert "Case reference | LL-000123" in text
    assert f"Generated | {format_moment(GENERATED_AT)}" in text
    assert f"Readiness: {summary.readiness}" in text
    assert "Due | What | Status\nMonday 30 November 2026 | First review conference" in text
    for number, item in enumerate(summary.items, start=1):
        assert f"\n{number}. {item.text}\n" in text
    for label in ("Evidenced", "Partly evidenced", "Not evidenced", "Not applicable", "Not yet answered"):
        assert f"\nStatus: {label}\n" in text
    assert f"\n{NOTE_TYPOGRAPHY}\n" in text  # curly quotes, dashes, ellipsis; '<b>bold</b>' literally
    assert "Two previous CIN episodes (2021, 2023).\nNo chronology yet" in text  # the note's line break
    quote = summary.items[0].citations[0]
    assert f"“{quote.quote}”\n{quote.title} › {quote.section} ({quote.source})" in text
    assert f"Rationale:\n{summary.review.rationale}" in text
    for doc in summary.policy_documents:
        assert f"| {doc.source} | {doc.sha256}" in text


def test_word_structure(settings, tmp_path):
    summary = sample_summary(settings)
    doc = open_docx(render(summary), tmp_path)
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styles[0] == ("Title", f"Checklist summary: {summary.pathway_title}")
    headings = {name: [t for n, t in styles if n == name] for name in ("Heading 1", "Heading 2", "Heading 3")}
    assert headings["Heading 1"] == ["Recommendation", "Managers' decisions", "Key dates and deadlines",
                                     "Notes on the deadlines", f"Open gaps ({len(summary.open_gaps)})", "Checklist",
                                     "Policy documents"]
    assert headings["Heading 2"] == ["Team manager: Not endorsed", *dict.fromkeys(item.step for item in summary.items)]
    assert len(headings["Heading 3"]) == len(summary.items)
    quotes = [t for n, t in styles if n == "Quote"]
    assert len(quotes) == sum(len(item.citations) for item in summary.items)
    assert all(q.startswith("“") for q in quotes)
    status = next(p for p in doc.paragraphs if p.text.startswith("Status:"))
    assert [run.bold for run in status.runs if run.text.strip()] == [True, True]
    assert len(doc.tables) == 3
    assert doc.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header row repeats


def test_core_properties(settings, tmp_path):
    summary = sample_summary(settings)
    props = open_docx(render(summary), tmp_path).core_properties
    assert props.title == f"Checklist summary: {summary.pathway_title}"
    assert props.author == "CP Pathways Assistant"
    assert props.created == props.modified == GENERATED_AT
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)




def test_awkward_text_renders_and_keeps_every_character(settings, tmp_path):
    doc = open_docx(export(awkward_summary(sample_summary(settings)), "docx"), tmp_path)
    text = "\n".join(body_text(doc))
    assert "\nNote 199: Łódź, Ștefan ș, 😀 漢 end\nsecond line <i>&amp;\n" in text
    assert f"\n{LONG_WORD}\n" in text
    assert f"Case reference | LL-Łódź, Ștefan ș, 😀 漢 end-{LONG_WORD}" in text
    assert "Deadline 119 Łódź" in text
    assert not any(chr(c) in text for c in [*range(0, 9), 11, 12, *range(14, 32)])
    assert len([p for p in doc.paragraphs if p.style.name == "Heading 3"]) == 200


def test_same_summary_gives_the_same_document(settings, tmp_path):
    summary = awkward_summary(sample_summary(settings))
    first, second = open_docx(render(summary), tmp_path), open_docx(render(summary), tmp_path)
    assert body_text(first) == body_text(second)
    assert first.core_properties.created == second.core_properties.created
