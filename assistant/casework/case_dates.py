"""Checking a checklist's case dates before it starts: dates out of order or in the future, a
conference already past, and a repeat ICPC outside the 2 years a repeat ICPC is judged by.

``check_case_dates`` is pure: the dates a pathway asks for, the dates, today and the council's reading of
"within 2 years" go in, a list of ``DateProblem`` comes out. Only the dates the pathway asks for are
looked at (its file's ``dates``), and a date not given is not a problem here. The messages describe the dates
(written for people, "Tuesday 3 March 2026"); they do not say what to decide. The 2-year window is
worked out by the timeline engine (``repeat_plan_facts``), under both readings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from assistant.casework.drafts import CaseDates
from assistant.casework.timeline import (
    DATE_FIELDS,
    REPEAT_WINDOW_READINGS,
    RepeatWindowFrom,
    describe_duration,
    format_for_people,
    months_and_days,
    repeat_plan_facts,
)
from assistant.casework.timeline.notes import POLICY

ProblemKind = Literal["error", "notice", "choice"]

KIND_ORDER: dict[str, int] = {"error": 0, "choice": 1, "notice": 2}
"""Within one field: errors first, then choices, then notices."""

CONFERENCE_NAMES: dict[str, str] = {
    "conference": "review conference",
    "conference_15": "15-month conference",
    "conference_21": "21-month conference",
}
"""The conferences a past date is said plainly for, as the messages name them."""


@dataclass(frozen=True)
class DateProblem:
    """One thing to say about the case dates, beside the field it belongs to."""

    field: str
    """The ``CaseDates`` field the message belongs beside (e.g. ``previous_end``)."""
    message: str
    """Plain words for a social worker, naming the dates involved as people write them."""
    kind: ProblemKind
    """``error``: the checklist cannot start until it is corrected; ``notice``: said plainly, does
    not block; ``choice``: the user confirms to continue (a repeat ICPC outside the 2-year window,
    for reflection)."""


def _day(value: date | datetime) -> date:
    """The day of a date or a date-time (a date-time and a date cannot be compared directly)."""
    return value.date() if isinstance(value, datetime) else value


def check_case_dates(
    fields: Sequence[str], dates: CaseDates, today: date, window_from: str = "plan_end"
) -> list[DateProblem]:
    """The problems with ``dates`` among the case dates ``fields`` a pathway asks for (its file's
    ``dates``), in that order (errors, then choices, then notices, within a field); ``[]`` when there
    are none.

    ``today`` is a parameter, never read from the clock (a date-time counts by its date).
    ``window_from`` is the council's reading of "within 2 years" (``plan_end`` or
    ``registration``). ValueError for a pathway or reading that does not exist.
    """
    unknown = [name for name in fields if name not in DATE_FIELDS]
    if unknown or isinstance(fields, str):
        raise ValueError(f"unknown case date(s) {unknown or fields!r}: expected names from {', '.join(DATE_FIELDS)}")
    if window_from not in REPEAT_WINDOW_READINGS:
        raise ValueError(f"window_from must be one of {', '.join(REPEAT_WINDOW_READINGS)}; got {window_from!r}")
    reading: RepeatWindowFrom = "plan_end" if window_from == "plan_end" else "registration"
    fields = tuple(fields)
    today = _day(today)
    given: dict[str, date | datetime] = {
        name: value for name in fields if (value := getattr(dates, name)) is not None
    }
    day = {name: _day(value) for name, value in given.items()}
    shown = {name: format_for_people(value) for name, value in given.items()}
    problems: list[DateProblem] = []

    def add(field: str, message: str, kind: ProblemKind = "error") -> None:
        problems.append(DateProblem(field=field, message=message, kind=kind))

    # Dates out of order.
    if "previous_start" in day and "previous_end" in day and day["previous_end"] <= day["previous_start"]:
        add("previous_end", f"The previous plan is shown ending on {shown['previous_end']}, which is not after "
                            f"it started on {shown['previous_start']}. Check the two dates.")
    if "previous_end" in day and "new_icpc" in day and day["new_icpc"] < day["previous_end"]:
        add("new_icpc", f"The new ICPC on {shown['new_icpc']} is before the previous plan ended on "
                        f"{shown['previous_end']}. Check the two dates.")
    if "start" in day and "conference" in day and day["conference"] <= day["start"]:
        add("conference", f"The review conference on {shown['conference']} is not after the ICPC on "
                          f"{shown['start']}. Check the two dates.")
    for name in ("conference_15", "conference_21"):
        if "start" in day and name in day and day[name] <= day["start"]:
            add(name, f"The {CONFERENCE_NAMES[name]} on {shown[name]} is not after the ICPC on {shown['start']}. "
                      f"Check the two dates.")
    if "conference_15" in day and "conference_21" in day and day["conference_21"] <= day["conference_15"]:
        add("conference_21", f"The 21-month conference on {shown['conference_21']} is not after the 15-month "
                             f"conference on {shown['conference_15']}. Check the two dates.")

    # Dates that have to be in the past (a new ICPC may be booked, so it may be in the future).
    future = {"start": "The ICPC the plan started from", "previous_start": "The previous plan's start",
              "previous_end": "The previous plan's end"}
    for name, what in future.items():
        if name in day and day[name] > today:
            add(name, f"{what} is given as {shown[name]}, after today ({format_for_people(today)}). "
                      f"Enter the date it happened.")

    wrong = {problem.field for problem in problems}

    # Conferences already past: said plainly, not blocking.
    for name, what in CONFERENCE_NAMES.items():
        if name in day and name not in wrong and day[name] < today:
            add(name, f"The {what} on {shown[name]} has already taken place (or was due then): deadlines "
                      f"before it are shown as overdue.", "notice")

    # A repeat ICPC outside the 2 years, under either reading (only once the three dates are right).
    repeat = ("previous_start", "previous_end", "new_icpc")
    if all(name in day for name in repeat) and not wrong & set(repeat):
        window = _repeat_window(day["previous_start"], day["previous_end"], day["new_icpc"], reading)
        if window is not None:
            add("new_icpc", *window)

    return _in_order(problems, fields)


def _in_order(problems: list[DateProblem], fields: tuple[str, ...]) -> list[DateProblem]:
    """``problems`` by the pathway's field order, then errors, choices, notices; otherwise as found."""
    rank = {name: index for index, name in enumerate(fields)}
    return sorted(problems, key=lambda problem: (rank[problem.field], KIND_ORDER[problem.kind]))


def _repeat_window(
    previous_start: date, previous_end: date, new_icpc: date, window_from: RepeatWindowFrom
) -> tuple[str, ProblemKind] | None:
    """The message and kind for a new ICPC outside the 2 years: a choice under the council's reading,
    a notice under the other reading only; None when it is within 2 years under both."""
    facts = repeat_plan_facts(previous_start, previous_end, new_icpc, window_from=window_from)
    icpc, start, end = (format_for_people(d) for d in (new_icpc, previous_start, previous_end))
    after_end = describe_duration(facts.gap_months, facts.gap_extra_days)
    after_start = describe_duration(*months_and_days(previous_start, new_icpc))
    from_end = (f"{after_end} after the previous plan ended on {end}",
                facts.within_two_years_of_plan_end)
    from_registration = (f"{after_start} after the last registration (the previous plan started on {start})",
                         facts.within_two_years_of_registration)

    def verdict(within: bool, also: bool = False) -> str:
        return "within 2 years" if within else ("also more than 2 years" if also else "more than 2 years")

    if not facts.within_two_years:
        (chosen, _), (other, other_within) = ((from_end, from_registration) if window_from == "plan_end"
                                             else (from_registration, from_end))
        counted = ("from the end of the previous plan" if window_from == "plan_end"
                   else "from the last registration")
        pathway_for = ("“within 2 years”" if window_from == "plan_end" else f"“{POLICY['repeat_title']}”")
        return (
            f"The new ICPC on {icpc} is {chosen}. Counted {counted}, as the council does, that is more than "
            f"2 years: outside the {pathway_for} this pathway is for. Counted the other way, it is {other}: "
            f"{verdict(other_within, also=True)}. You can continue, to use the pathway for reflection.",
            "choice",
        )
    if not (facts.within_two_years_of_plan_end and facts.within_two_years_of_registration):
        # Within under the council's reading only. The council counts from the plan's end here: the
        # window from the registration never reaches past the one from the end.
        (chosen, _), (other, _) = from_end, from_registration
        return (
            f"The new ICPC on {icpc} is {other}: more than 2 years counted that way, outside "
            f"“{POLICY['repeat_title']}” as the policy's title words it. The council counts from the end of "
            f"the previous plan: the new ICPC is {chosen}, within 2 years.",
            "notice",
        )
    return None
