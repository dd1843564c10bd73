"""Checking the dates the rules are given, and making milestones; errors name each field as the caller did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from assistant.casework.timeline.clock import london_wall_time
from assistant.casework.timeline.model import Milestone
from assistant.errors import TimelineError


def field_name(field: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(field, field)


def as_date(value: object, field: str, names: Mapping[str, str] | None) -> date:
    """A date field: a date (a date-time counts by its date); anything else is an error."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    name = field_name(field, names)
    raise TimelineError(f"{name} must be a date like 2025-01-31; got {value!r}.", name)


def as_local_datetime(value: object, field: str, names: Mapping[str, str] | None) -> datetime:
    name = field_name(field, names)
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


def check_today(today: object, names: Mapping[str, str] | None) -> date | datetime | None:
    """Today as a date, or now as a naive Europe/London time (an aware moment is converted, so a
    server running on UTC still judges deadlines by the clock on the office wall)."""
    if today is None:
        return None
    if isinstance(today, datetime):
        return london_wall_time(today)
    return as_date(today, "today", names)


def is_overdue(due: date | datetime, today: date | datetime | None) -> bool | None:
    """Overdue to the minute when both are date-times; otherwise by the day (a date is overdue only
    from the next day)."""
    if today is None:
        return None
    if isinstance(due, datetime) and isinstance(today, datetime):
        return due < today
    due_day = due.date() if isinstance(due, datetime) else due
    today_day = today.date() if isinstance(today, datetime) else today
    return due_day < today_day


def milestone(
    id: str, label: str, due: date | datetime, today: date | datetime | None, notes: Sequence[str | None] = ()
) -> Milestone:
    """A milestone with its overdue flag; the notes that are None are left out."""
    kept = [note for note in notes if note]
    return Milestone(id=id, label=label, due=due, overdue=is_overdue(due, today), notes=kept)


def require_after(
    later: date, later_field: str, earlier: date, earlier_field: str, names: Mapping[str, str] | None, what: str
) -> None:
    if later <= earlier:
        later_name, earlier_name = field_name(later_field, names), field_name(earlier_field, names)
        raise TimelineError(
            f"{later_name} ({later.isoformat()}) must be after {earlier_name} ({earlier.isoformat()}): {what}.",
            later_name,
        )
