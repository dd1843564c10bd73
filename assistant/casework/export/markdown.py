"""The checklist summary as Markdown, for case records and e-mail.

Practitioner and manager text is escaped, so a note can never turn into a heading, a link or
HTML when the Markdown is rendered; policy quotes are escaped the same way and so still render
word for word, except that words the policy marks bold (``**…**``, assistant/casework/emphasis.py) stay bold.

The decision comes first, as on page one of the DOCX and PDF: the case, the readiness line, the
recommendation, every manager's decision and the dates; a horizontal rule, then the detail.
"""

from __future__ import annotations

import re

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
    document_line,
    format_moment,
    overdue_label,
    place,
    recorded_by,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+\.)", re.M)


def escape(text: str) -> str:
    """User or policy text made inert in Markdown (rendered, it reads exactly as given)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def policy_markdown(text: str) -> str:
    """Policy text made inert like ``escape``, but with the bold its authors marked kept bold."""
    return "".join(f"**{escape(piece)}**" if bold else escape(piece) for piece, bold in spans(text))


def _block(text: str, prefix: str) -> list[str]:
    """Multi-line text as lines that stay inside a list item or quote."""
    lines = text.strip().splitlines() or [""]
    return [prefix + escape(line) if line.strip() else prefix.rstrip() for line in lines]


def _item(number: int, item: SummaryItem) -> list[str]:
    required = "" if item.required else " (optional)"
    out = [f"#### {number}. {escape(item.text)}", ""]
    out.append(f"- **Status:** {item.status_label}{required}")
    out.append(f"- **Responsible:** {item.role_label}")
    if item.note.strip():
        out.append("- **Evidence note:**")
        out += _block(item.note, "  > ")
    if item.reason:
        out.append("- **Not applicable because:**")
        out += _block(item.reason, "  > ")
    for comment in item.comments:
        out.append(f"- **{escape(comment.label)}:**")
        out += _block(comment.text, "  > ")
    out.append("- **Policy:**")
    for citation in item.citations:
        if citation.policy_changed:
            out.append(f"  > **{POLICY_CHANGED}** {escape(citation.policy_changed)}  ")
            out.append(f"  > {PATHWAY_QUOTED} “{escape(' '.join(citation.quote.split()))}”")
            out.append("")
            continue
        out.append(f"  > “{policy_markdown(citation.quote)}”  ")
        out.append(f"  > {escape(place(citation.title, citation.section, citation.source))}")
        out.append("")
    if out[-1] != "":
        out.append("")
    return out


def _decision(s: ChecklistSummary) -> list[str]:
    """Page one: the recommendation, every manager's decision, the dates."""
    out = [f"## {RECOMMENDATION}", ""]
    r = s.recommendation
    if r is None:
        out += [NO_RECOMMENDATION, ""]
    else:
        out += [f"**{escape(r.label)}**", "", f"- **Recorded by:** {escape(recorded_by(r))}"]
        if r.rationale.strip():
            out.append("- **Rationale:**")
            out += _block(r.rationale, "  > ")
        out.append("")

    out += [f"## {DECISIONS}", ""]
    if not s.reviews:
        out += [NO_DECISIONS, ""]
    for review in s.reviews:
        out += [f"### {escape(decision_heading(review))}", ""]
        out += [f"- {escape(line)}" for line in decision_facts(review)]
        if review.rationale.strip():
            out.append("- **Rationale:**")
            out += _block(review.rationale, "  > ")
        if out[-1] != "":
            out.append("")

    out += [f"## {DATES}", ""]
    out += [f"- {d.label}: {d.due_for_people}" for d in s.key_dates] or ["- No key dates entered."]
    if s.deadlines:
        out += ["", "| Due | What | Status |", "|---|---|---|"]
        out += [f"| {d.due_for_people} | {escape(d.label)} | {overdue_label(d.overdue)} |" for d in s.deadlines]
    if s.timeline_note:
        out += ["", escape(s.timeline_note)]
    out.append("")
    return out


def render(summary: ChecklistSummary) -> str:
    """The whole summary as one Markdown document: the decision first, then the detail."""
    s = summary
    out = [f"# Checklist summary: {escape(s.pathway_title)}", "", f"> {escape(s.disclaimer)}", ""]
    out += [
        "| | |", "|---|---|",
        f"| Case reference | {escape(s.case_reference)} |",
        f"| Practitioner role | {s.role_label} |",
        f"| Generated | {format_moment(s.generated_at)} |",
        "",
        f"**Readiness:** {escape(s.readiness)}", "",
    ]
    out += _decision(s)
    out += ["---", ""]

    if any(d.notes for d in s.deadlines):
        out += [f"## {DEADLINE_NOTES}", ""]
        for d in s.deadlines:
            if d.notes:
                out.append(f"- **{escape(deadline_heading(d))}**")
                out += [f"  - {escape(note)}" for note in d.notes]
        out.append("")

    if s.decisions:
        out += ["## Decisions on the route", ""]
        for decision in s.decisions:
            out.append(f"- {escape(decision.question)} **{escape(decision.answer or 'Not answered yet')}**")
        out.append("")

    out += [f"## Open gaps ({len(s.open_gaps)})", ""]
    gaps = s.gap_items()
    out += [f"- {escape(item.text)} ({item.role_label}; {item.status_label.lower()})" for item in gaps] or [
        "- None: every required item is evidenced or marked not applicable."]
    out.append("")

    out += ["## Checklist", ""]
    step = None
    for number, item in enumerate(s.items, start=1):
        if item.step != step:
            step = item.step
            out += [f"### {escape(step)}", ""]
        out += _item(number, item)

    out += ["## Policy documents", "", "| Document | Version | File | SHA-256 |", "|---|---|---|---|"]
    out += [document_line(doc, escape) for doc in s.policy_documents]
    out.append("")
    return "\n".join(out)
