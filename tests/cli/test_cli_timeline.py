"""`python -m assistant timeline`: the JSON contract, in a real subprocess."""

import json
import subprocess
import sys

import pytest
from helpers.support import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "assistant", "timeline", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_long_plan_contract():
    out = run("--pathway", "long-plan", "--start", "2024-01-31", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["milestones"]
    assert [m["id"] for m in data["milestones"]] == ["m9", "m12", "m15", "lpm", "m18", "m21", "m24"]
    assert all(list(m) == ["id", "label", "due", "notes"] for m in data["milestones"])
    due = {m["id"]: m["due"] for m in data["milestones"]}
    assert due["m9"] == "2024-10-31" and due["m12"] == "2025-01-31" and due["m15"] == "2025-04-30"
    assert due["lpm"] == "2025-05-14" and due["m21"] == "2025-10-31" and due["m24"] == "2026-01-31"


def test_step_down_contract_with_time():
    out = run("--pathway", "step-down", "--start", "2023-11-30", "--conference", "2024-03-01T09:30", "--json")
    assert out.returncode == 0, out.stderr
    due = {m["id"]: m["due"] for m in json.loads(out.stdout)["milestones"]}
    assert due == {"first_review": "2024-02-29", "sm_record": "2024-02-28T09:30"}  # leap year


def test_repeat_plan_form():
    out = run("--pathway", "repeat-plan", "--previous-start", "2023-01-10", "--previous-end", "2023-04-10",
              "--new-icpc", "2025-04-10", "--json")
    assert out.returncode == 0, out.stderr
    labels = {m["id"]: m["label"] for m in json.loads(out.stdout)["milestones"]}
    assert "within 2 years" in labels["new_icpc"]


def test_bad_date_is_a_clear_error():
    out = run("--pathway", "long-plan", "--start", "31/01/2024", "--json")
    assert out.returncode == 1
    assert "--start must be a date like" in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--pathway", "step-down", "--start", "2026-08-31", "--conference", "2026-12-08T10:00"),
         ["first_review", "sm_record"]),
        (("--pathway", "long-plan", "--start", "2024-01-31"), ["m9", "m12", "m15", "lpm", "m18", "m21", "m24"]),
        (("--pathway", "repeat-plan", "--previous-start", "2023-01-10", "--previous-end", "2024-04-10",
          "--new-icpc", "2025-04-10"),
         ["previous_end", "new_icpc", "two_year_window_end", "two_year_window_from_registration"]),
    ],
)
def test_every_milestone_carries_its_notes(args, ids):
    out = run(*args, "--json")
    assert out.returncode == 0, out.stderr
    milestones = json.loads(out.stdout)["milestones"]
    assert [m["id"] for m in milestones] == ids  # the existing ids keep their order; the new one comes last
    for m in milestones:
        assert list(m) == ["id", "label", "due", "notes"]
        assert isinstance(m["notes"], list) and m["notes"] and all(isinstance(n, str) for n in m["notes"])
        assert any("“" in n for n in m["notes"]), f"{m['id']} quotes no policy words"


def test_step_down_notes_in_the_json():
    out = run("--pathway", "step-down", "--start", "2026-08-31", "--conference", "2026-12-08T10:00", "--json")
    sm_record = json.loads(out.stdout)["milestones"][1]
    assert sm_record["due"] == "2026-12-06T10:00"  # ISO stays in the JSON
    assert sm_record["notes"][0] == ("No later than Sunday 6 December 2026, 10:00: 48 hours before the review "
                                     "conference on Tuesday 8 December 2026, 10:00.")
    assert "Falls on a Sunday: in practice record it by Friday 4 December 2026." in sm_record["notes"]


@pytest.mark.parametrize(
    ("window_from", "within_label"),
    [
        (None, "within 2 years of the previous plan ending (the council's reading)"),
        ("plan_end", "within 2 years of the previous plan ending (the council's reading)"),
        ("registration", "so not a return within 2 years under the council's reading"),
    ],
)
def test_the_repeat_window_setting_decides_the_reading(monkeypatch, window_from, within_label):
    if window_from:
        monkeypatch.setenv("ASSISTANT_REPEAT_WINDOW_FROM", window_from)
    out = run("--pathway", "repeat-plan", "--previous-start", "2023-01-10", "--previous-end", "2024-04-10",
              "--new-icpc", "2025-04-10", "--json")
    assert out.returncode == 0, out.stderr
    milestones = {m["id"]: m for m in json.loads(out.stdout)["milestones"]}
    assert milestones["new_icpc"]["label"].endswith(within_label)
    assert milestones["two_year_window_end"]["due"] == "2026-04-10"
    assert milestones["two_year_window_from_registration"]["due"] == "2025-01-10"


@pytest.mark.parametrize(
    ("region", "flagged"),
    [(None, False), ("england-and-wales", False), ("scotland", True)],
)
def test_the_bank_holiday_region_setting(monkeypatch, region, flagged):
    if region:
        monkeypatch.setenv("ASSISTANT_BANK_HOLIDAY_REGION", region)
    # the deadline falls on Monday 30 November 2026: Saint Andrew's Day, a bank holiday in Scotland only
    out = run("--pathway", "step-down", "--start", "2026-09-01", "--conference", "2026-12-02T10:00", "--json")
    assert out.returncode == 0, out.stderr
    notes = json.loads(out.stdout)["milestones"][1]["notes"]
    assert any("Saint Andrew's Day" in n for n in notes) is flagged


@pytest.mark.parametrize(
    ("variable", "value"),
    [("ASSISTANT_BANK_HOLIDAY_REGION", "wales"), ("ASSISTANT_REPEAT_WINDOW_FROM", "start")],
)
def test_an_invalid_setting_is_an_error_naming_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    out = run("--pathway", "long-plan", "--start", "2024-01-31", "--json")
    assert out.returncode == 1
    assert variable in out.stderr and "Traceback" not in out.stderr
