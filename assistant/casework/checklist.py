"""The checklist summary: a draft turned into the structured record taken to supervision,
manager sign-off or conference.

The summary leads with the decision: the practitioner's recommendation (``recommendation``) and
every manager's decision on it (``reviews``, one per reviewer role, each saying whether it was made
on the recommendation as it now stands).

``build_summary`` is pure: the pathway, the draft, the grounded citations, the policy documents
and the moment of generation go in, a ``ChecklistSummary`` comes out. ``summarise`` is the one
place that gathers those from disk. The readiness line counts what is open; it never says
whether a plan should end.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.casework.drafts import USER_ROLES, CaseDates, Draft, ManagerReview, UserRole
from assistant.casework.pathways.engine import CLOSED, Status, route
from assistant.casework.pathways.grounding import GroundedCitation, ground
from assistant.casework.pathways.schema import ROLE_LABELS, Holder, Pathway, Role, fill_roles, holders_label
from assistant.casework.readiness import OpenItem, readiness_line
from assistant.casework.timeline import (
    DATE_FIELDS,
    DEFAULT_REGION,
    BankHolidayRegion,
    RepeatWindowFrom,
    Timeline,
    TimelineError,
    format_due,
    format_for_people,
    london_wall_time,
    parse_due,
    required_dates,
    timeline_for,
)
from assistant.config import Settings
from assistant.errors import DraftError
from assistant.search.policies import PolicyDocument, read_policies

SUMMARY_VERSION = 1

DISCLAIMER = (
    "This checklist supports professional judgement and management decisions; it does not replace "
    "them. It records what the practitioner has evidenced against the local policy. Whether a Child "
    "Protection Plan should end, continue or change is decided by the conference and managers."
)

STATUS_LABELS: dict[str, str] = {
    "evidenced": "Evidenced",
    "partly_evidenced": "Partly evidenced",
    "not_evidenced": "Not evidenced",
    "not_applicable": "Not applicable",
}
NOT_ANSWERED = "Not yet answered"

DATE_LABELS: dict[str, str] = DATE_FIELDS
"""Each case date's label on the form (``timeline.DATE_FIELDS``); which a pathway asks for is in its file."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SummaryCitation(_Model):
    source: str
    title: str
    section: str
    quote: str
    """Verbatim from the policy document, unless ``policy_changed`` says it no longer is."""
    policy_changed: str | None = None
    """Set when the policy document changed so that the quote is no longer in it word for word: what
    changed and where (the quote is then the pathway file's, shown as such)."""


class SummaryComment(_Model):
    """One reviewer's comment on an item."""

    reviewer_role: UserRole
    name: str = ""
    """The reviewer's name, if they gave it."""
    text: str

    @property
    def label(self) -> str:
        """'Team manager's comment', with the reviewer's name when given: 'Team manager's comment (Sam Patel)'."""
        return f"{ROLE_LABELS[self.reviewer_role]}'s comment" + (f" ({self.name})" if self.name.strip() else "")


class SummaryItem(_Model):
    id: str
    step: str
    """The title of the step the item belongs to."""
    text: str
    role: Holder
    """The main holder, or ``not_named`` where the policy names no one."""
    roles: list[Role] = Field(default_factory=list)
    """Every role that holds the item (a joint duty names each); from ``role`` when not given."""
    required: bool
    allow_not_applicable: bool = True
    status: Status | None
    """None: not answered yet."""
    note: str = ""
    """The practitioner's evidence note."""
    reason: str | None = None
    """Why the item does not apply (status not_applicable)."""
    citations: list[SummaryCitation]
    comments: list[SummaryComment] = Field(default_factory=list)
    """Every reviewer's comment on the item, in the order of ``ChecklistSummary.reviews``."""
    reviewer_comment: str | None = None
    """For readers of the JSON written before ``comments``: the most recent review's comment (the
    exports show ``comments``)."""

    _fill_roles = model_validator(mode="before")(fill_roles)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] if self.status else NOT_ANSWERED

    @property
    def role_label(self) -> str:
        """Who holds the item, in words (every holder of a joint duty; 'Not named in the policy')."""
        return holders_label(self.role, self.roles)

    @property
    def is_gap(self) -> bool:
        if not self.required:
            return False
        return self.status not in CLOSED or (self.status == "not_applicable" and not self.allow_not_applicable)


class SummaryDecision(_Model):
    """A branch question on the route and the answer chosen (None: not chosen yet)."""

    id: str
    question: str
    role: Holder
    answer: str | None


class SummaryDate(_Model):
    id: str
    label: str
    due: str
    """ISO date, or date and time where the time matters."""
    overdue: bool | None = None
    notes: list[str] = Field(default_factory=list)
    """What the deadline is, the policy's words, and caveats (a weekend, a clock change); none for a key date."""

    @model_validator(mode="before")
    @classmethod
    def _one_note_before(cls, data: Any) -> Any:
        """A summary exported before deadlines had notes had one optional ``note``: it becomes ``notes``."""
        if isinstance(data, dict) and "note" in data and "notes" not in data:
            note = data["note"]
            data = {k: v for k, v in data.items() if k != "note"}
            data["notes"] = [note] if note else []
        return data

    @property
    def due_for_people(self) -> str:
        """``due`` as people read it: 'Sunday 6 December 2026, 10:00' (the JSON keeps ISO)."""
        return format_for_people(parse_due(self.due))


class SummaryRecommendation(_Model):
    """The practitioner's recommendation: the pathway option chosen, in its words, and why."""

    choice: str
    """The value of the pathway's recommendation option."""
    label: str
    """The option's words, from the pathway."""
    rationale: str = ""
    recorded_by: UserRole
    recorded_at: datetime

    @property
    def recorded_by_label(self) -> str:
        return ROLE_LABELS[self.recorded_by]


NO_RECOMMENDATION = "No recommendation recorded yet."
NO_DECISIONS = "No manager's decision recorded yet."

MadeOn = Literal["current_recommendation", "earlier_recommendation", "no_recommendation"]
"""What a manager's decision was made on: the recommendation as it now stands, an earlier one, or
no recommendation (none was recorded when the decision was made)."""

MADE_ON_LABELS: dict[str, str] = {
    "current_recommendation": "Made on the recommendation as it now stands.",
    "earlier_recommendation": "Made on an earlier recommendation: the recommendation has changed since.",
    "no_recommendation": "Made when no recommendation was recorded.",
}


class SummaryReview(_Model):
    """One manager's decision on the recommendation, and why."""

    reviewer_role: UserRole
    name: str = ""
    """The reviewer's name, if they gave it."""
    rationale: str
    endorsed: bool | None
    recorded_at: datetime | None
    recommendation_at: datetime | None = None
    """When the recommendation this decision is about was recorded (None: none was recorded then)."""
    made_on: MadeOn = "no_recommendation"
    """What the decision was made on (``MADE_ON_LABELS``). A summary written before recommendations
    has none, so its reviews were made on no recommendation."""

    @property
    def role_label(self) -> str:
        """'Team manager', with the reviewer's name when given: 'Team manager (Sam Patel)'."""
        return ROLE_LABELS[self.reviewer_role] + (f" ({self.name})" if self.name.strip() else "")

    @property
    def endorsement_label(self) -> str:
        return {True: "Endorsed", False: "Not endorsed", None: "Not yet recorded"}[self.endorsed]

    @property
    def made_on_label(self) -> str | None:
        """What the decision was made on, in words; None while no decision is recorded."""
        return None if self.endorsed is None else MADE_ON_LABELS[self.made_on]


class ChecklistSummary(_Model):
    schema_version: int = SUMMARY_VERSION
    pathway_id: str
    pathway_title: str
    role: UserRole
    """The practitioner's role."""
    case_reference: str
    key_dates: list[SummaryDate]
    """The dates the practitioner entered."""
    deadlines: list[SummaryDate]
    """Worked out from the key dates by the timeline engine, with overdue flags against ``today``."""
    timeline_note: str | None = None
    """Why deadlines are missing, when they are."""
    today: date
    decisions: list[SummaryDecision]
    items: list[SummaryItem]
    open_gaps: list[str]
    """Ids of required items on the route not yet evidenced (or marked not applicable)."""
    finished: bool
    """False while a branch question on the route is unanswered (later steps are not yet known)."""
    readiness: str
    policy_documents: list[PolicyDocument]
    generated_at: datetime
    recommendation: SummaryRecommendation | None = None
    """The practitioner's recommendation (None: not recorded yet)."""
    reviews: list[SummaryReview] = Field(default_factory=list)
    """Every manager's decision, in the policy's sign-off order (team manager, service manager, CP chair...)."""
    review: SummaryReview | None = None
    """For readers of the JSON written before ``reviews``: the most recently recorded review, also in
    ``reviews`` (the exports show ``reviews``)."""
    disclaimer: str = DISCLAIMER

    @model_validator(mode="before")
    @classmethod
    def _one_review_before(cls, data: Any) -> Any:
        """A summary exported before ``reviews`` had one ``review`` and each item one ``reviewer_comment``
        (that reviewer's): they become ``reviews`` and the items' ``comments``."""
        if not isinstance(data, dict) or "reviews" in data:
            return data
        review = data.get("review")
        data = {**data, "reviews": [review] if review else []}
        role = review.get("reviewer_role") if isinstance(review, dict) else None
        if role and isinstance(data.get("items"), list):
            data["items"] = [
                {**item, "comments": [{"reviewer_role": role, "text": item["reviewer_comment"]}]}
                if isinstance(item, dict) and item.get("reviewer_comment") and "comments" not in item else item
                for item in data["items"]
            ]
        return data

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def gap_items(self) -> list[SummaryItem]:
        by_id = {item.id: item for item in self.items}
        return [by_id[item_id] for item_id in self.open_gaps]


def draft_timeline(
    pathway: Pathway,
    dates: CaseDates,
    today: date | datetime | None = None,
    *,
    region: BankHolidayRegion = DEFAULT_REGION,
    window_from: RepeatWindowFrom = "plan_end",
) -> Timeline | None:
    """The pathway's timeline from the draft's dates, by the deadline rules its file names; None until
    the dates they need are given (or when it names none).

    ``today`` may be a date-time (the app passes now): a date-time deadline is then overdue to the
    minute. ``region`` and ``window_from`` are the council's settings (bank holidays; where "within
    2 years" is counted from). TimelineError (naming the date, as labelled on the form) if the
    dates contradict each other.
    """
    values = {name: getattr(dates, name) for name in pathway.dates}
    return timeline_for(pathway.deadlines, values, today, pathway=pathway.id, region=region,
                        window_from=window_from, names=DATE_LABELS)


def _latest(reviews: dict[UserRole, ManagerReview]) -> ManagerReview | None:
    """The most recently recorded review (as ``Draft.review`` chooses it)."""
    recorded = sorted(reviews.values(), key=lambda r: (r.recorded_at is not None, r.recorded_at or 0))
    return recorded[-1] if recorded else None


def _summary_review(review: ManagerReview, draft: Draft) -> SummaryReview:
    made_on: MadeOn
    if review.recommendation_at is None:
        made_on = "no_recommendation"
    elif review.is_about(draft.recommendation):
        made_on = "current_recommendation"
    else:
        made_on = "earlier_recommendation"
    return SummaryReview(reviewer_role=review.reviewer_role, name=review.name.strip(), rationale=review.rationale,
                         endorsed=review.endorsed, recorded_at=review.recorded_at,
                         recommendation_at=review.recommendation_at, made_on=made_on)


def _missing_dates_note(pathway: Pathway, dates: CaseDates) -> str:
    missing = [DATE_LABELS[name] for name in required_dates(pathway.deadlines) if getattr(dates, name) is None]
    return f"Deadlines not worked out: enter {', '.join(missing)}." if missing else "No deadlines for this pathway."


def build_summary(
    pathway: Pathway,
    draft: Draft,
    citations: dict[str, list[GroundedCitation]],
    documents: list[PolicyDocument],
    generated_at: datetime,
    today: date | datetime | None = None,
    *,
    region: BankHolidayRegion = DEFAULT_REGION,
    window_from: RepeatWindowFrom = "plan_end",
) -> ChecklistSummary:
    """The summary of ``draft`` on ``pathway``: the route's items, dates, gaps and readiness.

    ``citations`` are the pathway's grounded citations (``ground``); ``documents`` the policy
    documents they come from; ``today`` (default: ``generated_at``, as the time in Europe/London)
    sets the overdue flags: a date-time judges date-time deadlines to the minute. ``region`` and
    ``window_from`` are the council's settings for the deadlines (``draft_timeline``).
    """
    draft = draft.for_pathway(pathway)
    now: date | datetime = today if today is not None else generated_at
    if isinstance(now, datetime):
        now = london_wall_time(now)
    today = now.date() if isinstance(now, datetime) else now
    answers = draft.answers
    reviews = [draft.reviews[role] for role in sorted(draft.reviews, key=USER_ROLES.index)]
    latest = _latest(draft.reviews)
    steps = route(pathway, answers)

    items: list[SummaryItem] = []
    decisions: list[SummaryDecision] = []
    pending_question: str | None = None
    for step in steps:
        for item in step.items:
            answer = answers.items.get(item.id)
            items.append(SummaryItem(
                id=item.id, step=step.title, text=" ".join(item.text.split()), role=item.role,
                roles=list(item.roles), required=item.required, allow_not_applicable=item.allow_not_applicable,
                status=answer.status if answer else None,
                note=answer.note if answer else "", reason=answer.reason if answer else None,
                citations=[SummaryCitation(source=c.source, title=c.title, section=c.section, quote=c.quote,
                                           policy_changed=c.change_note() or None)
                           for c in citations.get(item.id, [])],
                comments=[SummaryComment(reviewer_role=r.reviewer_role, name=r.name.strip(), text=r.comments[item.id])
                          for r in reviews if r.comments.get(item.id, "").strip()],
                reviewer_comment=(latest.comments.get(item.id) or None) if latest else None,
            ))
        if step.branch is not None:
            chosen = answers.branches.get(step.id)
            option = step.branch.option(chosen) if chosen is not None else None
            decisions.append(SummaryDecision(id=step.branch.id, question=step.branch.question,
                                             role=step.branch.role, answer=option.label if option else None))
            if option is None:
                pending_question = step.branch.question
    finished = pending_question is None
    open_gaps = [item.id for item in items if item.is_gap]

    key_dates = [
        SummaryDate(id=name, label=DATE_LABELS[name], due=format_due(getattr(draft.dates, name)))
        for name in pathway.dates
        if getattr(draft.dates, name) is not None
    ]
    deadlines: list[SummaryDate] = []
    note: str | None = None
    try:
        timeline = draft_timeline(pathway, draft.dates, now, region=region, window_from=window_from)
    except TimelineError as exc:
        timeline, note = None, f"Deadlines not worked out: {exc}"
    if timeline is not None:
        deadlines = [SummaryDate(id=m.id, label=m.label, due=format_due(m.due), overdue=m.overdue, notes=m.notes)
                     for m in timeline.milestones]
    elif note is None:
        note = _missing_dates_note(pathway, draft.dates)

    used = {c.source for item in items for c in item.citations} | {pathway.source}
    recommendation = draft.recommendation
    return ChecklistSummary(
        pathway_id=pathway.id, pathway_title=pathway.title, role=draft.role, case_reference=draft.case_reference,
        key_dates=key_dates, deadlines=deadlines, timeline_note=note, today=today, decisions=decisions,
        items=items, open_gaps=open_gaps, finished=finished,
        readiness=readiness_line([OpenItem(i.role, i.roles, i.is_gap) for i in items], draft.role, finished,
                                 pending_question, pathway.decided_by),
        policy_documents=[d for d in documents if d.source in used], generated_at=generated_at,
        recommendation=SummaryRecommendation(
            choice=recommendation.choice, label=pathway.recommendation_label(recommendation.choice),
            rationale=recommendation.rationale, recorded_by=recommendation.recorded_by,
            recorded_at=recommendation.recorded_at) if recommendation else None,
        reviews=[_summary_review(r, draft) for r in reviews],
        review=_summary_review(latest, draft) if latest else None,
    )


def summarise(draft: Draft, settings: Settings, pathways: dict[str, Pathway] | None = None,
              now: datetime | None = None, today: date | None = None) -> ChecklistSummary:
    """The summary of a draft against the pathway files and the knowledge folder as they are now."""
    from assistant.casework.pathways.loader import load_pathways

    pathways = pathways if pathways is not None else load_pathways(settings.pathways_dir)
    pathway = pathways.get(draft.pathway_id)
    if pathway is None:
        raise DraftError(f"This draft is for a pathway '{draft.pathway_id}' that is not installed "
                         f"(installed: {', '.join(sorted(pathways))}).")
    policies = read_policies(settings)
    grounded = ground(pathway, policies.ids, policies.texts, policies.metas)
    return build_summary(pathway, draft, grounded, policies.documents,
                         now or datetime.now().astimezone(), today,
                         region=settings.bank_holiday_region, window_from=settings.repeat_window_from)
