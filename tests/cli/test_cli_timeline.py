"""`python -m assistant timeline`: the JSON contract, in a real subprocess."""

import json
import subprocess
import sys

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
    assert all(set(m) == {"id", "label", "due"} for m in data["milestones"])
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
