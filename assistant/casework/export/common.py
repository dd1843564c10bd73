"""Wording shared by every export format, so the four formats say the same things.

Every format puts the decision on page one: the case, the practitioner's
recommendation, the readiness line, every manager's decision and the dates; the detail (deadline
notes, route, open gaps, the checklist, the policy documents) follows on a new page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.casework.pathways.schema import ROLE_LABELS
from assistant.search.policies import PolicyDocument

if TYPE_CHECKING:
    from assistant.casework.checklist import SummaryDate, SummaryRecommendation, SummaryReview

DEADLINE_NOTES = "Notes on the deadlines"
RECOMMENDATION = "Recommendation"
DECISIONS = "Managers' decisions"
DATES = "Key dates and deadlines"
POLICY_CHANGED = "Policy passage changed:"
PATHWAY_QUOTED = "The pathway quoted (no longer in the policy):"
"""Labels for a citation whose quote the policy document no longer holds (``SummaryCitation.policy_changed``):
the old words are shown as the pathway's, never as policy."""


def format_moment(moment: datetime) -> str:
    """'23 November 2026, 15:40 (UTC+00:00)': a date and time as people read them, with its offset."""
    text = f"{moment.day} {moment:%B %Y, %H:%M}"
    offset = moment.strftime("%z")
    if offset:
        text += f" (UTC{offset[:3]}:{offset[3:]})"
    return text


def place(title: str, section: str, source: str) -> str:
    """'Title › section (file)'; the title once when the section is the document's own title heading."""
    same = section.strip().rstrip(".").casefold() == title.strip().rstrip(".").casefold()
    if not section.strip() or same:
        return f"{title} ({source})"
    return f"{title} › {section} ({source})"


def overdue_label(overdue: bool | None) -> str:
    return {True: "Overdue", False: "Due", None: "Date"}[overdue]


def deadline_heading(deadline: SummaryDate) -> str:
    """'Saturday 28 November 2026, 10:00: Service manager records …': a deadline above its notes."""
    return f"{deadline.due_for_people}: {deadline.label}"


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def document_line(doc: PolicyDocument, escape: Callable[[str], str]) -> str:
    """One Markdown table row for a policy document."""
    return f"| {escape(doc.title)} | {escape(doc.version or 'not stated')} | {escape(doc.source)} | `{doc.sha256}` |"


def recorded_by(recommendation: SummaryRecommendation) -> str:
    """'Social worker, 23 November 2026, 16:40 (UTC+00:00)': who recorded the recommendation, and when."""
    return f"{recommendation.recorded_by_label}, {format_moment(recommendation.recorded_at)}"


def decision_heading(review: SummaryReview) -> str:
    """'Team manager (Sam Patel): Not endorsed': whose decision, and what it is."""
    return f"{review.role_label}: {review.endorsement_label}"


def decision_facts(review: SummaryReview) -> list[str]:
    """When the decision was recorded and what it was made on, as lines under its heading."""
    lines = [f"Recorded {format_moment(review.recorded_at)}."] if review.recorded_at else []
    made_on = review.made_on_label
    return lines + ([made_on] if made_on else [])
