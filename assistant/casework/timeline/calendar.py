"""Calendar arithmetic: months that clamp to the month's end, durations in months and days, and
dates written for people ("Sunday 6 December 2026, 10:00")."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from assistant.errors import TimelineError


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


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def format_for_people(value: date | datetime) -> str:
    """'Sunday 6 December 2026' for a date, 'Sunday 6 December 2026, 10:00' for a date-time.

    The names are English whatever the machine's locale; JSON keeps ISO (``format_due``).
    """
    text = f"{DAY_NAMES[value.weekday()]} {value.day} {MONTH_NAMES[value.month - 1]} {value.year}"
    if isinstance(value, datetime):
        text += f", {value.hour:02d}:{value.minute:02d}"
    return text


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
