"""The deadlines' notes: every milestone says what it is and what the policy says (verbatim), a
review conference booked late is flagged, the 24-month conference follows the 21-month one actually
held, and the repeat-plan form shows both readings of "within 2 years"."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from assistant.casework.timeline import (
    REPEAT_PLAN_IDS,
    TimelineError,
    long_plan_timeline,
    repeat_plan_facts,
    repeat_plan_timeline,
    step_down_timeline,
)
from assistant.casework.timeline.notes import DOCUMENT_NAMES, POLICY, SOURCES, says
from assistant.config import PROJECT_ROOT

D = date.fromisoformat
T = datetime.fromisoformat

TIMELINES = {
    "step-down": lambda: step_down_timeline(D("2026-08-31"), T("2026-12-08T10:00")),
    "step-down, booked late": lambda: step_down_timeline(D("2025-10-01"), T("2026-01-05T10:00")),
    "step-down, clock change": lambda: step_down_timeline(D("2025-12-30"), T("2026-03-30T10:00")),
    "step-down, no conference": lambda: step_down_timeline(D("2026-09-06")),
    "long-plan": lambda: long_plan_timeline(D("2024-05-31")),
    "long-plan, held": lambda: long_plan_timeline(D("2025-01-15"), conference_15=D("2026-05-11"),
                                                  conference_21=D("2026-10-20")),
    "repeat-plan, readings differ": lambda: repeat_plan_timeline(D("2023-01-10"), D("2024-04-10"), D("2025-04-10")),
    "repeat-plan, from registration": lambda: repeat_plan_timeline(D("2023-01-10"), D("2023-04-10"), D("2025-04-10"),
                                                                   window_from="registration"),
}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def policy_text() -> str:
    return _words(" ".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "knowledge").glob("*.md")))


@pytest.mark.parametrize("key", sorted(POLICY))
def test_every_policy_quote_is_verbatim(key, policy_text):
    assert _words(POLICY[key]) in policy_text


@pytest.mark.parametrize("key", sorted(POLICY))
def test_every_quote_is_in_the_document_its_note_names(key):
    document = PROJECT_ROOT / "knowledge" / f"{SOURCES[key]}.md"
    assert _words(POLICY[key]) in _words(document.read_text(encoding="utf-8"))
    assert says(key).startswith(f"{DOCUMENT_NAMES[SOURCES[key]]} says: “")


def test_a_note_never_joins_quotes_from_two_documents():
    with pytest.raises(ValueError, match="more than one document"):
        says("first_review", "m9")


@pytest.mark.parametrize("case", sorted(TIMELINES))
def test_every_milestone_has_notes_and_quotes_only_the_policy(case, policy_text):
    timeline = TIMELINES[case]()
    for m in timeline.milestones:
        assert m.notes, f"{m.id} has no notes"
        assert all(isinstance(n, str) and n.strip() == n and n for n in m.notes)
        for text in [m.label, *m.notes]:
            for quoted in re.findall(r"“(.+?)”", text):
                assert _words(quoted) in policy_text, f"{m.id}: “{quoted}” is not in the policy"


@pytest.mark.parametrize(
    ("milestone_id", "policy_words"),
    [
        ("first_review", "The initial review conference at three months is a key opportunity to evaluate progress."),
        ("sm_record", "recorded on Liquid Logic at least 48 hours prior to the meeting"),
    ],
)
def test_step_down_notes_quote_the_policy(milestone_id, policy_words):
    notes = step_down_timeline(D("2026-08-31"), T("2026-12-08T10:00")).get(milestone_id).notes
    assert any(n.startswith("The step-down and repeat-plan policy says: “") and policy_words in n for n in notes)


def test_sm_record_says_no_later_than():
    notes = step_down_timeline(D("2026-08-31"), T("2026-12-08T10:00")).get("sm_record").notes
    assert notes == [
        "No later than Sunday 6 December 2026, 10:00: 48 hours before the review conference on Tuesday 8 December "
        "2026, 10:00.",
        "The step-down and repeat-plan policy says: “The service manager will ensure the discussion is recorded "
        "on Liquid Logic at least 48 hours prior to the meeting”.",
        "Falls on a Sunday: in practice record it by Friday 4 December 2026.",
    ]


@pytest.mark.parametrize(
    ("milestone_id", "policy_words"),
    [
        ("m9", "At the 9 month Conference"),
        ("m12", "mid-point review of all children who remain subject to CP Plans at the 12 month point"),
        ("m15", "Prior to the 15 month Conference the SW Team will have produced a report"),
        ("lpm", "within a maximum of two weeks of the Conference being held"),
        ("m18", "the QA Team manager will meet with the Team manager of the long term team"),
        ("m21", "At the 21 month Conference the SW Team will bring a clear analysis"),
        ("m24", "3 months after the 21 month Conference"),
        ("m24", "This meeting should only be held in exceptional circumstances"),
    ],
)
def test_long_plan_notes_quote_the_policy(milestone_id, policy_words):
    notes = long_plan_timeline(D("2025-01-15")).get(milestone_id).notes
    assert any(n.startswith("The policy on plans longer than 2 years says: “") and policy_words in n for n in notes)


@pytest.mark.parametrize(
    ("start", "milestone_id", "first_note"),
    [
        ("2025-01-15", "m9", "The 9-month conference: 9 calendar months after the ICPC on Wednesday 15 January 2025."),
        # month ends: 31 May + 9 months is 28 Feb; 29 Feb + 12 months is 28 Feb; 30 Nov + 3 months is 28/29 Feb
        ("2024-05-31", "m9", "The 9-month conference: 9 calendar months after the ICPC on Friday 31 May 2024 "
                             "(February has no day 31: the last day of February)."),
        ("2024-05-31", "m12", "The mid-point review: 12 calendar months after the ICPC on Friday 31 May 2024."),
        ("2024-02-29", "m12", "The mid-point review: 12 calendar months after the ICPC on Thursday 29 February 2024 "
                              "(February has no day 29: the last day of February)."),
        ("2025-01-31", "m18", "The 18-month meeting of the QA team manager and the team manager: 18 calendar months after the ICPC on Friday 31 January "
                              "2025."),
    ],
)
def test_month_steps_say_how_they_are_counted(start, milestone_id, first_note):
    assert long_plan_timeline(D(start)).get(milestone_id).notes[0] == first_note


@pytest.mark.parametrize(
    ("start", "due", "first_note"),
    [
        ("2025-11-30", "2026-02-28", "The first review conference: 3 calendar months after the ICPC on Sunday 30 "
                                     "November 2025 (February has no day 30: the last day of February)."),
        ("2023-11-30", "2024-02-29", "The first review conference: 3 calendar months after the ICPC on Thursday 30 "
                                     "November 2023 (February has no day 30: the last day of February)."),
        ("2026-01-31", "2026-04-30", "The first review conference: 3 calendar months after the ICPC on Saturday 31 "
                                     "January 2026 (April has no day 31: the last day of April)."),
        ("2026-01-15", "2026-04-15", "The first review conference: 3 calendar months after the ICPC on Thursday 15 "
                                     "January 2026."),
    ],
)
def test_first_review_month_ends(start, due, first_note):
    milestone = step_down_timeline(D(start)).get("first_review")
    assert milestone.due == D(due)
    assert milestone.notes[0] == first_note


# -- a review conference booked after the 3-month point -------------------------------------------


@pytest.mark.parametrize(
    ("conference", "late"),
    [
        ("2025-12-15T10:00", False),
        ("2026-01-01T09:00", False),  # on the 3-month point itself
        ("2026-01-02T09:00", True),
        ("2026-03-10T14:30", True),
    ],
)
def test_a_review_conference_booked_after_three_months_is_flagged(conference, late):
    notes = step_down_timeline(D("2025-10-01"), T(conference)).get("first_review").notes
    flagged = [n for n in notes if n.startswith("Booked after the 3-month point")]
    assert len(flagged) == late
    if late:
        assert "The policy considers stepping down at the first review conference, 3 months after the ICPC" in flagged[0]


# -- the 24-month conference: 3 months after the 21-month conference actually held -----------------


@pytest.mark.parametrize(
    ("conference_21", "m24", "says"),
    [
        (None, "2026-10-15", "3 calendar months after the 21-month due date (Wednesday 15 July 2026); give the date "
                             "the 21-month conference was held for the exact date"),
        ("2026-07-15", "2026-10-15", "3 calendar months after the 21-month conference held on Wednesday 15 July 2026"),
        ("2026-08-03", "2026-11-03", "3 calendar months after the 21-month conference held on Monday 3 August 2026"),
        ("2026-05-31", "2026-08-31", "3 calendar months after the 21-month conference held on Sunday 31 May 2026"),
        ("2026-11-30", "2027-02-28", "3 calendar months after the 21-month conference held on Monday 30 November 2026"),
    ],
)
def test_m24_follows_the_21_month_conference_held(conference_21, m24, says):
    timeline = long_plan_timeline(D("2024-10-15"), conference_21=D(conference_21) if conference_21 else None)
    assert timeline.get("m21").due == D("2026-07-15")  # the nominal 21-month date does not move
    assert timeline.get("m24").due == D(m24)
    assert timeline.get("m24").notes[0] == f"The 24-month conference: {says}."


# -- the repeat window: both readings, the council's choice ----------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "icpc", "window_from", "from_end", "from_registration", "label_end"),
    [
        ("2023-01-10", "2024-04-10", "2025-04-10", "plan_end", True, False,
         "within 2 years of the previous plan ending (the council's reading)"),
        ("2023-01-10", "2024-04-10", "2025-04-10", "registration", True, False,
         "more than 2 years after the last registration, so not a return within 2 years under the council's reading"),
        ("2023-01-10", "2023-04-10", "2025-01-10", "registration", True, True,
         "within 2 years of last registration (the council's reading)"),  # the boundary day counts as within
        ("2023-01-10", "2023-04-10", "2025-01-11", "registration", True, False,
         "more than 2 years after the last registration, so not a return within 2 years under the council's reading"),
        ("2020-01-10", "2021-07-10", "2023-07-11", "plan_end", False, False,
         "more than 2 years after the previous plan ended, so not a return within 2 years under the council's reading"),
        ("2024-02-29", "2024-05-01", "2026-02-28", "registration", True, True,
         "within 2 years of last registration (the council's reading)"),  # 29 Feb + 2 years: 28 Feb
        ("2024-02-29", "2024-05-01", "2026-03-01", "registration", True, False,
         "more than 2 years after the last registration, so not a return within 2 years under the council's reading"),
    ],
)
def test_repeat_plan_both_readings(start, end, icpc, window_from, from_end, from_registration, label_end):
    facts = repeat_plan_facts(D(start), D(end), D(icpc), window_from=window_from)
    assert (facts.within_two_years_of_plan_end, facts.within_two_years_of_registration) == (from_end, from_registration)
    assert facts.within_two_years is (from_end if window_from == "plan_end" else from_registration)
    timeline = repeat_plan_timeline(D(start), D(end), D(icpc), window_from=window_from)
    assert [m.id for m in timeline.milestones] == list(REPEAT_PLAN_IDS)
    assert timeline.get("new_icpc").label.endswith(label_end)
    assert timeline.get("two_year_window_from_registration").due == facts.registration_window_end
    assert timeline.get("two_year_window_end").due == facts.two_year_window_end
    differ = [n for n in timeline.get("new_icpc").notes if n.startswith("The two readings differ")]
    assert len(differ) == (from_end != from_registration)


@pytest.mark.parametrize(("window_from", "chosen", "other"), [("plan_end", "two_year_window_end",
                                                               "two_year_window_from_registration"),
                                                              ("registration", "two_year_window_from_registration",
                                                               "two_year_window_end")])
def test_each_window_says_whether_it_is_the_councils_reading(window_from, chosen, other):
    timeline = repeat_plan_timeline(D("2023-01-10"), D("2023-06-10"), D("2024-01-10"), window_from=window_from)
    assert timeline.get(chosen).label.endswith("(the council's reading)")
    assert timeline.get(other).label.endswith("(not the council's reading)")
    assert timeline.get(chosen).notes[-1].startswith("The council has chosen this reading")
    assert timeline.get(other).notes[-1].startswith("Not the council's reading")
    assert "within 2 years of last registration" in timeline.get("two_year_window_from_registration").notes[1]


def test_repeat_plan_new_icpc_notes_give_both_windows():
    notes = repeat_plan_timeline(D("2023-01-10"), D("2024-04-10"), D("2025-04-10")).get("new_icpc").notes
    assert notes[:3] == [
        "12 months after the previous plan ended (Wednesday 10 April 2024) and 27 months after it started "
        "(Tuesday 10 January 2023).",
        "Counted from the end of the previous plan (up to Friday 10 April 2026): within 2 years. Counted from the "
        "last registration, the start of the previous plan (up to Friday 10 January 2025): more than 2 years.",
        "The council counts 2 years from the end of the previous plan: this is a return to CP planning within 2 years.",
    ]


def test_an_unknown_reading_is_an_error_naming_the_setting():
    with pytest.raises(TimelineError, match=r"^ASSISTANT_REPEAT_WINDOW_FROM must be one of plan_end, registration"):
        repeat_plan_facts(D("2023-01-10"), D("2023-06-10"), D("2024-01-10"), window_from="start",
                          names={"window_from": "ASSISTANT_REPEAT_WINDOW_FROM"})
