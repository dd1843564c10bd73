"""The JSON contract of ``python -m assistant timeline --json`` (``assistant.cli.timeline``): the
flags' text parsed, ``{"milestones": [{"id", "label", "due", "notes"}]}`` in order, errors naming the flags."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from assistant.casework.timeline import Milestone, TimelineError, step_down_timeline
from assistant.cli.timeline import build_timeline_json, parse_date, parse_datetime, timeline_json

D = date.fromisoformat


# -- the flags' text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("31/01/2025", r"--start must be a date like 2025-01-31"),
        ("2025-1-31", r"--start must be a date like 2025-01-31"),
        ("", r"--start must be a date like 2025-01-31"),
        ("20250131", r"--start must be a date like 2025-01-31"),
        ("2025-02-29", r"--start must be a real calendar date.*2025-02-29 does not exist"),
        ("2025-13-01", r"--start must be a real calendar date"),
    ],
)
def test_parse_date_errors_name_the_field(text, match):
    with pytest.raises(TimelineError, match=match) as caught:
        parse_date(text, "--start")
    assert caught.value.field == "--start"


def test_parse_date_accepts_leap_day_and_spaces():
    assert parse_date(" 2024-02-29 ", "--start") == D("2024-02-29")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-01-01T10:00", datetime(2026, 1, 1, 10, 0)), ("2026-01-01 09:05", datetime(2026, 1, 1, 9, 5))],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text, "--conference") == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2026-01-01", r"--conference must be a date and time like 2026-01-01T10:00.*no time"),
        ("2026-01-01T10", r"--conference must be a date and time"),
        ("2026-01-01T10:00+01:00", r"--conference must be a date and time"),
        ("2026-01-01T24:00", r"--conference must have a real time of day"),
        ("2026-02-30T10:00", r"--conference must be a real calendar date"),
    ],
)
def test_parse_datetime_errors(text, match):
    with pytest.raises(TimelineError, match=match):
        parse_datetime(text, "--conference")


# -- the JSON contract -----------------------------------------------------------------------------


def assert_contract(data: dict, ids: list[str]) -> None:
    assert list(data) == ["milestones"]
    assert [m["id"] for m in data["milestones"]] == ids
    for milestone in data["milestones"]:
        assert list(milestone) == ["id", "label", "due", "notes"]
        assert all(isinstance(milestone[key], str) and milestone[key] for key in ("id", "label", "due"))
        assert isinstance(milestone["notes"], list) and all(isinstance(n, str) and n for n in milestone["notes"])
    json.dumps(data)  # serialisable as it is


def test_timeline_json_step_down():
    data = build_timeline_json("step-down", start="2025-10-01", conference="2026-01-01T10:00")
    assert_contract(data, ["first_review", "sm_record"])
    assert [m["due"] for m in data["milestones"]] == ["2026-01-01", "2025-12-30T10:00"]


def test_timeline_json_step_down_without_conference():
    data = build_timeline_json("step-down", start="2025-10-01")
    assert_contract(data, ["first_review"])


def test_timeline_json_long_plan():
    data = build_timeline_json("long-plan", start="2025-01-15")
    assert_contract(data, ["m9", "m12", "m15", "lpm", "m18", "m21", "m24"])
    assert [m["due"] for m in data["milestones"]] == [
        "2025-10-15", "2026-01-15", "2026-04-15", "2026-04-29", "2026-07-15", "2026-10-15", "2027-01-15",
    ]


def test_timeline_json_long_plan_with_actual_conferences():
    data = build_timeline_json("long-plan", start="2025-01-15", conference_15="2026-04-22", conference_21="2026-10-20")
    due = {m["id"]: m["due"] for m in data["milestones"]}
    assert (due["lpm"], due["m24"]) == ("2026-05-06", "2027-01-20")


def test_timeline_json_repeat_plan():
    data = build_timeline_json("repeat-plan", previous_start="2023-01-10", previous_end="2023-04-10",
                               new_icpc="2025-04-10")
    assert_contract(data, ["previous_end", "new_icpc", "two_year_window_end", "two_year_window_from_registration"])
    assert [m["due"] for m in data["milestones"]] == ["2023-04-10", "2025-04-10", "2025-04-10", "2025-01-10"]


def test_timeline_json_from_a_timeline_keeps_only_the_contract():
    timeline = step_down_timeline(D("2025-10-01"), datetime(2026, 1, 1, 10, 0), today=D("2026-01-01"))
    assert timeline.get("sm_record").overdue is True and timeline.get("sm_record").notes
    data = timeline_json(timeline)
    assert_contract(data, ["first_review", "sm_record"])
    assert data["milestones"][1]["notes"] == timeline.get("sm_record").notes


def test_milestone_keeps_a_midnight_datetime_as_a_datetime():
    milestone = Milestone(id="sm_record", label="x", due=datetime(2026, 1, 1, 0, 0))
    assert isinstance(milestone.due, datetime)
    data = build_timeline_json("step-down", start="2025-10-01", conference="2026-01-03T00:00")
    assert data["milestones"][1]["due"] == "2026-01-01T00:00"


@pytest.mark.parametrize(
    ("pathway", "flags", "match"),
    [
        ("long-plans", {"start": "2025-01-15"}, r"--pathway must be one of step-down, repeat-plan, long-plan"),
        ("long-plan", {}, r"--pathway long-plan needs --start"),
        ("step-down", {"start": "  "}, r"--pathway step-down needs --start"),
        ("repeat-plan", {"previous_start": "2023-01-10"}, r"needs --previous-end, --new-icpc"),
        ("long-plan", {"start": "2025-01-15", "conference": "2026-01-01T10:00"},
         r"--conference is not used with --pathway long-plan \(only with --pathway step-down\)"),
        ("step-down", {"start": "01/10/2025"}, r"--start must be a date like 2025-01-31"),
        ("step-down", {"start": "2025-10-01", "conference": "2026-01-01"}, r"--conference must be a date and time"),
        ("step-down", {"start": "2025-10-01", "conference": "2025-09-01T10:00"},
         r"--conference \(2025-09-01\) must be after --start \(2025-10-01\)"),
        ("long-plan", {"start": "2025-01-15", "conference_15": "2024-01-01"},
         r"--conference-15 \(2024-01-01\) must be after --start"),
        ("repeat-plan", {"previous_start": "2023-05-01", "previous_end": "2023-01-01", "new_icpc": "2024-01-01"},
         r"--previous-end \(2023-01-01\) is before --previous-start \(2023-05-01\)"),
        ("repeat-plan", {"previous_start": "2023-01-01", "previous_end": "2023-05-01", "new_icpc": "2023-04-01"},
         r"--new-icpc \(2023-04-01\) is before --previous-end"),
    ],
)
def test_build_timeline_json_errors_name_the_flags(pathway, flags, match):
    with pytest.raises(TimelineError, match=match):
        build_timeline_json(pathway, **flags)
