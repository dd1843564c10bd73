"""Real hours in Europe/London: "at least 48 hours before" across a clock change, and "now" as a local time.

Case dates are naive local times, as on Liquid Logic. To count real hours, a time is read as
Europe/London, moved in UTC and turned back into a naive local time, so a clock change in between
moves the wall-clock time: 48 hours before 10:00 BST on Monday 30 March 2026 is 09:00 GMT on
Saturday 28 March (British Summer Time started at 01:00 GMT on Sunday 29 March).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from assistant.casework.timeline.calendar import format_for_people

LONDON = ZoneInfo("Europe/London")


def as_london(local: datetime) -> datetime:
    """A naive Europe/London wall-clock time as an aware one (an ambiguous autumn hour: the first)."""
    return local.replace(tzinfo=LONDON)


def london_wall_time(moment: datetime) -> datetime:
    """An aware moment as the naive wall-clock time in Europe/London (naive input is returned as it is)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LONDON).replace(tzinfo=None)


def real_hours_before(local: datetime, delta: timedelta) -> datetime:
    """The naive local time ``delta`` of real time before the naive local time ``local``."""
    return london_wall_time(as_london(local).astimezone(UTC) - delta)


def clock_change_between(earlier: datetime, later: datetime) -> str | None:
    """'British Summer Time starts on Sunday 29 March 2026' (or 'ends on ...') when the UK clocks
    change between the two naive local times; None when they do not."""
    before, after = as_london(earlier).utcoffset(), as_london(later).utcoffset()
    if before == after or before is None or after is None:
        return None
    what = "British Summer Time starts" if after > before else "British Summer Time ends"
    day = earlier.date()
    while day < later.date() and as_london(datetime.combine(day + timedelta(days=1), time())).utcoffset() == before:
        day += timedelta(days=1)
    return f"{what} on {format_for_people(day)}"
