"""The checklist summary's dates: deadlines carry their notes, dates read for people beside the ISO
``due``, "today" judges a deadline with a time to the minute, and the council's settings reach the
deadlines."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from helpers.samples import GENERATED_AT, TODAY, sample_draft, sample_summary

from assistant.casework.checklist import SummaryDate, build_summary, draft_timeline, summarise
from assistant.casework.drafts import CaseDates, Draft
from assistant.casework.export import read_json, render
from assistant.casework.pathways import ground, load_pathways
from assistant.config import load_settings
from assistant.search.policies import read_policies

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_sample_deadlines_carry_their_notes(settings):
    deadlines = {d.id: d for d in sample_summary(settings).deadlines}
    assert deadlines["sm_record"].notes == [
        "No later than Saturday 28 November 2026, 10:00: 48 hours before the review conference on Monday 30 "
        "November 2026, 10:00.",
        "The step-down and repeat-plan policy says: “The service manager will ensure the discussion is recorded on Liquid Logic at least 48 "
        "hours prior to the meeting”.",
        "Falls on a Saturday: in practice record it by Friday 27 November 2026.",
    ]
    assert deadlines["first_review"].notes[1] == (
        "The step-down and repeat-plan policy says: “The initial review conference at three months is a key opportunity to evaluate progress.”")
    assert all(d.notes == [] for d in sample_summary(settings).key_dates)


@pytest.mark.parametrize(
    ("due", "for_people"),
    [
        ("2026-11-28T10:00", "Saturday 28 November 2026, 10:00"),
        ("2026-11-30", "Monday 30 November 2026"),
        ("2026-12-06T00:00", "Sunday 6 December 2026, 00:00"),
    ],
)
def test_summary_dates_for_people_keep_iso_in_json(due, for_people):
    summary_date = SummaryDate(id="x", label="X", due=due, notes=["a note"])
    assert summary_date.due_for_people == for_people
    assert json.loads(summary_date.model_dump_json()) == {"id": "x", "label": "X", "due": due, "overdue": None,
                                                           "notes": ["a note"]}


def test_the_json_export_keeps_iso_and_the_notes(settings):
    summary = sample_summary(settings)
    data = json.loads(render(summary, "json"))
    assert [d["due"] for d in data["deadlines"]] == ["2026-11-30", "2026-11-28T10:00"]
    assert [d["due"] for d in data["key_dates"]] == ["2026-08-31", "2026-11-30T10:00"]
    assert data["deadlines"][1]["notes"] == summary.deadlines[1].notes
    assert "note" not in data["deadlines"][1]
    assert read_json(render(summary, "json")) == summary


@pytest.mark.parametrize(
    ("today", "overdue", "today_date"),
    [
        # sm_record is due at 10:00 on Saturday 28 November 2026
        (date(2026, 11, 28), False, date(2026, 11, 28)),
        (date(2026, 11, 29), True, date(2026, 11, 29)),
        (datetime(2026, 11, 28, 9, 59), False, date(2026, 11, 28)),
        (datetime(2026, 11, 28, 10, 1), True, date(2026, 11, 28)),
        (datetime(2026, 11, 28, 10, 1, tzinfo=UTC), True, date(2026, 11, 28)),  # GMT in November
        (None, False, date(2026, 11, 23)),  # default: when the summary was generated
    ],
)
def test_today_in_the_summary(settings, today, overdue, today_date):
    pathway = load_pathways()["step-down"]
    policies = read_policies(settings)
    grounded = ground(pathway, policies.ids, policies.texts, policies.metas)
    summary = build_summary(pathway, sample_draft(), grounded, policies.documents, GENERATED_AT, today)
    assert {d.id: d.overdue for d in summary.deadlines}["sm_record"] is overdue
    assert summary.today == today_date


def test_the_default_today_is_the_generation_time_on_the_london_clock(settings):
    """Generated at 23:30 UTC on 28 May is 00:30 BST on 29 May: a deadline on 28 May is overdue."""
    pathway = load_pathways()["step-down"]
    policies = read_policies(settings)
    grounded = ground(pathway, policies.ids, policies.texts, policies.metas)
    draft = Draft.new("step-down", "social_worker", "LL-9", NOW, CaseDates(start=date(2026, 2, 28)))
    summary = build_summary(pathway, draft, grounded, policies.documents, datetime(2026, 5, 28, 23, 30, tzinfo=UTC))
    assert summary.today == date(2026, 5, 29)
    assert summary.deadlines[0].due == "2026-05-28" and summary.deadlines[0].overdue is True


@pytest.mark.parametrize(
    ("pathway_id", "dates", "ids"),
    [
        ("step-down", CaseDates(start=date(2026, 8, 31), conference=datetime(2026, 11, 30, 10)),
         ["first_review", "sm_record"]),
        ("long-plan", CaseDates(start=date(2025, 1, 15)), ["m9", "m12", "m15", "lpm", "m18", "m21", "m24"]),
        ("repeat-plan", CaseDates(previous_start=date(2023, 1, 10), previous_end=date(2024, 4, 10),
                                  new_icpc=date(2025, 4, 10)),
         ["previous_end", "new_icpc", "two_year_window_end", "two_year_window_from_registration"]),
    ],
)
def test_draft_timeline_for_each_pathway(pathway_id, dates, ids):
    timeline = draft_timeline(load_pathways()[pathway_id], dates, datetime(2026, 1, 1, 9, 0))
    assert [m.id for m in timeline.milestones] == ids
    assert all(m.notes for m in timeline.milestones)


@pytest.mark.parametrize(
    ("environment", "flag", "council_reading"),
    [
        ({}, None, "within 2 years of the previous plan ending (the council's reading)"),
        ({"ASSISTANT_BANK_HOLIDAY_REGION": "scotland", "ASSISTANT_REPEAT_WINDOW_FROM": "registration"},
         "Saint Andrew's Day", "so not a return within 2 years under the council's reading"),
    ],
)
def test_summarise_uses_the_councils_settings(settings, monkeypatch, environment, flag, council_reading):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    council = load_settings()
    step_down = sample_draft().model_copy(update={
        "dates": CaseDates(start=date(2026, 9, 1), conference=datetime(2026, 12, 2, 10, 0))})
    notes = {d.id: d.notes for d in summarise(step_down, council, now=GENERATED_AT, today=TODAY).deadlines}
    assert any(flag in n for n in notes["sm_record"]) if flag else not any("bank holiday" in n for n in notes["sm_record"])
    repeat = Draft.new("repeat-plan", "social_worker", "LL-7", NOW,
                       CaseDates(previous_start=date(2023, 1, 10), previous_end=date(2024, 4, 10),
                                 new_icpc=date(2025, 4, 10)))
    labels = {d.id: d.label for d in summarise(repeat, council, now=GENERATED_AT, today=TODAY).deadlines}
    assert labels["new_icpc"].endswith(council_reading)
