"""The CP pathway timeline engine: due dates computed from the policies, in pure functions.

Three forms, one per pathway:

- ``step_down_timeline``: the first review conference (3 calendar months after the ICPC) and,
  when the review conference's date and time are known, the service manager's deadline for
  recording the step-down discussion on Liquid Logic (at least 48 hours before the conference).
  A review conference booked after the 3-month point is flagged in a note.
- ``long_plan_timeline``: the 9, 12 (mid-point review), 15, 18 and 21-month steps of the
  "CP Plans for longer than 2 years" policy, the latest Legal Planning Meeting date (two weeks
  after the 15-month conference) and the exceptional 24-month conference (3 months after the
  21-month conference actually held, as the policy says; the 21-month due date until it is given).
- ``repeat_plan_timeline`` / ``repeat_plan_facts``: for a new ICPC, how long the previous plan
  lasted and whether the new ICPC is within 2 years, counted from the previous plan's end and
  from its start (the "last registration" of the policy's title); the council's setting
  (``window_from``) decides which reading ``within_two_years`` follows.

Rules used throughout:

- Calendar months clamp to the end of the month: 31 Jan + 1 month = 28 Feb (29 Feb in a leap
  year). Every "n months after the ICPC" step is counted from the ICPC date itself, never chained
  from the previous step, so clamping never accumulates.
- "Today" is always a parameter, never read from the clock. A milestone is overdue when today is
  given and its due date has passed: to the minute when both are date-times (a deadline earlier
  that day is overdue, a later one is not), otherwise by the day (a date is overdue only from the
  next day). An aware "now" is read as the Europe/London wall-clock time. With no today,
  ``overdue`` is None. Overdue only means the date has passed: the engine does not know whether
  the step was done.
- Date-times are local (naive) times, as on Liquid Logic. "At least 48 hours before" is counted
  in real hours in Europe/London, so a clock change in between moves the clock time by an hour
  (48 hours before 10:00 on Monday 30 March 2026 is 09:00 on Saturday 28 March), and a note says so.
- Every milestone carries ``notes``: what the step is and how its date was worked out, the
  policy's own words (verbatim), and caveats. A date on a weekend or a bank holiday of the
  council's region (``region``) is flagged: for a "no later than" deadline the note gives the
  previous working day; a conference or review date is only flagged. Nothing is moved.

Parts: ``calendar`` (month arithmetic, dates written for people), ``clock`` (real hours in
Europe/London), ``working_days`` (weekends and bank holidays), ``checks`` (checking the dates
given), ``rules`` (step-down and long-plan), ``repeat`` (the repeat-plan form), ``notes`` (the
notes' wording and policy quotes), ``model`` (milestones and the policies' periods). The
command-line contract (``timeline_json``, ``build_timeline_json``) lives in ``assistant.cli.timeline``.
"""

from assistant.casework.timeline.calendar import add_months, describe_duration, format_for_people, months_and_days
from assistant.casework.timeline.clock import london_wall_time
from assistant.casework.timeline.model import (
    FIRST_REVIEW_MONTHS,
    LONG_PLAN_IDS,
    LONG_PLAN_MONTHS,
    LPM_AFTER_15_MONTH_CONFERENCE,
    M24_AFTER_21_MONTH_CONFERENCE_MONTHS,
    REPEAT_PLAN_IDS,
    REPEAT_WINDOW_MONTHS,
    REPEAT_WINDOW_READINGS,
    SM_RECORD_BEFORE,
    STEP_DOWN_IDS,
    Milestone,
    RepeatPlanFacts,
    RepeatWindowFrom,
    Timeline,
    format_due,
    parse_due,
)
from assistant.casework.timeline.registry import DATE_FIELDS, RULES, DeadlineRule, required_dates, timeline_for
from assistant.casework.timeline.repeat import repeat_plan_facts, repeat_plan_timeline
from assistant.casework.timeline.rules import long_plan_timeline, step_down_timeline
from assistant.casework.timeline.working_days import (
    BANK_HOLIDAY_REGIONS,
    DEFAULT_REGION,
    REGION_NAMES,
    BankHolidayRegion,
)
from assistant.errors import TimelineError

__all__ = [
    "BANK_HOLIDAY_REGIONS",
    "DATE_FIELDS",
    "DEFAULT_REGION",
    "FIRST_REVIEW_MONTHS",
    "LONG_PLAN_IDS",
    "LONG_PLAN_MONTHS",
    "LPM_AFTER_15_MONTH_CONFERENCE",
    "M24_AFTER_21_MONTH_CONFERENCE_MONTHS",
    "REGION_NAMES",
    "REPEAT_PLAN_IDS",
    "REPEAT_WINDOW_MONTHS",
    "REPEAT_WINDOW_READINGS",
    "RULES",
    "SM_RECORD_BEFORE",
    "STEP_DOWN_IDS",
    "BankHolidayRegion",
    "DeadlineRule",
    "Milestone",
    "RepeatPlanFacts",
    "RepeatWindowFrom",
    "Timeline",
    "TimelineError",
    "add_months",
    "describe_duration",
    "format_due",
    "format_for_people",
    "london_wall_time",
    "long_plan_timeline",
    "months_and_days",
    "parse_due",
    "repeat_plan_facts",
    "repeat_plan_timeline",
    "required_dates",
    "step_down_timeline",
    "timeline_for",
]
