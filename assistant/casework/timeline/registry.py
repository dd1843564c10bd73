"""The deadline rules a pathway file may name, and the case dates they read.

A pathway file says which case dates it asks for (``dates``) and which of these rules work out its
deadlines (``deadlines``), by name; no pathway id appears in code. Each rule is one of the timeline's
pure functions, with the dates it needs before it can say anything and the ones it reads when given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assistant.casework.timeline.model import RepeatWindowFrom, Timeline
from assistant.casework.timeline.repeat import repeat_plan_timeline
from assistant.casework.timeline.rules import long_plan_timeline, step_down_timeline
from assistant.casework.timeline.working_days import DEFAULT_REGION, BankHolidayRegion

DATE_FIELDS: dict[str, str] = {
    "start": "Plan start (ICPC)",
    "conference": "Review conference",
    "conference_15": "15-month conference",
    "conference_21": "21-month conference",
    "previous_start": "Previous plan started",
    "previous_end": "Previous plan ended",
    "new_icpc": "New ICPC",
}
"""Every case date a pathway may ask for, with its label on the form (``drafts.CaseDates`` holds them)."""


@dataclass(frozen=True)
class DeadlineRule:
    name: str
    description: str
    required: tuple[str, ...]
    """Dates without which the rule says nothing."""
    optional: tuple[str, ...]
    """Dates it reads when given (a conference actually held moves what follows it)."""
    compute: Callable[..., Timeline]

    @property
    def dates(self) -> tuple[str, ...]:
        return self.required + self.optional


def _first_review(d: Mapping[str, Any], today, region, window_from, names) -> Timeline:
    return step_down_timeline(d["start"], d.get("conference"), today, region=region, names=names)


def _long_plan(d: Mapping[str, Any], today, region, window_from, names) -> Timeline:
    return long_plan_timeline(d["start"], today, d.get("conference_15"), d.get("conference_21"), region=region,
                              names=names)


def _repeat_window(d: Mapping[str, Any], today, region, window_from, names) -> Timeline:
    return repeat_plan_timeline(d["previous_start"], d["previous_end"], d["new_icpc"], window_from=window_from,
                                names=names)


RULES: dict[str, DeadlineRule] = {rule.name: rule for rule in (
    DeadlineRule("first-review",
                 "The first review conference 3 calendar months after the ICPC, and the service manager's record "
                 "on Liquid Logic at least 48 hours before the review conference",
                 ("start",), ("conference",), _first_review),
    DeadlineRule("long-plan-steps",
                 "The 9, 12 (mid-point review), 15, 18 and 21-month steps after the ICPC, the Legal Planning Meeting "
                 "within two weeks of the 15-month conference and the exceptional 24-month conference",
                 ("start",), ("conference_15", "conference_21"), _long_plan),
    DeadlineRule("repeat-window",
                 "How long the previous plan lasted and whether a new ICPC is within 2 years of it, under both "
                 "readings of \"within 2 years\"",
                 ("previous_start", "previous_end", "new_icpc"), (), _repeat_window),
)}
"""The rules by name, as pathway files name them."""


def required_dates(rules: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for rule in rules for name in RULES[rule].required))


def timeline_for(
    rules: Sequence[str],
    dates: Mapping[str, date | datetime | None],
    today: date | datetime | None = None,
    *,
    pathway: str = "",
    region: BankHolidayRegion = DEFAULT_REGION,
    window_from: RepeatWindowFrom = "plan_end",
    names: Mapping[str, str] | None = None,
) -> Timeline | None:
    """The milestones of every rule in ``rules``, in that order; None when a date one of them needs is
    missing, or when there are no rules. TimelineError (naming the date by ``names``) if the dates
    contradict each other."""
    if not rules or any(dates.get(name) is None for name in required_dates(rules)):
        return None
    given = {name: value for name, value in dates.items() if value is not None}
    parts = [RULES[rule].compute(given, today, region, window_from, names) for rule in rules]
    facts = next((part.facts for part in parts if part.facts is not None), None)
    return Timeline(pathway=pathway, milestones=[m for part in parts for m in part.milestones], facts=facts)
