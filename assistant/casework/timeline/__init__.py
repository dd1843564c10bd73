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

Parts: ``calendar`` (month arithmetic), ``checks`` (checking the dates given), ``rules`` (one
function per pathway), ``model`` (milestones and the policies' periods). The command-line contract
(``timeline_json``, ``build_timeline_json``) lives in ``assistant.cli.timeline``.
"""

from assistant.casework.timeline.calendar import add_months, describe_duration, months_and_days
from assistant.casework.timeline.model import (
    FIRST_REVIEW_MONTHS,
    LONG_PLAN_IDS,
    LONG_PLAN_MONTHS,
    LPM_AFTER_15_MONTH_CONFERENCE,
    M24_AFTER_21_MONTH_CONFERENCE_MONTHS,
    PATHWAYS,
    REPEAT_PLAN_IDS,
    REPEAT_WINDOW_MONTHS,
    SM_RECORD_BEFORE,
    STEP_DOWN_IDS,
    Milestone,
    Pathway,
    RepeatPlanFacts,
    Timeline,
    format_due,
)
from assistant.casework.timeline.rules import (
    long_plan_timeline,
    repeat_plan_facts,
    repeat_plan_timeline,
    step_down_timeline,
)
from assistant.errors import TimelineError

__all__ = [
    "FIRST_REVIEW_MONTHS",
    "LONG_PLAN_IDS",
    "LONG_PLAN_MONTHS",
    "LPM_AFTER_15_MONTH_CONFERENCE",
    "M24_AFTER_21_MONTH_CONFERENCE_MONTHS",
    "PATHWAYS",
    "REPEAT_PLAN_IDS",
    "REPEAT_WINDOW_MONTHS",
    "SM_RECORD_BEFORE",
    "STEP_DOWN_IDS",
    "Milestone",
    "Pathway",
    "RepeatPlanFacts",
    "Timeline",
    "TimelineError",
    "add_months",
    "describe_duration",
    "format_due",
    "long_plan_timeline",
    "months_and_days",
    "repeat_plan_facts",
    "repeat_plan_timeline",
    "step_down_timeline",
]
