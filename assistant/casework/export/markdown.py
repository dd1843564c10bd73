"""The checklist summary as Markdown, for case records and e-mail.

Practitioner and manager text is escaped, so a note can never turn into a heading, a link or
HTML when the Markdown is rendered; policy quotes are escaped the same way and so still render
word for word, except that words the policy marks bold (``**…**``, assistant/casework/emphasis.py) stay bold.
"""

from __future__ import annotations

import re

from assistant.casework.checklist import ChecklistSummary, SummaryItem
from assistant.casework.emphasis import spans
from assistant.casework.export.common import (
    DEADLINE_NOTES,
    deadline_heading,
    document_line,
    format_moment,
    overdue_label,
    place,
    role_label,
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
    if item.reviewer_comment:
        out.append("- **Manager's comment:**")
        out += _block(item.reviewer_comment, "  > ")
    out.append("- **Policy:**")
    for citation in item.citations:
        out.append(f"  > “{policy_markdown(citation.quote)}”  ")
        out.append(f"  > {escape(place(citation.title, citation.section, citation.source))}")
        out.append("")
    if out[-1] != "":
        out.append("")
    return out


def render(summary: ChecklistSummary) -> str:
    """The whole summary as one Markdown document."""
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

    out += ["## Key dates", ""]
    out += [f"- {d.label}: {d.due_for_people}" for d in s.key_dates] or ["- None entered."]
    out += ["", "## Deadlines", ""]
    if s.deadlines:
        out += ["| Due | What | Status |", "|---|---|---|"]
        out += [f"| {d.due_for_people} | {escape(d.label)} | {overdue_label(d.overdue)} |" for d in s.deadlines]
        if any(d.notes for d in s.deadlines):
            out += ["", DEADLINE_NOTES, ""]
            for d in s.deadlines:
                if d.notes:
                    out.append(f"- **{escape(deadline_heading(d))}**")
                    out += [f"  - {escape(note)}" for note in d.notes]
    if s.timeline_note:
        out += ["", escape(s.timeline_note)]
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

    if s.review is not None:
        r = s.review
        out += ["## Manager review", "",
                f"- **Reviewer:** {role_label(r.reviewer_role)}",
                f"- **Endorsement:** {r.endorsement_label}"
                + (f" ({format_moment(r.recorded_at)})" if r.recorded_at else "")]
        if r.rationale.strip():
            out.append("- **Rationale:**")
            out += _block(r.rationale, "  > ")
        out.append("")

    out += ["## Policy documents", "", "| Document | Version | File | SHA-256 |", "|---|---|---|---|"]
    out += [document_line(doc, escape) for doc in s.policy_documents]
    out.append("")
    return "\n".join(out)
