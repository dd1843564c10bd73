"""The timeline engine: calendar months, the step-down, long-plan and repeat-plan dates, overdue
flags and input errors (the JSON contract of ``python -m assistant timeline --json`` is tested in
tests/cli/test_timeline_json.py; notes, clock changes and working days in test_timeline_notes.py and
test_timeline_dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assistant.casework.timeline import (
    LONG_PLAN_IDS,
    STEP_DOWN_IDS,
    TimelineError,
    add_months,
    describe_duration,
    long_plan_timeline,
    months_and_days,
    repeat_plan_facts,
    repeat_plan_timeline,
    step_down_timeline,
)
from assistant.errors import AssistantError

D = date.fromisoformat


def dues(timeline) -> dict[str, str]:
    return {m.id: m.due.isoformat() for m in timeline.milestones}


# -- add_months --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-01-15", 1, "2025-02-15"),
        ("2025-01-31", 1, "2025-02-28"),  # non-leap February
        ("2024-01-31", 1, "2024-02-29"),  # leap February
        ("2100-01-31", 1, "2100-02-28"),  # century, not a leap year
        ("2000-01-31", 1, "2000-02-29"),  # 400-year leap year
        ("2025-11-30", 3, "2026-02-28"),  # across the year end, clamped
        ("2025-08-31", 3, "2025-11-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2025-03-31", 1, "2025-04-30"),
        ("2025-12-31", 1, "2026-01-31"),
        ("2025-10-15", 3, "2026-01-15"),
        ("2025-05-31", 21, "2027-02-28"),
        ("2025-01-31", 0, "2025-01-31"),
        ("2025-03-31", -1, "2025-02-28"),
        ("2026-01-15", -3, "2025-10-15"),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(D(start), months) == D(expected)


def test_add_months_keeps_the_time_of_a_datetime():
    assert add_months(datetime(2024, 1, 31, 9, 30), 1) == datetime(2024, 2, 29, 9, 30)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-01-10", "2025-04-10", (3, 0)),
        ("2023-01-10", "2024-07-10", (18, 0)),
        ("2025-01-10", "2025-04-09", (2, 30)),
        ("2025-01-31", "2025-02-28", (1, 0)),
        ("2025-01-31", "2025-03-30", (1, 30)),
        ("2025-01-10", "2025-01-10", (0, 0)),
        ("2024-02-29", "2025-02-28", (12, 0)),
    ],
)
def test_months_and_days(start, end, expected):
    assert months_and_days(D(start), D(end)) == expected


@pytest.mark.parametrize(
    ("months", "days", "text"),
    [
        (3, 0, "3 months"),
        (1, 4, "1 month and 4 days"),
        (0, 1, "1 day"),
        (0, 0, "0 days"),
        (18, 2, "18 months and 2 days"),
    ],
)
def test_describe_duration(months, days, text):
    assert describe_duration(months, days) == text


# -- step down -------------------------------------------------------------------------------------


def test_step_down_first_review_only_without_conference():
    timeline = step_down_timeline(D("2025-01-31"))
    assert [m.id for m in timeline.milestones] == ["first_review"]
    assert timeline.get("first_review").due == D("2025-04-30")
    assert timeline.get("first_review").overdue is None


@pytest.mark.parametrize(
    ("start", "first_review"),
    [
        ("2025-10-01", "2026-01-01"),
        ("2025-11-30", "2026-02-28"),
        ("2023-11-30", "2024-02-29"),
        ("2025-08-31", "2025-11-30"),
    ],
)
def test_step_down_first_review_is_three_calendar_months(start, first_review):
    assert step_down_timeline(D(start)).get("first_review").due == D(first_review)


@pytest.mark.parametrize(
    ("conference", "sm_record"),
    [
        (datetime(2026, 1, 1, 10, 0), datetime(2025, 12, 30, 10, 0)),  # month and year boundary
        (datetime(2024, 3, 1, 9, 0), datetime(2024, 2, 28, 9, 0)),  # leap year: 29 Feb in between
        (datetime(2024, 3, 2, 9, 0), datetime(2024, 2, 29, 9, 0)),  # lands on the leap day
        (datetime(2025, 3, 1, 9, 0), datetime(2025, 2, 27, 9, 0)),  # non-leap year
        # BST started at 01:00 GMT on Sunday 30 March 2025: 48 real hours before 00:30 BST on 1 April
        (datetime(2025, 4, 1, 0, 30), datetime(2025, 3, 29, 23, 30)),
    ],
)
def test_sm_record_is_48_hours_before_the_conference(conference, sm_record):
    timeline = step_down_timeline(D("2023-12-01"), conference)
    assert [m.id for m in timeline.milestones] == list(STEP_DOWN_IDS)
    milestone = timeline.get("sm_record")
    assert milestone.due == sm_record
    assert isinstance(milestone.due, datetime)
    assert "Liquid Logic" in milestone.label and "48 hours" in milestone.label


def test_step_down_notes_a_conference_later_than_three_months():
    late = step_down_timeline(D("2025-10-01"), datetime(2026, 1, 5, 10, 0))
    flagged = [n for n in late.get("first_review").notes if n.startswith("Booked after the 3-month point")]
    assert flagged == [
        "Booked after the 3-month point: the review conference is on Monday 5 January 2026, 10:00, later than "
        "Thursday 1 January 2026. The policy considers stepping down at the first review conference, 3 months "
        "after the ICPC (“Stepping down at first review conference (3 months)”)."
    ]
    on_time = step_down_timeline(D("2025-10-01"), datetime(2026, 1, 1, 10, 0))
    assert not any("Booked after" in n for n in on_time.get("first_review").notes)


# -- long plan -------------------------------------------------------------------------------------


def test_long_plan_milestones_plain_start():
    timeline = long_plan_timeline(D("2025-01-15"))
    assert [m.id for m in timeline.milestones] == list(LONG_PLAN_IDS)
    assert dues(timeline) == {
        "m9": "2025-10-15",
        "m12": "2026-01-15",
        "m15": "2026-04-15",
        "lpm": "2026-04-29",
        "m18": "2026-07-15",
        "m21": "2026-10-15",
        "m24": "2027-01-15",
    }


def test_long_plan_milestones_month_end_start():
    # Each step is counted from the ICPC, not chained: m12 is 31 May although m9 clamped to 28 Feb.
    timeline = long_plan_timeline(D("2024-05-31"))
    assert dues(timeline) == {
        "m9": "2025-02-28",
        "m12": "2025-05-31",
        "m15": "2025-08-31",
        "lpm": "2025-09-14",
        "m18": "2025-11-30",
        "m21": "2026-02-28",
        "m24": "2026-05-28",  # 3 calendar months after the 21-month conference (28 Feb)
    }


def test_long_plan_leap_day_start():
    assert dues(long_plan_timeline(D("2024-02-29"))) == {
        "m9": "2024-11-29",
        "m12": "2025-02-28",
        "m15": "2025-05-29",
        "lpm": "2025-06-12",
        "m18": "2025-08-29",
        "m21": "2025-11-29",
        "m24": "2026-02-28",
    }


def test_lpm_from_the_actual_15_month_conference():
    timeline = long_plan_timeline(D("2025-01-15"), conference_15=D("2026-04-22"))
    assert timeline.get("lpm").due == D("2026-05-06")
    assert "No later than Wednesday 6 May 2026: two weeks after the 15-month conference held on Wednesday 22 April 2026." \
        in timeline.get("lpm").notes
    assert timeline.get("m15").due == D("2026-04-15")  # the nominal date stays; the actual one is noted
    assert any("Wednesday 22 April 2026" in n for n in timeline.get("m15").notes)


def test_lpm_crosses_a_month_and_a_leap_day():
    assert long_plan_timeline(D("2023-01-01"), conference_15=D("2024-02-20")).get("lpm").due == D("2024-03-05")
    assert long_plan_timeline(D("2025-01-01"), conference_15=D("2025-12-25")).get("lpm").due == D("2026-01-08")


def test_m24_from_the_actual_21_month_conference():
    timeline = long_plan_timeline(D("2024-02-10"), conference_21=D("2025-11-30"))
    assert timeline.get("m24").due == D("2026-02-28")
    assert timeline.get("m24").notes[0] == (
        "The 24-month conference: 3 calendar months after the 21-month conference held on Sunday 30 November 2025.")
    assert timeline.get("m21").due == D("2025-11-10")


def test_labels_say_who_does_what():
    timeline = long_plan_timeline(D("2025-01-15"))
    assert "mid-point exemplar" in timeline.get("m12").label and "ICS" in timeline.get("m12").label
    assert "management note" in timeline.get("m18").label and "QA team manager" in timeline.get("m18").label
    assert "Legal Planning Meeting" in timeline.get("lpm").label
    assert "exceptional" in timeline.get("m24").label


# -- overdue ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(None, None), (D("2025-04-14"), False), (D("2025-04-15"), False), (D("2025-04-16"), True)],
)
def test_overdue_against_today(today, overdue):
    # first review due 2025-04-15: due today is not overdue, the day after is.
    assert step_down_timeline(D("2025-01-15"), today=today).get("first_review").overdue is overdue


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (None, None),
        (D("2025-12-30"), False),  # same day as the deadline, compared by date
        (D("2025-12-31"), True),
        (datetime(2025, 12, 30, 9, 59), False),
        (datetime(2025, 12, 30, 10, 0), False),
        (datetime(2025, 12, 30, 10, 1), True),
    ],
)
def test_sm_record_overdue(today, overdue):
    timeline = step_down_timeline(D("2025-10-01"), datetime(2026, 1, 1, 10, 0), today=today)
    assert timeline.get("sm_record").overdue is overdue


def test_overdue_date_milestone_against_a_datetime_today():
    timeline = step_down_timeline(D("2025-01-15"), today=datetime(2025, 4, 15, 23, 59))
    assert timeline.get("first_review").overdue is False


def test_long_plan_overdue_flags():
    timeline = long_plan_timeline(D("2025-01-15"), today=D("2026-04-20"))
    assert {m.id: m.overdue for m in timeline.milestones} == {
        "m9": True, "m12": True, "m15": True, "lpm": False, "m18": False, "m21": False, "m24": False,
    }
    assert all(m.overdue is None for m in long_plan_timeline(D("2025-01-15")).milestones)


# -- repeat plan -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous_end", "new_icpc", "within"),
    [
        ("2023-06-15", "2025-06-14", True),
        ("2023-06-15", "2025-06-15", True),  # the boundary day counts as within
        ("2023-06-15", "2025-06-16", False),
        ("2024-02-29", "2026-02-28", True),  # leap-day end: the window closes on 28 Feb
        ("2024-02-29", "2026-03-01", False),
        ("2023-06-15", "2023-06-15", True),
    ],
)
def test_repeat_plan_within_two_years(previous_end, new_icpc, within):
    facts = repeat_plan_facts(D("2023-01-01"), D(previous_end), D(new_icpc))
    assert facts.within_two_years is within
    assert facts.two_year_window_end == add_months(D(previous_end), 24)


@pytest.mark.parametrize(
    ("previous_start", "previous_end", "months", "extra_days", "total_days"),
    [
        ("2025-01-10", "2025-04-10", 3, 0, 90),
        ("2023-01-10", "2024-07-10", 18, 0, 547),
        ("2024-11-30", "2025-02-28", 3, 0, 90),
        ("2025-01-10", "2025-04-14", 3, 4, 94),
    ],
)
def test_repeat_plan_length(previous_start, previous_end, months, extra_days, total_days):
    facts = repeat_plan_facts(D(previous_start), D(previous_end), D("2025-09-01"))
    assert (facts.previous_plan_months, facts.previous_plan_extra_days) == (months, extra_days)
    assert facts.previous_plan_total_days == total_days


def test_repeat_plan_gap():
    facts = repeat_plan_facts(D("2024-01-10"), D("2024-04-10"), D("2025-05-20"))
    assert (facts.gap_months, facts.gap_extra_days, facts.gap_total_days) == (13, 10, 405)


def test_repeat_plan_timeline_labels_carry_the_facts():
    timeline = repeat_plan_timeline(D("2025-01-10"), D("2025-04-10"), D("2025-09-15"))
    assert [m.id for m in timeline.milestones] == ["previous_end", "new_icpc", "two_year_window_end",
                                                   "two_year_window_from_registration"]
    assert "3 months" in timeline.get("previous_end").label
    assert "5 months and 5 days" in timeline.get("new_icpc").label
    assert "within 2 years" in timeline.get("new_icpc").label
    assert timeline.get("two_year_window_end").due == D("2027-04-10")
    assert all(m.overdue is None for m in timeline.milestones)
    assert timeline.facts.within_two_years is True
    outside = repeat_plan_timeline(D("2020-01-10"), D("2021-07-10"), D("2023-07-11"))
    assert "more than 2 years" in outside.get("new_icpc").label


# -- bad input -------------------------------------------------------------------------------------


def test_timeline_error_is_an_assistant_error():
    assert issubclass(TimelineError, AssistantError)


def test_repeat_plan_end_before_start():
    with pytest.raises(TimelineError, match=r"previous_end \(2024-01-01\) is before previous_start \(2024-03-01\)"):
        repeat_plan_facts(D("2024-03-01"), D("2024-01-01"), D("2024-06-01"))


def test_repeat_plan_new_icpc_before_previous_end():
    with pytest.raises(TimelineError, match=r"new_icpc \(2024-05-01\) is before previous_end \(2024-06-01\)") as caught:
        repeat_plan_facts(D("2024-03-01"), D("2024-06-01"), D("2024-05-01"))
    assert caught.value.field == "new_icpc"


def test_step_down_conference_needs_a_time():
    with pytest.raises(TimelineError, match=r"conference needs the time of the review conference"):
        step_down_timeline(D("2025-10-01"), D("2026-01-01"))


def test_step_down_conference_before_the_icpc():
    with pytest.raises(TimelineError, match=r"conference \(2025-09-30\) must be after start \(2025-10-01\)"):
        step_down_timeline(D("2025-10-01"), datetime(2025, 9, 30, 10, 0))


def test_time_zones_are_refused():
    with pytest.raises(TimelineError, match=r"conference must be a local date and time"):
        step_down_timeline(D("2025-10-01"), datetime(2026, 1, 1, 10, 0, tzinfo=UTC))


def test_start_must_be_a_date():
    with pytest.raises(TimelineError, match=r"start must be a date like 2025-01-31; got '2025-01-31'"):
        long_plan_timeline("2025-01-31")


def test_long_plan_conference_order():
    with pytest.raises(TimelineError, match=r"conference_15 \(2024-12-01\) must be after start"):
        long_plan_timeline(D("2025-01-15"), conference_15=D("2024-12-01"))
    with pytest.raises(TimelineError, match=r"conference_21 \(2026-04-01\) must be after conference_15"):
        long_plan_timeline(D("2025-01-15"), conference_15=D("2026-04-20"), conference_21=D("2026-04-01"))


def test_names_map_fields_to_form_labels():
    with pytest.raises(TimelineError, match=r"^Date of the ICPC must be a date") as caught:
        step_down_timeline(None, names={"start": "Date of the ICPC"})
    assert caught.value.field == "Date of the ICPC"
