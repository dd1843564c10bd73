"""The repeat-plan form: how long the previous plan lasted, and whether a new ICPC is a return to CP
planning "within 2 years", under both readings of those words.

The policy's title says "within 2 years of last registration" (counted from the previous plan's
start); its reflective considerations start from the "Time Since Previous CP Plan Ended" (counted
from its end, the wider reading). Both windows are shown; the council chooses which one the
product uses (``ASSISTANT_REPEAT_WINDOW_FROM``, passed in as ``window_from``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from assistant.casework.timeline.calendar import add_months, describe_duration, months_and_days
from assistant.casework.timeline.checks import as_date, field_name, milestone
from assistant.casework.timeline.model import (
    REPEAT_WINDOW_MONTHS,
    REPEAT_WINDOW_READINGS,
    RepeatPlanFacts,
    RepeatWindowFrom,
    Timeline,
)
from assistant.casework.timeline.notes import POLICY, people, says
from assistant.errors import TimelineError

READINGS: dict[str, str] = {
    "plan_end": "from the end of the previous plan",
    "registration": "from the last registration, the start of the previous plan",
}
"""Each reading of "within 2 years", as the notes word it."""


def repeat_plan_facts(
    previous_start: date,
    previous_end: date,
    new_icpc: date,
    *,
    window_from: RepeatWindowFrom = "plan_end",
    names: Mapping[str, str] | None = None,
) -> RepeatPlanFacts:
    """How long the previous plan lasted, the gap to the new ICPC, and whether it is within 2 years.

    Two readings of "within 2 years" (each the same date two years on, 28 Feb for a 29 Feb):
    ``new_icpc <= add_months(previous_end, 24)`` (from the plan's end, the wider reading) and
    ``new_icpc <= add_months(previous_start, 24)`` (from the registration the policy's title
    names). ``window_from`` is the council's choice; ``within_two_years`` follows it. The end must
    not be before the start, nor the new ICPC before the previous end.
    """
    previous_start = as_date(previous_start, "previous_start", names)
    previous_end = as_date(previous_end, "previous_end", names)
    new_icpc = as_date(new_icpc, "new_icpc", names)
    if window_from not in REPEAT_WINDOW_READINGS:
        name = field_name("window_from", names)
        raise TimelineError(f"{name} must be one of {', '.join(REPEAT_WINDOW_READINGS)}; got {window_from!r}.", name)
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
    registration_end = add_months(previous_start, REPEAT_WINDOW_MONTHS)
    from_end, from_registration = new_icpc <= window_end, new_icpc <= registration_end
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
        registration_window_end=registration_end,
        within_two_years_of_plan_end=from_end,
        within_two_years_of_registration=from_registration,
        window_from=window_from,
        within_two_years=from_end if window_from == "plan_end" else from_registration,
    )


def _choice(reading: str, window_from: str) -> str:
    """Whether ``reading`` is the council's, said in a note."""
    if reading == window_from:
        return "The council has chosen this reading: it decides whether a new ICPC counts as within 2 years."
    return f"Not the council's reading: the council counts 2 years {READINGS[window_from]}."


def repeat_plan_timeline(
    previous_start: date,
    previous_end: date,
    new_icpc: date,
    *,
    window_from: RepeatWindowFrom = "plan_end",
    names: Mapping[str, str] | None = None,
) -> Timeline:
    """The repeat-plan form: ``previous_end``, ``new_icpc``, ``two_year_window_end``,
    ``two_year_window_from_registration``, with the facts.

    The labels carry the facts in plain English (plan length, gap, within 2 years or not under the
    council's reading, which reading each window is); the notes give both readings and say which the
    council has chosen; ``Timeline.facts`` has them as numbers. ``overdue`` is None: these
    are facts, not tasks.
    """
    facts = repeat_plan_facts(previous_start, previous_end, new_icpc, window_from=window_from, names=names)
    start, end, icpc = facts.previous_start, facts.previous_end, facts.new_icpc
    length = describe_duration(facts.previous_plan_months, facts.previous_plan_extra_days)
    gap = describe_duration(facts.gap_months, facts.gap_extra_days)
    since_registration = describe_duration(*months_and_days(start, icpc))
    if window_from == "plan_end":
        icpc_label = f"New ICPC, {gap} after the previous plan ended: "
        icpc_label += ("within 2 years of the previous plan ending (the council's reading)" if facts.within_two_years
                       else "more than 2 years after the previous plan ended, so not a return within 2 years "
                            "under the council's reading")
    else:
        icpc_label = f"New ICPC, {since_registration} after the last registration (the previous plan's start): "
        icpc_label += ("within 2 years of last registration (the council's reading)" if facts.within_two_years
                       else "more than 2 years after the last registration, so not a return within 2 years "
                            "under the council's reading")

    def verdict(within: bool) -> str:
        return "within 2 years" if within else "more than 2 years"

    icpc_notes = [
        f"{gap} after the previous plan ended ({people(end)}) and {since_registration} after it started "
        f"({people(start)}).",
        f"Counted {READINGS['plan_end']} (up to {people(facts.two_year_window_end)}): "
        f"{verdict(facts.within_two_years_of_plan_end)}. Counted {READINGS['registration']} (up to "
        f"{people(facts.registration_window_end)}): {verdict(facts.within_two_years_of_registration)}.",
        f"The council counts 2 years {READINGS[window_from]}: "
        + ("this is a return to CP planning within 2 years." if facts.within_two_years
           else "this is not a return within 2 years under the council's reading."),
    ]
    if facts.within_two_years_of_plan_end != facts.within_two_years_of_registration:
        icpc_notes.append("The two readings differ for this case: the policy's title says "
                          f"“{POLICY['repeat_title']}”; its reflective considerations start from the "
                          f"“{POLICY['repeat_time_since']}”.")
    chosen = {reading: "the council's reading" if reading == window_from else "not the council's reading"
              for reading in REPEAT_WINDOW_READINGS}
    milestones = [
        milestone(
            "previous_end",
            f"Previous CP Plan ended, after {length} (it started on {people(start)})",
            end, None,
            [f"The previous plan lasted {length}, from {people(start)} to {people(end)}.", says("repeat_elapsed")],
        ),
        milestone("new_icpc", icpc_label, icpc, None, icpc_notes),
        milestone(
            "two_year_window_end",
            "Last day of the 2 years after the previous plan ended: a new ICPC on or before this date is a "
            f"return to CP planning within 2 years, counted from the plan's end ({chosen['plan_end']})",
            facts.two_year_window_end, None,
            [f"2 years (24 calendar months) after the previous plan ended on {people(end)}.",
             "This reading counts from the end of the last plan, as the policy's reflective considerations do "
             f"(“{POLICY['repeat_time_since']}”); it is the wider reading.",
             _choice("plan_end", window_from)],
        ),
        milestone(
            "two_year_window_from_registration",
            "Last day of the 2 years after the last registration (the previous plan's start): a new ICPC on or "
            "before this date is within 2 years of last registration, as the policy's title words it "
            f"({chosen['registration']})",
            facts.registration_window_end, None,
            [f"2 years (24 calendar months) after the previous plan started on {people(start)}.",
             f"This reading follows the policy's title (“{POLICY['repeat_title']}”), counting from when the "
             "previous plan started.",
             _choice("registration", window_from)],
        ),
    ]
    return Timeline(pathway="repeat-window", milestones=milestones, facts=facts)
