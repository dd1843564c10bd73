"""Dates in the timeline engine as people and the calendar see them: dates written for people, real
hours across the UK clock changes, weekends and bank holidays by region, and overdue to the minute."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.casework.timeline import (
    BANK_HOLIDAY_REGIONS,
    REPEAT_WINDOW_READINGS,
    format_for_people,
    long_plan_timeline,
    parse_due,
    step_down_timeline,
)
from assistant.casework.timeline.clock import clock_change_between, london_wall_time, real_hours_before
from assistant.casework.timeline.model import format_due
from assistant.casework.timeline.working_days import bank_holiday, non_working, previous_working_day
from assistant.config import Settings

D = date.fromisoformat
T = datetime.fromisoformat


# -- dates written for people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("2026-12-06"), "Sunday 6 December 2026"),
        (T("2026-12-06T10:00"), "Sunday 6 December 2026, 10:00"),
        (T("2024-02-29T00:05"), "Thursday 29 February 2024, 00:05"),
        (D("2026-01-01"), "Thursday 1 January 2026"),
        (D("2025-05-31"), "Saturday 31 May 2025"),
        (T("2026-03-29T23:59"), "Sunday 29 March 2026, 23:59"),
        (datetime(2026, 12, 6, 0, 0), "Sunday 6 December 2026, 00:00"),  # midnight keeps its time
    ],
)
def test_format_for_people(value, text):
    assert format_for_people(value) == text


@pytest.mark.parametrize("text", ["2026-12-06", "2026-12-06T10:00", "2024-02-29T00:00"])
def test_parse_due_reverses_format_due(text):
    assert format_due(parse_due(text)) == text


# -- real hours in Europe/London -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conference", "record_by", "change"),
    [
        ("2026-01-01T10:00", "2025-12-30T10:00", None),
        # spring: BST starts at 01:00 GMT on Sunday 29 March 2026
        ("2026-03-30T10:00", "2026-03-28T09:00", "British Summer Time starts on Sunday 29 March 2026"),
        ("2026-03-31T10:00", "2026-03-29T10:00", None),  # the change is before the deadline, not between
        ("2026-03-31T01:30", "2026-03-29T00:30", "British Summer Time starts on Sunday 29 March 2026"),
        ("2026-03-29T09:00", "2026-03-27T08:00", "British Summer Time starts on Sunday 29 March 2026"),
        ("2025-03-31T10:00", "2025-03-29T09:00", "British Summer Time starts on Sunday 30 March 2025"),
        # autumn: BST ends at 01:00 GMT on Sunday 25 October 2026
        ("2026-10-26T10:00", "2026-10-24T11:00", "British Summer Time ends on Sunday 25 October 2026"),
        ("2026-10-25T10:00", "2026-10-23T11:00", "British Summer Time ends on Sunday 25 October 2026"),
        ("2026-10-27T10:00", "2026-10-25T10:00", None),
        ("2026-10-27T01:30", "2026-10-25T01:30", None),  # the second 01:30 of that night, already GMT
        ("2026-07-15T14:00", "2026-07-13T14:00", None),
    ],
)
def test_48_real_hours_before_across_clock_changes(conference, record_by, change):
    due = real_hours_before(T(conference), timedelta(hours=48))
    assert due == T(record_by)
    assert clock_change_between(due, T(conference)) == change
    timeline = step_down_timeline(D("2024-09-01"), T(conference))
    assert timeline.get("sm_record").due == T(record_by)
    clock_notes = [n for n in timeline.get("sm_record").notes if n.startswith("The clocks change")]
    assert len(clock_notes) == (change is not None)


def test_the_clock_change_note_says_what_happens_to_the_time():
    notes = step_down_timeline(D("2025-12-30"), T("2026-03-30T10:00")).get("sm_record").notes
    assert notes[0] == ("No later than Saturday 28 March 2026, 09:00: 48 hours before the review conference on "
                        "Monday 30 March 2026, 10:00.")
    assert ("The clocks change in between (British Summer Time starts on Sunday 29 March 2026): 48 real hours "
            "before 10:00 on Monday 30 March 2026 is 09:00 on the clock, not 10:00.") in notes


@pytest.mark.parametrize(
    ("moment", "wall"),
    [
        (datetime(2026, 1, 15, 9, 30, tzinfo=UTC), datetime(2026, 1, 15, 9, 30)),  # GMT
        (datetime(2026, 6, 15, 9, 30, tzinfo=UTC), datetime(2026, 6, 15, 10, 30)),  # BST
        (datetime(2026, 6, 15, 9, 30), datetime(2026, 6, 15, 9, 30)),  # naive: already local
    ],
)
def test_london_wall_time(moment, wall):
    assert london_wall_time(moment) == wall
    assert london_wall_time(moment).tzinfo is None


# -- overdue: to the minute for a date-time, by the day for a date ------------------------------------


@pytest.mark.parametrize(
    ("today", "sm_overdue", "review_overdue"),
    [
        # sm_record is due at 10:00 on Wednesday 10 June 2026; the first review on Friday 12 June 2026
        (None, None, None),
        (T("2026-06-10T09:59"), False, False),
        (T("2026-06-10T10:00"), False, False),
        (T("2026-06-10T10:01"), True, False),
        (D("2026-06-10"), False, False),  # a date today: a date-time deadline that day is not yet overdue
        (D("2026-06-11"), True, False),
        (T("2026-06-12T23:59"), True, False),  # a date deadline is never overdue on its own day
        (T("2026-06-13T00:00"), True, True),
        # an aware "now" is read on the London clock: 09:30 UTC is 10:30 BST, after the 10:00 deadline
        (datetime(2026, 6, 10, 9, 30, tzinfo=UTC), True, False),
        (datetime(2026, 6, 10, 8, 30, tzinfo=UTC), False, False),
    ],
)
def test_overdue_to_the_minute_on_the_day(today, sm_overdue, review_overdue):
    timeline = step_down_timeline(D("2026-03-12"), T("2026-06-12T10:00"), today=today)
    assert timeline.get("sm_record").overdue is sm_overdue
    assert timeline.get("first_review").overdue is review_overdue


# -- weekends and bank holidays --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "region", "reason"),
    [
        ("2026-12-05", "england-and-wales", "a Saturday"),
        ("2026-12-06", "england-and-wales", "a Sunday"),
        ("2026-12-07", "england-and-wales", None),
        ("2026-12-25", "england-and-wales", "Christmas Day, a bank holiday in England and Wales"),
        ("2026-12-26", "england-and-wales", "a Saturday and on Boxing Day, a bank holiday in England and Wales"),
        ("2026-12-28", "england-and-wales", "Boxing Day (observed), a bank holiday in England and Wales"),
        ("2026-04-03", "england-and-wales", "Good Friday, a bank holiday in England and Wales"),
        ("2026-04-06", "england-and-wales", "Easter Monday, a bank holiday in England and Wales"),
        ("2026-04-06", "scotland", None),  # Easter Monday is not a bank holiday in Scotland
        ("2026-01-02", "scotland", "New Year Holiday, a bank holiday in Scotland"),
        ("2026-11-30", "scotland", "Saint Andrew's Day, a bank holiday in Scotland"),
        ("2026-11-30", "england-and-wales", None),
        ("2026-03-17", "northern-ireland", "Saint Patrick's Day, a bank holiday in Northern Ireland"),
        ("2026-07-13", "northern-ireland", "Battle of the Boyne (observed), a bank holiday in Northern Ireland"),
        ("2026-08-03", "scotland", "Summer Bank Holiday, a bank holiday in Scotland"),
        ("2026-08-31", "scotland", None),
        ("2023-05-08", "england-and-wales", "Coronation of Charles III, a bank holiday in England and Wales"),
    ],
)
def test_non_working_days_by_region(day, region, reason):
    assert non_working(D(day), region) == reason


@pytest.mark.parametrize(
    ("day", "region", "previous"),
    [
        ("2026-12-06", "england-and-wales", "2026-12-04"),  # Sunday -> Friday
        ("2026-12-07", "england-and-wales", "2026-12-04"),  # Monday -> Friday
        ("2026-04-06", "england-and-wales", "2026-04-02"),  # Easter Monday -> Thursday (Good Friday too)
        ("2026-12-28", "england-and-wales", "2026-12-24"),  # Boxing Day (observed) -> Christmas Eve
        ("2027-01-01", "england-and-wales", "2026-12-31"),
        ("2026-01-05", "scotland", "2025-12-31"),  # 1 and 2 January are both holidays in Scotland
        ("2026-01-05", "england-and-wales", "2026-01-02"),
    ],
)
def test_previous_working_day(day, region, previous):
    assert previous_working_day(D(day), region) == D(previous)


def test_bank_holidays_come_from_the_package_for_any_year():
    assert bank_holiday(D("2031-04-14"), "england-and-wales") == "Easter Monday"  # no list to keep up to date
    assert bank_holiday(D("2031-04-15"), "england-and-wales") is None


@pytest.mark.parametrize(
    ("conference", "region", "flag"),
    [
        # the example in the issue: a Tuesday conference makes a Sunday deadline
        ("2026-12-08T10:00", "england-and-wales", "Falls on a Sunday: in practice record it by Friday 4 December 2026."),
        ("2026-04-08T10:00", "england-and-wales",
         "Falls on Easter Monday, a bank holiday in England and Wales: in practice record it by Thursday 2 April 2026."),
        ("2026-04-08T10:00", "scotland", None),
        ("2026-12-30T10:00", "england-and-wales",
         "Falls on Boxing Day (observed), a bank holiday in England and Wales: in practice record it by Thursday "
         "24 December 2026."),
        ("2026-12-02T10:00", "scotland",
         "Falls on Saint Andrew's Day, a bank holiday in Scotland: in practice record it by Friday 27 November 2026."),
        ("2026-12-02T10:00", "england-and-wales", None),
        ("2026-12-10T10:00", "england-and-wales", None),  # Tuesday: a working day
    ],
)
def test_sm_record_on_a_non_working_day_suggests_the_previous_working_day(conference, region, flag):
    notes = step_down_timeline(D("2026-01-08"), T(conference), region=region).get("sm_record").notes
    flags = [n for n in notes if n.startswith("Falls on")]
    assert flags == ([flag] if flag else [])


@pytest.mark.parametrize(
    ("start", "conference_15", "milestone_id", "flag"),
    [
        # a conference or review date is only flagged, never moved
        ("2026-03-25", None, "m9", "Falls on Christmas Day, a bank holiday in England and Wales, not a working day: "
                                   "check the date it is booked for."),
        ("2025-12-06", None, "m12", "Falls on a Sunday, not a working day: check the date it is booked for."),
        ("2025-01-15", "2026-04-18", "m15", "The date given, Saturday 18 April 2026, falls on a Saturday: check it."),
        # the Legal Planning Meeting is "no later than": the previous working day is suggested
        ("2025-01-15", "2026-05-11", "lpm", "Falls on Spring Bank Holiday, a bank holiday in England and Wales: in "
                                            "practice hold it by Friday 22 May 2026."),
        ("2025-01-15", "2026-04-23", "lpm", None),
    ],
)
def test_long_plan_weekend_and_bank_holiday_flags(start, conference_15, milestone_id, flag):
    timeline = long_plan_timeline(D(start), conference_15=D(conference_15) if conference_15 else None)
    flags = [n for n in timeline.get(milestone_id).notes if n.startswith(("Falls on", "The date given"))]
    assert flags == ([flag] if flag else [])


@pytest.mark.parametrize(
    ("start", "conference", "flag"),
    [
        ("2026-09-06", None, "Falls on a Sunday, not a working day: check the date it is booked for."),
        ("2026-09-07", None, None),
        ("2026-09-06", "2026-12-05T10:00", "The date given, Saturday 5 December 2026, falls on a Saturday: check it."),
        ("2026-09-06", "2026-12-04T10:00", None),  # booked on the Friday: the Sunday 3-month point is not flagged
    ],
)
def test_first_review_flags(start, conference, flag):
    notes = step_down_timeline(D(start), T(conference) if conference else None).get("first_review").notes
    flags = [n for n in notes if n.startswith(("Falls on", "The date given"))]
    assert flags == ([flag] if flag else [])


# -- the settings and the engine agree -------------------------------------------------------------


def test_settings_offer_the_engines_choices():
    from typing import get_args

    assert get_args(Settings.model_fields["bank_holiday_region"].annotation) == BANK_HOLIDAY_REGIONS
    assert get_args(Settings.model_fields["repeat_window_from"].annotation) == REPEAT_WINDOW_READINGS
