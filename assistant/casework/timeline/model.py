"""The timeline's models and the policies' periods: what a milestone is, and the numbers the rules use."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

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


def format_due(due: date | datetime) -> str:
    """ISO text: ``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM`` for a date-time."""
    if isinstance(due, datetime):
        return due.isoformat(timespec="minutes")
    return due.isoformat()
