"""The wording of the deadlines' notes: the policies' own words, and the caveats on a date.

Every text in curly quotes here is verbatim from a policy in ``knowledge/`` (a test checks each
one), so a note never puts words in the policy's mouth. Dates are written for people
("Sunday 6 December 2026, 10:00"); the milestones' ``due`` stays ISO in JSON.
"""

from __future__ import annotations

from datetime import date, datetime

from assistant.casework.timeline.calendar import MONTH_NAMES, format_for_people
from assistant.casework.timeline.clock import clock_change_between
from assistant.casework.timeline.working_days import BankHolidayRegion, non_working, previous_working_day

POLICY: dict[str, str] = {
    "first_review": "The initial review conference at three months is a key opportunity to evaluate progress.",
    "step_down_heading": "Stepping down at first review conference (3 months)",
    "sm_record": "The service manager will ensure the discussion is recorded on Liquid Logic at least 48 hours "
                 "prior to the meeting",
    "m9": "At the 9 month Conference, there will be an expectation that the CP Chair is more challenging of all "
          "multi agency partners around focusing on the required outcomes to improve the quality of the child’s "
          "life, within clear tightly prescribed timescales.",
    "m12": "The CP Chair will undertake a mid-point review of all children who remain subject to CP Plans at the "
           "12 month point.",
    "m15": "Prior to the 15 month Conference the SW Team will have produced a report that details a clear "
           "analysis of the current situation.",
    "lpm": "At the 15 month Conference, if all concerns have not been addressed and outcomes not sufficiently "
           "achieved, a Legal Planning meeting will be arranged within a maximum of two weeks of the Conference "
           "being held.",
    "m18": "If the child remains subject to a CP Plan, the QA Team manager will meet with the Team manager of the "
           "long term team to review the progress",
    "m21": "At the 21 month Conference the SW Team will bring a clear analysis of whether, whilst being subject to "
           "the PLO process, the concerns have decreased sufficiently to enable the child to no longer need to "
           "remain subject to CP Plans.",
    "m24": "If for any reason, the matter is not placed before the Courts a Conference will be held at 24 months "
           "(3 months after the 21 month Conference).",
    "m24_exceptional": "This meeting should only be held in exceptional circumstances",
    "repeat_elapsed": "Understanding the time elapsed since the last CP plan helps assess whether the previous "
                      "intervention allowed sufficient opportunity for change to be embedded and sustained.",
    "repeat_title": "within 2 years of last registration",
    "repeat_time_since": "Time Since Previous CP Plan Ended",
}
"""Verbatim policy wording quoted in the notes, by what it is quoted for."""

_LONG_PLANS = ("m9", "m12", "m15", "lpm", "m18", "m21", "m24", "m24_exceptional")
SOURCES: dict[str, str] = {key: "long-plans-over-2-years" if key in _LONG_PLANS else "step-down-and-repeat-plans"
                           for key in POLICY}
"""The file in ``knowledge/`` (its stem) each quote is from (a test checks each quote is in it)."""

DOCUMENT_NAMES = {
    "step-down-and-repeat-plans": "The step-down and repeat-plan policy",
    "long-plans-over-2-years": "The policy on plans longer than 2 years",
}
"""How a note names the document it quotes (short forms of the documents' titles)."""

people = format_for_people


def says(*keys: str) -> str:
    """'The step-down and repeat-plan policy says: “…”' (several quotes from one document joined by
    'and'), ending with a full stop."""
    documents = {SOURCES[key] for key in keys}
    if len(documents) != 1:
        raise ValueError(f"quotes from more than one document in one note: {sorted(documents)}")
    quoted = " and ".join(f"“{POLICY[key]}”" for key in keys)
    return f"{DOCUMENT_NAMES[documents.pop()]} says: {quoted}" + ("" if quoted.endswith(".”") else ".")


def months_after_icpc(what: str, months: int, start: date, due: date) -> str:
    """'The 9-month conference: 9 calendar months after the ICPC on …', saying when the day was clamped."""
    text = f"{what}: {months} calendar months after the ICPC on {people(start)}"
    if due.day != start.day:
        month = MONTH_NAMES[due.month - 1]
        text += f" ({month} has no day {start.day}: the last day of {month})"
    return text + "."


def no_later_than_flag(due: date, region: BankHolidayRegion, action: str) -> str | None:
    """For a "no later than" deadline on a non-working day: 'Falls on a Sunday: in practice record it
    by Friday 4 December 2026.'"""
    reason = non_working(due, region)
    if reason is None:
        return None
    return f"Falls on {reason}: in practice {action} by {people(previous_working_day(due, region))}."


def conference_flag(day: date, region: BankHolidayRegion, given: bool = False) -> str | None:
    """For a conference or review date on a non-working day, a flag (nothing is moved)."""
    reason = non_working(day, region)
    if reason is None:
        return None
    if given:
        return f"The date given, {people(day)}, falls on {reason}: check it."
    return f"Falls on {reason}, not a working day: check the date it is booked for."


def clock_change_note(earlier: datetime, later: datetime) -> str | None:
    """When the clocks change between a deadline and its meeting: what that does to the clock time."""
    change = clock_change_between(earlier, later)
    if change is None:
        return None
    return (f"The clocks change in between ({change}): 48 real hours before {later:%H:%M} on "
            f"{people(later.date())} is {earlier:%H:%M} on the clock, not {later:%H:%M}.")


def booked_late(conference: datetime, first_review: date) -> str:
    """The review conference is booked after the 3-month point (it is flagged, nothing is moved)."""
    return (f"Booked after the 3-month point: the review conference is on {people(conference)}, later than "
            f"{people(first_review)}. The policy considers stepping down at the first review conference, "
            f"3 months after the ICPC (“{POLICY['step_down_heading']}”).")


def held(what: str, conference: date | None) -> str | None:
    """'The 15-month conference was held (or is booked) on …' when its actual date is given."""
    if conference is None:
        return None
    return f"The {what} was held (or is booked) on {people(conference)}; the dates that follow it count from that day."
