"""The timeline's models and the policies' periods: what a milestone is, and the numbers the rules use."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RepeatWindowFrom = Literal["plan_end", "registration"]
"""Where "within 2 years" is counted from: the previous plan's end (the wider reading, the default)
or its start, the registration the policy's title names."""
REPEAT_WINDOW_READINGS: tuple[str, ...] = ("plan_end", "registration")

FIRST_REVIEW_MONTHS = 3
SM_RECORD_BEFORE = timedelta(hours=48)
LONG_PLAN_MONTHS: tuple[int, ...] = (9, 12, 15, 18, 21)
LPM_AFTER_15_MONTH_CONFERENCE = timedelta(days=14)
M24_AFTER_21_MONTH_CONFERENCE_MONTHS = 3
REPEAT_WINDOW_MONTHS = 24

STEP_DOWN_IDS: tuple[str, ...] = ("first_review", "sm_record")
LONG_PLAN_IDS: tuple[str, ...] = ("m9", "m12", "m15", "lpm", "m18", "m21", "m24")
REPEAT_PLAN_IDS: tuple[str, ...] = (
    "previous_end", "new_icpc", "two_year_window_end", "two_year_window_from_registration",
)


class Milestone(BaseModel):
    """One dated step: what happens (``label``, plain English), when it is due, and notes on it."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    label: str
    due: datetime | date
    """A date, or a date-time where the time matters (``sm_record``)."""
    overdue: bool | None = None
    """True/False against the given today; None when no today was given."""
    notes: list[str] = Field(default_factory=list)
    """Plain-English notes, in order: what the step is and how the date was worked out, the policy's
    own words (verbatim, in curly quotes), and any caveat (a weekend or bank holiday, a clock change,
    a conference booked late, which reading of "within 2 years" applies)."""


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
    """previous_end + 24 calendar months: the last day of 2 years from the previous plan's end."""
    registration_window_end: date
    """previous_start + 24 calendar months: the last day of 2 years from the previous registration."""
    within_two_years_of_plan_end: bool
    """new_icpc <= two_year_window_end."""
    within_two_years_of_registration: bool
    """new_icpc <= registration_window_end."""
    window_from: RepeatWindowFrom
    """The reading the council has chosen (``ASSISTANT_REPEAT_WINDOW_FROM``)."""
    within_two_years: bool
    """Within 2 years under the council's reading: one of the two flags above."""


class Timeline(BaseModel):
    """The milestones of one pathway, in the contract's order, plus facts for the repeat form."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pathway: str
    """The pathway (or, from a rule alone, the rule) the milestones were worked out for."""
    milestones: list[Milestone]
    facts: RepeatPlanFacts | None = None

    def get(self, milestone_id: str) -> Milestone:
        """The milestone with this id (KeyError if this timeline has none)."""
        for milestone in self.milestones:
            if milestone.id == milestone_id:
                return milestone
        raise KeyError(milestone_id)


def format_due(due: date | datetime) -> str:
    """ISO text: ``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM`` for a date-time."""
    if isinstance(due, datetime):
        return due.isoformat(timespec="minutes")
    return due.isoformat()


def parse_due(text: str) -> date | datetime:
    """The date or date-time back from ``format_due``'s text."""
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
