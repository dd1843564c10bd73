"""The CP pathway timeline engine: due dates computed from the policies, in pure functions.

Three forms, one per pathway:

- ``step_down_timeline``: the first review conference (3 calendar months after the ICPC) and,
  when the review conference's date and time are known, the service manager's deadline for
  recording the step-down discussion on Liquid Logic (48 hours before the conference).
- ``long_plan_timeline``: the 9, 12 (mid-point review), 15, 18 and 21-month steps of the
  "CP Plans for longer than 2 years" policy, the latest Legal Planning Meeting date (two weeks
  after the 15-month conference) and the exceptional 24-month conference (3 months after the
  21-month conference).
- ``repeat_plan_timeline`` / ``repeat_plan_facts``: for a new ICPC, how long the previous plan
  lasted and whether the new ICPC is within 2 years of that plan's end.

Rules used throughout:

- Calendar months clamp to the end of the month: 31 Jan + 1 month = 28 Feb (29 Feb in a leap
  year). Every "n months after the ICPC" step is counted from the ICPC date itself, never chained
  from the previous step, so clamping never accumulates.
- "Today" is always a parameter, never read from the clock. A milestone is overdue when today is
  given and its due date is before today (a date-time is compared by its date, unless today is a
  date-time too). With no today, ``overdue`` is None. Overdue only means the date has passed: the
  engine does not know whether the step was done.
- Date-times are local (naive) times, as on Liquid Logic; "48 hours before" is the same clock time
  two days earlier (a clock change in between is ignored).

``timeline_json`` gives the command-line contract ``{"milestones": [{"id", "label", "due"}]}`` and
``build_timeline_json`` builds it from command-line text, naming the flags in any error.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import AssistantError

Pathway = Literal["step-down", "long-plan", "repeat-plan"]
PATHWAYS: tuple[str, ...] = ("step-down", "long-plan", "repeat-plan")

FIRST_REVIEW_MONTHS = 3
SM_RECORD_BEFORE = timedelta(hours=48)
LONG_PLAN_MONTHS: tuple[int, ...] = (9, 12, 15, 18, 21)
LPM_AFTER_15_MONTH_CONFERENCE = timedelta(days=14)
M24_AFTER_21_MONTH_CONFERENCE_MONTHS = 3
REPEAT_WINDOW_MONTHS = 24

STEP_DOWN_IDS: tuple[str, ...] = ("first_review", "sm_record")
LONG_PLAN_IDS: tuple[str, ...] = ("m9", "m12", "m15", "lpm", "m18", "m21", "m24")
REPEAT_PLAN_IDS: tuple[str, ...] = ("previous_end", "new_icpc", "two_year_window_end")

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_TEXT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})")


class TimelineError(AssistantError):
    """A date given to the timeline is missing, malformed or inconsistent.

    The message names the field (as the caller named it: a parameter, a command-line flag or a
    form label); ``field`` holds that name.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Milestone(BaseModel):
    """One dated step: what happens (``label``, plain English) and when it is due."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    label: str
    due: datetime | date
    """A date, or a date-time where the time matters (``sm_record``)."""
    overdue: bool | None = None
    """True/False against the given today; None when no today was given."""
    note: str | None = None
    """How the date was worked out, when that is worth saying."""


class RepeatPlanFacts(BaseModel):
    """The previous plan's length and the gap before the new ICPC (whole calendar months + days)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    previous_start: date
    previous_end: date
    new_icpc: date
    previous_plan_months: int
    previous_plan_extra_days: int
    previous_plan_total_days: int
    gap_months: int
    gap_extra_days: int
    gap_total_days: int
    two_year_window_end: date
    """previous_end + 24 calendar months: the last day a new ICPC counts as within 2 years."""
    within_two_years: bool
    """new_icpc <= two_year_window_end."""


class Timeline(BaseModel):
    """The milestones of one pathway, in the contract's order, plus facts for the repeat form."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pathway: Pathway
    milestones: list[Milestone]
    facts: RepeatPlanFacts | None = None

    def get(self, milestone_id: str) -> Milestone:
        """The milestone with this id (KeyError if this timeline has none)."""
        for milestone in self.milestones:
            if milestone.id == milestone_id:
                return milestone
        raise KeyError(milestone_id)


# -- calendar arithmetic ---------------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, clamped to the end of the month.

    31 Jan + 1 = 28 Feb (29 Feb in a leap year); 29 Feb 2024 + 12 = 28 Feb 2025. A date-time keeps
    its time. ``months`` may be negative.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise TimelineError(f"Adding {months} months to {d.isoformat()} goes outside the calendar.")
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def months_and_days(start: date, end: date) -> tuple[int, int]:
    """The time from ``start`` to ``end`` as whole calendar months plus remaining days.

    The months are the most ``m`` with ``add_months(start, m) <= end``; the days are what is left.
    10 Jan -> 10 Apr is (3, 0); 31 Jan -> 28 Feb is (1, 0). ``end`` must not be before ``start``.
    """
    if end < start:
        raise ValueError("end is before start")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def describe_duration(months: int, days: int) -> str:
    """Plain English for a months-and-days length: '3 months', '1 month and 4 days', '0 days'."""
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


# -- parsing and checking input ------------------------------------------------------------------


def parse_date(text: str, field: str) -> date:
    """A year-month-day date from text such as ``2025-01-31``; ``field`` names it in any error."""
    value = (text or "").strip()
    if not _DATE_TEXT.fullmatch(value):
        raise TimelineError(
            f"{field} must be a date like 2025-01-31 (year-month-day); {text!r} is not in that form.", field
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TimelineError(
            f"{field} must be a real calendar date like 2025-01-31; {value} does not exist.", field
        ) from None


def parse_datetime(text: str, field: str) -> datetime:
    """A local date and time from text such as ``2026-01-01T10:00`` (or with a space for the T)."""
    value = (text or "").strip()
    match = _DATETIME_TEXT.fullmatch(value)
    if not match:
        hint = " It has a date but no time." if _DATE_TEXT.fullmatch(value) else ""
        raise TimelineError(
            f"{field} must be a date and time like 2026-01-01T10:00 (year-month-day, T, 24-hour "
            f"hours:minutes); {text!r} is not in that form.{hint}",
            field,
        )
    day = parse_date(match.group(1), field)
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise TimelineError(
            f"{field} must have a real time of day between 00:00 and 23:59; {value} does not.", field
        )
    return datetime(day.year, day.month, day.day, hour, minute)


def _name(field: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(field, field)


def _as_date(value: object, field: str, names: Mapping[str, str] | None) -> date:
    """A date field: a date (a date-time counts by its date); anything else is an error."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    name = _name(field, names)
    raise TimelineError(f"{name} must be a date like 2025-01-31; got {value!r}.", name)


def _as_local_datetime(value: object, field: str, names: Mapping[str, str] | None) -> datetime:
    name = _name(field, names)
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise TimelineError(
                f"{name} needs the time of the review conference as well as its date (like "
                f"2026-01-01T10:00): the service manager must record on Liquid Logic at least 48 hours "
                f"before it starts.",
                name,
            )
        raise TimelineError(f"{name} must be a date and time like 2026-01-01T10:00; got {value!r}.", name)
    if value.tzinfo is not None:
        raise TimelineError(f"{name} must be a local date and time without a time zone; got {value}.", name)
    return value


def _check_today(today: object, names: Mapping[str, str] | None) -> date | datetime | None:
    if today is None:
        return None
    if isinstance(today, datetime):
        return _as_local_datetime(today, "today", names)
    return _as_date(today, "today", names)


def _is_overdue(due: date | datetime, today: date | datetime | None) -> bool | None:
    if today is None:
        return None
    if isinstance(due, datetime) and isinstance(today, datetime):
        return due < today
    due_day = due.date() if isinstance(due, datetime) else due
    today_day = today.date() if isinstance(today, datetime) else today
    return due_day < today_day


def _milestone(
    id: str, label: str, due: date | datetime, today: date | datetime | None, note: str | None = None
) -> Milestone:
    return Milestone(id=id, label=label, due=due, overdue=_is_overdue(due, today), note=note)


def _require_after(
    later: date, later_field: str, earlier: date, earlier_field: str, names: Mapping[str, str] | None, what: str
) -> None:
    if later <= earlier:
        later_name, earlier_name = _name(later_field, names), _name(earlier_field, names)
        raise TimelineError(
            f"{later_name} ({later.isoformat()}) must be after {earlier_name} ({earlier.isoformat()}): {what}.",
            later_name,
        )


# -- the pathways --------------------------------------------------------------------------------


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
    start = _as_date(start, "start", names)
    today = _check_today(today, names)
    first_review = add_months(start, FIRST_REVIEW_MONTHS)
    note = None
    if conference is not None:
        conference = _as_local_datetime(conference, "conference", names)
        _require_after(conference.date(), "conference", start, "start", names,
                       "the review conference follows the ICPC")
        if conference.date() > first_review:
            note = (f"The review conference given ({conference.date().isoformat()}) is later than 3 months "
                    f"after the ICPC.")
    milestones = [
        _milestone(
            "first_review",
            "First review conference (3 months after the ICPC), where stepping down the CP Plan can be considered",
            first_review,
            today,
            note,
        )
    ]
    if conference is not None:
        milestones.append(
            _milestone(
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
    start = _as_date(start, "start", names)
    today = _check_today(today, names)
    due = {n: add_months(start, n) for n in LONG_PLAN_MONTHS}
    if conference_15 is not None:
        conference_15 = _as_date(conference_15, "conference_15", names)
        _require_after(conference_15, "conference_15", start, "start", names,
                       "the 15-month conference follows the ICPC")
    if conference_21 is not None:
        conference_21 = _as_date(conference_21, "conference_21", names)
        _require_after(conference_21, "conference_21", start, "start", names,
                       "the 21-month conference follows the ICPC")
        if conference_15 is not None:
            _require_after(conference_21, "conference_21", conference_15, "conference_15", names,
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
        _milestone(
            "m9",
            "9-month conference: the CP Chair challenges all multi-agency partners to focus on the required "
            "outcomes, within clear, tightly prescribed timescales",
            due[9],
            today,
        ),
        _milestone(
            "m12",
            "12-month mid-point review: the CP Chair talks with the SW team about progress on the CP Plan and "
            "records the review on ICS using the mid-point exemplar",
            due[12],
            today,
        ),
        _milestone(
            "m15",
            "15-month conference: before it, the SW team's report with a clear analysis and the statutory "
            "assessment are completed, partners' reports are ready, and the CP Chair has discussed the child "
            "in supervision",
            due[15],
            today,
            held(conference_15),
        ),
        _milestone(
            "lpm",
            "Legal Planning Meeting, if concerns are not addressed and outcomes not sufficiently achieved at "
            "the 15-month conference: within a maximum of two weeks of that conference",
            lpm_due,
            today,
            lpm_note,
        ),
        _milestone(
            "m18",
            "18-month review: if the child is still subject to a CP Plan, the QA team manager meets the team "
            "manager of the long-term team and records the meeting on ICS as a management note",
            due[18],
            today,
        ),
        _milestone(
            "m21",
            "21-month conference: the SW team brings a clear analysis of whether concerns have decreased enough "
            "for the CP Plan to end, or a clear timeframe for placing the matter before the courts",
            due[21],
            today,
            held(conference_21),
        ),
        _milestone(
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
    previous_start = _as_date(previous_start, "previous_start", names)
    previous_end = _as_date(previous_end, "previous_end", names)
    new_icpc = _as_date(new_icpc, "new_icpc", names)
    if previous_end < previous_start:
        end_name, start_name = _name("previous_end", names), _name("previous_start", names)
        raise TimelineError(
            f"{end_name} ({previous_end.isoformat()}) is before {start_name} ({previous_start.isoformat()}): "
            f"the previous plan cannot end before it started.",
            end_name,
        )
    if new_icpc < previous_end:
        icpc_name, end_name = _name("new_icpc", names), _name("previous_end", names)
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


# -- the command-line contract ---------------------------------------------------------------------


def format_due(due: date | datetime) -> str:
    """ISO text: ``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM`` for a date-time."""
    if isinstance(due, datetime):
        return due.isoformat(timespec="minutes")
    return due.isoformat()


def timeline_json(timeline: Timeline) -> dict:
    """Exactly ``{"milestones": [{"id": str, "label": str, "due": str}, ...]}``, in the timeline's order."""
    return {
        "milestones": [
            {"id": m.id, "label": m.label, "due": format_due(m.due)} for m in timeline.milestones
        ]
    }


_OPTIONS_BY_PATHWAY: dict[str, tuple[str, ...]] = {
    "step-down": ("start", "conference"),
    "long-plan": ("start", "conference_15", "conference_21"),
    "repeat-plan": ("previous_start", "previous_end", "new_icpc"),
}
_REQUIRED_BY_PATHWAY: dict[str, tuple[str, ...]] = {
    "step-down": ("start",),
    "long-plan": ("start",),
    "repeat-plan": ("previous_start", "previous_end", "new_icpc"),
}
CLI_FLAGS: dict[str, str] = {
    field: "--" + field.replace("_", "-")
    for field in ("start", "conference", "conference_15", "conference_21", "previous_start", "previous_end",
                  "new_icpc", "today")
}
"""The command-line flag for each field, used to name fields in error messages."""


def build_timeline_json(
    pathway: str,
    *,
    start: str | None = None,
    conference: str | None = None,
    conference_15: str | None = None,
    conference_21: str | None = None,
    previous_start: str | None = None,
    previous_end: str | None = None,
    new_icpc: str | None = None,
) -> dict:
    """The JSON for ``python -m assistant timeline --pathway ... --json`` from the flags' text.

    Dates are ``YYYY-MM-DD``; ``conference`` is ``YYYY-MM-DDTHH:MM``. Errors name the flags
    (``--start``, ``--conference``, ``--conference-15``, ``--conference-21``, ``--previous-start``,
    ``--previous-end``, ``--new-icpc``). A flag given for a pathway that does not use it is an error.
    """
    if pathway not in _OPTIONS_BY_PATHWAY:
        raise TimelineError(
            f"--pathway must be one of {', '.join(PATHWAYS)}; {pathway!r} is not one of them.", "--pathway"
        )
    given = {
        "start": start,
        "conference": conference,
        "conference_15": conference_15,
        "conference_21": conference_21,
        "previous_start": previous_start,
        "previous_end": previous_end,
        "new_icpc": new_icpc,
    }
    for field, text in given.items():
        if text is not None and field not in _OPTIONS_BY_PATHWAY[pathway]:
            users = [p for p, options in _OPTIONS_BY_PATHWAY.items() if field in options]
            raise TimelineError(
                f"{CLI_FLAGS[field]} is not used with --pathway {pathway} (only with "
                f"{' or '.join('--pathway ' + p for p in users)}).",
                CLI_FLAGS[field],
            )
    missing = [CLI_FLAGS[f] for f in _REQUIRED_BY_PATHWAY[pathway] if not (given[f] or "").strip()]
    if missing:
        raise TimelineError(
            f"--pathway {pathway} needs {', '.join(missing)} (dates like 2025-01-31).", missing[0]
        )

    def day(field: str) -> date | None:
        return None if given[field] is None else parse_date(given[field], CLI_FLAGS[field])

    if pathway == "step-down":
        moment = None if conference is None else parse_datetime(conference, CLI_FLAGS["conference"])
        timeline = step_down_timeline(day("start"), moment, names=CLI_FLAGS)
    elif pathway == "long-plan":
        timeline = long_plan_timeline(
            day("start"), conference_15=day("conference_15"), conference_21=day("conference_21"), names=CLI_FLAGS
        )
    else:
        timeline = repeat_plan_timeline(day("previous_start"), day("previous_end"), day("new_icpc"), names=CLI_FLAGS)
    return timeline_json(timeline)
