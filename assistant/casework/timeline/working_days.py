"""Weekends and bank holidays: which days are not working days in the council's part of the UK.

Bank holidays come from the ``holidays`` package (England and Wales, Scotland or Northern
Ireland, the ``ASSISTANT_BANK_HOLIDAY_REGION`` setting), never from a hand-typed list, so the
one-off days (a coronation, a state funeral) and the substitute days ("Boxing Day (observed)")
are there too.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

BankHolidayRegion = Literal["england-and-wales", "scotland", "northern-ireland"]
BANK_HOLIDAY_REGIONS: tuple[str, ...] = ("england-and-wales", "scotland", "northern-ireland")
DEFAULT_REGION: BankHolidayRegion = "england-and-wales"
REGION_NAMES: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
# England and Wales share their bank holidays; the package lists them under England.
_SUBDIVISIONS: dict[str, str] = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> dict[date, str]:
    """The bank holidays of one year in one region, by date."""
    import holidays  # imported on first use: settings and the CLI's other commands do not need it

    return dict(holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[region], years=year).items())


def bank_holiday(day: date, region: BankHolidayRegion = DEFAULT_REGION) -> str | None:
    """The bank holiday's name ('Easter Monday') if ``day`` is one in ``region``, else None."""
    return _bank_holidays(region, day.year).get(day)


def non_working(day: date, region: BankHolidayRegion = DEFAULT_REGION) -> str | None:
    """What ``day`` is when it is not a working day, worded to follow "falls on": 'a Sunday',
    'Christmas Day, a bank holiday in England and Wales', or both joined by 'and on'; None for a
    working day."""
    reasons = []
    if day.weekday() >= 5:
        reasons.append("a Saturday" if day.weekday() == 5 else "a Sunday")
    name = bank_holiday(day, region)
    if name is not None:
        reasons.append(f"{name}, a bank holiday in {REGION_NAMES[region]}")
    return " and on ".join(reasons) or None


def previous_working_day(day: date, region: BankHolidayRegion = DEFAULT_REGION) -> date:
    """The last working day before ``day``."""
    day -= timedelta(days=1)
    while non_working(day, region):
        day -= timedelta(days=1)
    return day
