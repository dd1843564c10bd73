"""The pathways' deadline rules, one function per pathway, each a pure function of the case dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from assistant.casework.timeline.calendar import add_months, describe_duration, months_and_days
from assistant.casework.timeline.checks import (
    as_date,
    as_local_datetime,
    check_today,
    field_name,
    milestone,
    require_after,
)
from assistant.casework.timeline.model import (
    FIRST_REVIEW_MONTHS,
    LONG_PLAN_MONTHS,
    LPM_AFTER_15_MONTH_CONFERENCE,
    M24_AFTER_21_MONTH_CONFERENCE_MONTHS,
    REPEAT_WINDOW_MONTHS,
    SM_RECORD_BEFORE,
    Milestone,
    RepeatPlanFacts,
    Timeline,
)
from assistant.errors import TimelineError


def step_down_timeline(
    start: date,
    conference: datetime | None = None,
    today: date | datetime | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """Stepping down at the first review: ``first_review`` and, given the conference, ``sm_record``.

    ``start`` is the ICPC date; ``conference`` the first review conference's local date and time.
    ``names`` maps parameter names to the names to use in error messages (flags, form labels).
    """
    start = as_date(start, "start", names)
    today = check_today(today, names)
    first_review = add_months(start, FIRST_REVIEW_MONTHS)
    note = None
    if conference is not None:
        conference = as_local_datetime(conference, "conference", names)
        require_after(conference.date(), "conference", start, "start", names,
                       "the review conference follows the ICPC")
        if conference.date() > first_review:
            note = (f"The review conference given ({conference.date().isoformat()}) is later than 3 months "
                    f"after the ICPC.")
    milestones = [
        milestone(
            "first_review",
            "First review conference (3 months after the ICPC), where stepping down the CP Plan can be considered",
            first_review,
            today,
            note,
        )
    ]
    if conference is not None:
        milestones.append(
            milestone(
                "sm_record",
                "Service manager records the step-down discussion on Liquid Logic "
                "(at least 48 hours before the review conference)",
                conference - SM_RECORD_BEFORE,
                today,
                f"48 hours before the review conference on {conference.isoformat(timespec='minutes')}.",
            )
        )
    return Timeline(pathway="step-down", milestones=milestones)


def long_plan_timeline(
    start: date,
    today: date | datetime | None = None,
    conference_15: date | None = None,
    conference_21: date | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """The long-plan steps m9, m12, m15, lpm, m18, m21, m24 (in that order) from the ICPC date.

    The month steps are counted from ``start``. ``lpm`` is 14 days after the 15-month conference
    and ``m24`` 3 calendar months after the 21-month conference: the actual conference dates when
    given (``conference_15``, ``conference_21``), otherwise the m15 and m21 due dates.
    """
    start = as_date(start, "start", names)
    today = check_today(today, names)
    due = {n: add_months(start, n) for n in LONG_PLAN_MONTHS}
    if conference_15 is not None:
        conference_15 = as_date(conference_15, "conference_15", names)
        require_after(conference_15, "conference_15", start, "start", names,
                       "the 15-month conference follows the ICPC")
    if conference_21 is not None:
        conference_21 = as_date(conference_21, "conference_21", names)
        require_after(conference_21, "conference_21", start, "start", names,
                       "the 21-month conference follows the ICPC")
        if conference_15 is not None:
            require_after(conference_21, "conference_21", conference_15, "conference_15", names,
                           "the 21-month conference follows the 15-month conference")

    def held(conference: date | None) -> str | None:
        return None if conference is None else f"Actual conference date given: {conference.isoformat()}."

    if conference_15 is not None:
        lpm_due = conference_15 + LPM_AFTER_15_MONTH_CONFERENCE
        lpm_note = f"Two weeks after the 15-month conference held on {conference_15.isoformat()}."
    else:
        lpm_due = due[15] + LPM_AFTER_15_MONTH_CONFERENCE
        lpm_note = "Two weeks after the 15-month due date; give the actual conference date for an exact date."
    if conference_21 is not None:
        m24_due = add_months(conference_21, M24_AFTER_21_MONTH_CONFERENCE_MONTHS)
        m24_note = f"3 months after the 21-month conference held on {conference_21.isoformat()}."
    else:
        m24_due = add_months(due[21], M24_AFTER_21_MONTH_CONFERENCE_MONTHS)
        m24_note = "3 months after the 21-month due date; give the actual conference date for an exact date."

    milestones = [
        milestone(
            "m9",
            "9-month conference: the CP Chair challenges all multi-agency partners to focus on the required "
            "outcomes, within clear, tightly prescribed timescales",
            due[9],
            today,
        ),
        milestone(
            "m12",
            "12-month mid-point review: the CP Chair talks with the SW team about progress on the CP Plan and "
            "records the review on ICS using the mid-point exemplar",
            due[12],
            today,
        ),
        milestone(
            "m15",
            "15-month conference: before it, the SW team's report with a clear analysis and the statutory "
            "assessment are completed, partners' reports are ready, and the CP Chair has discussed the child "
            "in supervision",
            due[15],
            today,
            held(conference_15),
        ),
        milestone(
            "lpm",
            "Legal Planning Meeting, if concerns are not addressed and outcomes not sufficiently achieved at "
            "the 15-month conference: within a maximum of two weeks of that conference",
            lpm_due,
            today,
            lpm_note,
        ),
        milestone(
            "m18",
            "18-month review: if the child is still subject to a CP Plan, the QA team manager meets the team "
            "manager of the long-term team and records the meeting on ICS as a management note",
            due[18],
            today,
        ),
        milestone(
            "m21",
            "21-month conference: the SW team brings a clear analysis of whether concerns have decreased enough "
            "for the CP Plan to end, or a clear timeframe for placing the matter before the courts",
            due[21],
            today,
            held(conference_21),
        ),
        milestone(
            "m24",
            "24-month conference, only in exceptional circumstances if the matter has not been placed before "
            "the courts (3 months after the 21-month conference)",
            m24_due,
            today,
            m24_note,
        ),
    ]
    return Timeline(pathway="long-plan", milestones=milestones)


def repeat_plan_facts(
    previous_start: date,
    previous_end: date,
    new_icpc: date,
    *,
    names: Mapping[str, str] | None = None,
) -> RepeatPlanFacts:
    """How long the previous plan lasted, the gap to the new ICPC, and whether it is within 2 years.

    Within 2 years means ``new_icpc <= add_months(previous_end, 24)`` (the same date two years on,
    28 Feb for a plan that ended on 29 Feb). The end must not be before the start, nor the new
    ICPC before the previous end.
    """
    previous_start = as_date(previous_start, "previous_start", names)
    previous_end = as_date(previous_end, "previous_end", names)
    new_icpc = as_date(new_icpc, "new_icpc", names)
    if previous_end < previous_start:
        end_name, start_name = field_name("previous_end", names), field_name("previous_start", names)
        raise TimelineError(
            f"{end_name} ({previous_end.isoformat()}) is before {start_name} ({previous_start.isoformat()}): "
            f"the previous plan cannot end before it started.",
            end_name,
        )
    if new_icpc < previous_end:
        icpc_name, end_name = field_name("new_icpc", names), field_name("previous_end", names)
        raise TimelineError(
            f"{icpc_name} ({new_icpc.isoformat()}) is before {end_name} ({previous_end.isoformat()}): "
            f"the new ICPC must be on or after the day the previous plan ended.",
            icpc_name,
        )
    plan_months, plan_days = months_and_days(previous_start, previous_end)
    gap_months, gap_days = months_and_days(previous_end, new_icpc)
    window_end = add_months(previous_end, REPEAT_WINDOW_MONTHS)
    return RepeatPlanFacts(
        previous_start=previous_start,
        previous_end=previous_end,
        new_icpc=new_icpc,
        previous_plan_months=plan_months,
        previous_plan_extra_days=plan_days,
        previous_plan_total_days=(previous_end - previous_start).days,
        gap_months=gap_months,
        gap_extra_days=gap_days,
        gap_total_days=(new_icpc - previous_end).days,
        two_year_window_end=window_end,
        within_two_years=new_icpc <= window_end,
    )


def repeat_plan_timeline(
    previous_start: date,
    previous_end: date,
    new_icpc: date,
    *,
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """The repeat-plan form: ``previous_end``, ``new_icpc``, ``two_year_window_end``, with the facts.

    The labels carry the facts in plain English (plan length, gap, within 2 years or not), so the
    JSON contract's id/label/due is enough; ``Timeline.facts`` has them as numbers. ``overdue`` is
    None: these are facts, not tasks.
    """
    facts = repeat_plan_facts(previous_start, previous_end, new_icpc, names=names)
    length = describe_duration(facts.previous_plan_months, facts.previous_plan_extra_days)
    gap = describe_duration(facts.gap_months, facts.gap_extra_days)
    if facts.within_two_years:
        icpc_label = f"New ICPC, {gap} after the previous plan ended: within 2 years of the previous plan ending"
    else:
        icpc_label = f"New ICPC, {gap} after the previous plan ended: more than 2 years after the previous plan ended"
    milestones = [
        Milestone(
            id="previous_end",
            label=f"Previous CP Plan ended, after {length} (it started on {facts.previous_start.isoformat()})",
            due=facts.previous_end,
        ),
        Milestone(id="new_icpc", label=icpc_label, due=facts.new_icpc),
        Milestone(
            id="two_year_window_end",
            label="Last day of the 2 years after the previous plan ended: a new ICPC on or before this date is a "
            "return to CP planning within 2 years",
            due=facts.two_year_window_end,
        ),
    ]
    return Timeline(pathway="repeat-plan", milestones=milestones, facts=facts)
