"""A complete, fictional step-down draft and its summary, used by the export and CLI tests.

Everything is fixed (dates, generation time, "today"), so the summary is the same on every run
and can be compared with the golden files in tests/golden/.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from assistant.casework.checklist import ChecklistSummary, build_summary
from assistant.casework.drafts import CaseDates, Draft, ManagerReview, Recommendation
from assistant.casework.pathways import Answers, ItemAnswer, ground, load_pathways
from assistant.config import Settings
from assistant.search.policies import read_policies

GENERATED_AT = datetime(2026, 11, 23, 15, 40, tzinfo=timezone(timedelta(0)))
TODAY = date(2026, 11, 29)

# Curly quotes, dashes, an ellipsis, Markdown and HTML look-alikes: all must come out as typed.
NOTE_TYPOGRAPHY = "School and health visitor agree – “no new marks” since August… see core group 3/11 — *not* <b>bold</b> #1"


# Text no PDF font covers in full, XML-forbidden control characters, a \r\n line break and markup.
AWKWARD = "Łódź, Ștefan ș, 😀 漢\x00\x07\x1f end"
LONG_WORD = "https://example.org/" + "x" * 4980


def sample_draft() -> Draft:
    """A part-answered step-down draft with a manager's review (fictional case LL-000123)."""
    items = {
        "sd-initial-concern": ItemAnswer(item_id="sd-initial-concern", status="evidenced", note=NOTE_TYPOGRAPHY),
        "sd-history-escalation": ItemAnswer(
            item_id="sd-history-escalation", status="partly_evidenced",
            note="Two previous CIN episodes (2021, 2023).\nNo chronology yet: to be completed before conference."),
        "sd-statutory-visit": ItemAnswer(item_id="sd-statutory-visit", status="not_evidenced"),
        "sd-core-group-progress": ItemAnswer(
            item_id="sd-core-group-progress", status="not_applicable",
            reason="Core group met once only; progress is covered under the plan outcomes item."),
    }
    recommendation = Recommendation(
        choice="step_down_cin", rationale="Routines have held for ten weeks; school and health visitor agree.",
        recorded_by="social_worker", recorded_at=datetime(2026, 11, 23, 14, 40, tzinfo=timezone(timedelta(0))),
    )
    review = ManagerReview(
        reviewer_role="team_manager", recommendation_at=recommendation.recorded_at,
        comments={"sd-history-escalation": "Please add the 2023 strategy discussion outcome."},
        rationale="Good triangulation so far; not ready to endorse until the chronology is done.",
        endorsed=False,
        recorded_at=datetime(2026, 11, 24, 9, 15, tzinfo=timezone(timedelta(0))),
    )
    return Draft(
        pathway_id="step-down", role="social_worker", case_reference="LL-000123",
        dates=CaseDates(start=date(2026, 8, 31), conference=datetime(2026, 11, 30, 10, 0)),
        answers=Answers(pathway_id="step-down", items=items), current_step="safety",
        created_at=GENERATED_AT - timedelta(days=2), updated_at=GENERATED_AT,
        recommendation=recommendation, reviews={"team_manager": review},
    )


def sample_summary(settings: Settings) -> ChecklistSummary:
    """The summary of ``sample_draft`` against the shipped pathways and the knowledge in ``settings``."""
    pathway = load_pathways()["step-down"]
    policies = read_policies(settings)
    grounded = ground(pathway, policies.ids, policies.texts, policies.metas)
    return build_summary(pathway, sample_draft(), grounded, policies.documents, GENERATED_AT, TODAY)


def awkward_summary(summary: ChecklistSummary) -> ChecklistSummary:
    """The sample with 200 items of awkward notes, a 5,000-character word and 120 deadlines."""
    base = summary.items[0]
    items = [base.model_copy(update={"id": f"item-{n}", "note": f"Note {n}: {AWKWARD}\r\nsecond line <i>&amp;"})
             for n in range(200)]
    items[0] = items[0].model_copy(update={"note": LONG_WORD})
    deadline = summary.deadlines[0]
    deadlines = [deadline.model_copy(update={"label": f"Deadline {n} {AWKWARD}"}) for n in range(120)]
    deadlines[0] = deadline.model_copy(update={"label": LONG_WORD})
    return summary.model_copy(update={"items": items, "open_gaps": [], "deadlines": deadlines,
                                      "case_reference": f"LL-{AWKWARD}-{LONG_WORD}"})


BOLD_QUOTE = "- **Recurring Risks:** If the concerns mirror those <b>[x](http://e)</b>"
"""A policy quote with bold the policy marked, and markup that must stay literal."""


def bold_quote_summary(summary: ChecklistSummary) -> ChecklistSummary:
    """The sample with its first item's first policy quote replaced by BOLD_QUOTE."""
    item = summary.items[0]
    citations = [item.citations[0].model_copy(update={"quote": BOLD_QUOTE}), *item.citations[1:]]
    return summary.model_copy(update={"items": [item.model_copy(update={"citations": citations}),
                                                *summary.items[1:]]})
