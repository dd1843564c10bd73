"""The checklist summary as a Word document (DOCX), for case records and supervision.

Same content, order and wording as the Markdown export, in real Word structure: Title and
Heading 1/2/3 styles, tables for the header facts, deadlines and policy documents, and policy
quotes in the Quote style (words the policy marks ``**bold**`` as bold runs). Practitioner and
policy text goes in as plain text runs (python-docx
escapes it), never as XML; the control characters XML forbids are dropped and multi-line notes
keep their line breaks. Every other character is kept exactly as typed.

Page one holds the decision: the case, the readiness line, the recommendation, every manager's
decision and the dates; the detail starts on a new page (its first heading has "page break
before").

The core properties (title, author, created, modified) come from the summary, so the same
summary always gives the same document text and metadata.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.casework.checklist import NO_DECISIONS, NO_RECOMMENDATION, ChecklistSummary, SummaryItem
from assistant.casework.emphasis import spans
from assistant.casework.export.common import (
    DATES,
    DEADLINE_NOTES,
    DECISIONS,
    PATHWAY_QUOTED,
    POLICY_CHANGED,
    RECOMMENDATION,
    deadline_heading,
    decision_facts,
    decision_heading,
    format_moment,
    overdue_label,
    place,
    recorded_by,
)

AUTHOR = "CP Pathways Assistant"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text safe for a Word run: line breaks as '\\n', the characters XML forbids removed."""
    return _FORBIDDEN.sub("", "\n".join(text.splitlines()))


def _block(text: str) -> str:
    """A multi-line note, trimmed as the Markdown export trims it."""
    return clean(text.strip())


def _labelled(doc: DocxDocument, label: str, value: str = "", bold_value: bool = False) -> None:
    """A paragraph 'Label: value' with the label in bold."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    if value:
        paragraph.add_run(" ")
        paragraph.add_run(clean(value)).bold = bold_value


def _indented(doc: DocxDocument, text: str) -> None:
    """A block of practitioner or manager text, indented under its label."""
    doc.add_paragraph(_block(text)).paragraph_format.left_indent = Pt(18)


def _table(doc: DocxDocument, header: list[str] | None, rows: list[list[str]]) -> None:
    """A grid table; the header row (if any) in bold and repeated on every page."""
    table = doc.add_table(rows=0, cols=len(header or rows[0]), style="Table Grid")
    for number, values in enumerate(([header] if header else []) + rows):
        row = table.add_row()
        for cell, value in zip(row.cells, values):
            cell.paragraphs[0].add_run(clean(value)).bold = bool(header) and number == 0
    if header:  # python-docx has no API for it: mark the first row as a header repeated on each page
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(flag)


def _item(doc: DocxDocument, number: int, item: SummaryItem) -> None:
    doc.add_heading(clean(f"{number}. {item.text}"), level=3)
    _labelled(doc, "Status:", item.status_label + ("" if item.required else " (optional)"), bold_value=True)
    _labelled(doc, "Responsible:", item.role_label)
    if item.note.strip():
        _labelled(doc, "Evidence note:")
        _indented(doc, item.note)
    if item.reason:
        _labelled(doc, "Not applicable because:")
        _indented(doc, item.reason)
    for comment in item.comments:
        _labelled(doc, f"{comment.label}:")
        _indented(doc, comment.text)
    _labelled(doc, "Policy:")
    for citation in item.citations:
        if citation.policy_changed:
            _labelled(doc, POLICY_CHANGED, citation.policy_changed)
            _labelled(doc, PATHWAY_QUOTED, f"“{' '.join(citation.quote.split())}”")
            continue
        quote = doc.add_paragraph(style="Quote")
        for piece, bold in spans(f"“{citation.quote}”"):
            quote.add_run(clean(piece)).bold = bold or None
        quote.add_run().add_break()
        quote.add_run(clean(place(citation.title, citation.section, citation.source)))


def _decision(doc: DocxDocument, s: ChecklistSummary) -> None:
    """Page one: the recommendation, every manager's decision, the dates."""
    doc.add_heading(RECOMMENDATION, level=1)
    r = s.recommendation
    if r is None:
        doc.add_paragraph(NO_RECOMMENDATION)
    else:
        doc.add_paragraph().add_run(clean(r.label)).bold = True
        _labelled(doc, "Recorded by:", recorded_by(r))
        if r.rationale.strip():
            _labelled(doc, "Rationale:")
            _indented(doc, r.rationale)

    doc.add_heading(DECISIONS, level=1)
    if not s.reviews:
        doc.add_paragraph(NO_DECISIONS)
    for review in s.reviews:
        doc.add_heading(clean(decision_heading(review)), level=2)
        for line in decision_facts(review):
            doc.add_paragraph(clean(line))
        if review.rationale.strip():
            _labelled(doc, "Rationale:")
            _indented(doc, review.rationale)

    doc.add_heading(DATES, level=1)
    for d in s.key_dates:
        doc.add_paragraph(clean(f"{d.label}: {d.due_for_people}"), style="List Bullet")
    if not s.key_dates:
        doc.add_paragraph("No key dates entered.", style="List Bullet")
    if s.deadlines:
        _table(doc, ["Due", "What", "Status"],
               [[d.due_for_people, d.label, overdue_label(d.overdue)] for d in s.deadlines])
    if s.timeline_note:
        doc.add_paragraph(clean(s.timeline_note))


def _write(doc: DocxDocument, s: ChecklistSummary) -> None:
    doc.add_heading(clean(f"Checklist summary: {s.pathway_title}"), level=0)
    doc.add_paragraph(clean(s.disclaimer), style="Intense Quote")
    _table(doc, None, [["Case reference", s.case_reference], ["Practitioner role", s.role_label],
                       ["Generated", format_moment(s.generated_at)]])
    _labelled(doc, "Readiness:", s.readiness)
    _decision(doc, s)

    first = True

    def section(title: str) -> None:
        """A Heading 1 of the detail; the first starts a new page."""
        nonlocal first
        heading = doc.add_heading(clean(title), level=1)
        if first:
            heading.paragraph_format.page_break_before = True
            first = False

    if any(d.notes for d in s.deadlines):
        section(DEADLINE_NOTES)
        for d in s.deadlines:
            if d.notes:
                doc.add_paragraph(style="List Bullet").add_run(clean(deadline_heading(d))).bold = True
                for note in d.notes:
                    doc.add_paragraph(clean(note), style="List Bullet 2")

    if s.decisions:
        section("Decisions on the route")
        for decision in s.decisions:
            paragraph = doc.add_paragraph(clean(decision.question) + " ", style="List Bullet")
            paragraph.add_run(clean(decision.answer or "Not answered yet")).bold = True

    section(f"Open gaps ({len(s.open_gaps)})")
    for item in s.gap_items():
        doc.add_paragraph(clean(f"{item.text} ({item.role_label}; {item.status_label.lower()})"), style="List Bullet")
    if not s.open_gaps:
        doc.add_paragraph("None: every required item is evidenced or marked not applicable.", style="List Bullet")

    section("Checklist")
    step = None
    for number, item in enumerate(s.items, start=1):
        if item.step != step:
            step = item.step
            doc.add_heading(clean(step), level=2)
        _item(doc, number, item)

    section("Policy documents")
    _table(doc, ["Document", "Version", "File", "SHA-256"],
           [[d.title, d.version or "not stated", d.source, d.sha256] for d in s.policy_documents])


def _utc(moment: datetime) -> datetime:
    """python-docx writes core dates as UTC ('Z') without converting: convert first."""
    return moment.astimezone(UTC) if moment.tzinfo else moment


def render(summary: ChecklistSummary) -> bytes:
    """The whole summary as the bytes of a .docx file."""
    doc = Document()
    props = doc.core_properties
    props.title = clean(f"Checklist summary: {summary.pathway_title}")
    props.author = props.last_modified_by = AUTHOR
    props.comments = props.subject = props.keywords = props.category = ""
    props.created = props.modified = _utc(summary.generated_at)
    props.revision = 1
    _write(doc, summary)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
