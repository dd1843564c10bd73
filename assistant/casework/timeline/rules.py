"""The deadline rules of the step-down and long-plan pathways, each a pure function of the case dates
(the repeat-plan form is in ``repeat``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from assistant.casework.timeline import notes
from assistant.casework.timeline.calendar import add_months
from assistant.casework.timeline.checks import (
    as_date,
    as_local_datetime,
    check_today,
    milestone,
    require_after,
)
from assistant.casework.timeline.clock import real_hours_before
from assistant.casework.timeline.model import (
    FIRST_REVIEW_MONTHS,
    LONG_PLAN_MONTHS,
    LPM_AFTER_15_MONTH_CONFERENCE,
    M24_AFTER_21_MONTH_CONFERENCE_MONTHS,
    SM_RECORD_BEFORE,
    Timeline,
)
from assistant.casework.timeline.notes import people, says
from assistant.casework.timeline.working_days import DEFAULT_REGION, BankHolidayRegion


def step_down_timeline(
    start: date,
    conference: datetime | None = None,
    today: date | datetime | None = None,
    *,
    region: BankHolidayRegion = DEFAULT_REGION,
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """Stepping down at the first review: ``first_review`` and, given the conference, ``sm_record``.

    ``start`` is the ICPC date; ``conference`` the first review conference's local date and time.
    ``sm_record`` is 48 real hours before the conference in Europe/London, so a clock change in
    between moves its clock time (a note says so). ``region`` is where bank holidays are taken from.
    ``names`` maps parameter names to the names to use in error messages (flags, form labels).
    """
    start = as_date(start, "start", names)
    today = check_today(today, names)
    first_review = add_months(start, FIRST_REVIEW_MONTHS)
    review_notes: list[str | None] = [
        notes.months_after_icpc("The first review conference", FIRST_REVIEW_MONTHS, start, first_review),
        says("first_review"),
    ]
    if conference is None:
        review_notes.append(notes.conference_flag(first_review, region))
    else:
        conference = as_local_datetime(conference, "conference", names)
        require_after(conference.date(), "conference", start, "start", names,
                       "the review conference follows the ICPC")
        if conference.date() > first_review:
            review_notes.append(notes.booked_late(conference, first_review))
        review_notes.append(notes.conference_flag(conference.date(), region, given=True))
    milestones = [
        milestone(
            "first_review",
            "First review conference (3 months after the ICPC), where stepping down the CP Plan can be considered",
            first_review,
            today,
            review_notes,
        )
    ]
    if conference is not None:
        record_by = real_hours_before(conference, SM_RECORD_BEFORE)
        milestones.append(
            milestone(
                "sm_record",
                "Service manager records the step-down discussion on Liquid Logic "
                "(at least 48 hours before the review conference)",
                record_by,
                today,
                [
                    f"No later than {people(record_by)}: 48 hours before the review conference on "
                    f"{people(conference)}.",
                    says("sm_record"),
                    notes.clock_change_note(record_by, conference),
                    notes.no_later_than_flag(record_by.date(), region, "record it"),
                ],
            )
        )
    return Timeline(pathway="first-review", milestones=milestones)


def long_plan_timeline(
    start: date,
    today: date | datetime | None = None,
    conference_15: date | None = None,
    conference_21: date | None = None,
    *,
    region: BankHolidayRegion = DEFAULT_REGION,
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """The long-plan steps m9, m12, m15, lpm, m18, m21, m24 (in that order) from the ICPC date.

    The month steps are counted from ``start``. ``lpm`` is no later than 14 days after the 15-month
    conference and ``m24`` 3 calendar months after the 21-month conference, as the policy says:
    the actual conference dates when given (``conference_15``, ``conference_21``), otherwise the
    m15 and m21 due dates.
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

    def step(n: int, what: str, key: str, actual: date | None = None) -> list[str | None]:
        """The notes of a month step: how the date is counted, the policy, a held date, a weekend."""
        return [notes.months_after_icpc(what, n, start, due[n]), notes.held(f"{n}-month conference", actual),
                says(key), notes.conference_flag(actual or due[n], region, given=actual is not None)]

    if conference_15 is not None:
        lpm_due = conference_15 + LPM_AFTER_15_MONTH_CONFERENCE
        lpm_from = f"two weeks after the 15-month conference held on {people(conference_15)}"
    else:
        lpm_due = due[15] + LPM_AFTER_15_MONTH_CONFERENCE
        lpm_from = (f"two weeks after the 15-month due date ({people(due[15])}); give the date the 15-month "
                    f"conference was held for the exact date")
    if conference_21 is not None:
        m24_due = add_months(conference_21, M24_AFTER_21_MONTH_CONFERENCE_MONTHS)
        m24_from = f"3 calendar months after the 21-month conference held on {people(conference_21)}"
    else:
        m24_due = add_months(due[21], M24_AFTER_21_MONTH_CONFERENCE_MONTHS)
        m24_from = (f"3 calendar months after the 21-month due date ({people(due[21])}); give the date the "
                    f"21-month conference was held for the exact date")

    milestones = [
        milestone(
            "m9",
            "9-month conference: the CP Chair challenges all multi-agency partners to focus on the required "
            "outcomes, within clear, tightly prescribed timescales",
            due[9],
            today,
            step(9, "The 9-month conference", "m9"),
        ),
        milestone(
            "m12",
            "12-month mid-point review: the CP Chair talks with the SW team about progress on the CP Plan and "
            "records the review on ICS using the mid-point exemplar",
            due[12],
            today,
            step(12, "The mid-point review", "m12"),
        ),
        milestone(
            "m15",
            "15-month conference: before it, the SW team's report with a clear analysis and the statutory "
            "assessment are completed, partners' reports are ready, and the CP Chair has discussed the child "
            "in supervision",
            due[15],
            today,
            step(15, "The 15-month conference", "m15", conference_15),
        ),
        milestone(
            "lpm",
            "Legal Planning Meeting, if concerns are not addressed and outcomes not sufficiently achieved at "
            "the 15-month conference: within a maximum of two weeks of that conference",
            lpm_due,
            today,
            [f"No later than {people(lpm_due)}: {lpm_from}.", says("lpm"),
             notes.no_later_than_flag(lpm_due, region, "hold it")],
        ),
        milestone(
            "m18",
            "18 months: if the child is still subject to a CP Plan, the QA team manager meets the team manager "
            "of the long-term team (a management meeting, not a review conference) and records it on ICS as a "
            "management note",
            due[18],
            today,
            step(18, "The 18-month meeting of the QA team manager and the team manager", "m18"),
        ),
        milestone(
            "m21",
            "21-month conference: the SW team brings a clear analysis of whether concerns have decreased enough "
            "for the CP Plan to end, or a clear timeframe for placing the matter before the courts",
            due[21],
            today,
            step(21, "The 21-month conference", "m21", conference_21),
        ),
        milestone(
            "m24",
            "24-month conference, only in exceptional circumstances if the matter has not been placed before "
            "the courts (3 months after the 21-month conference)",
            m24_due,
            today,
            [f"The 24-month conference: {m24_from}.", says("m24", "m24_exceptional"),
             notes.conference_flag(m24_due, region)],
        ),
    ]
    return Timeline(pathway="long-plan-steps", milestones=milestones)
