"""Checking a checklist's case dates before it starts: order, dates in the future, conferences already
past, and a repeat ICPC outside the 2-year window under both readings."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest

from assistant.casework.case_dates import DateProblem, _in_order, check_case_dates
from assistant.casework.drafts import CaseDates
from assistant.casework.pathways import load_pathways
from assistant.casework.timeline.notes import POLICY

D = date.fromisoformat
T = datetime.fromisoformat
TODAY = D("2026-01-15")
DATES_BY_PATHWAY = {pathway.id: tuple(pathway.dates) for pathway in load_pathways().values()}
"""The case dates each shipped pathway file asks for."""


def check(pathway: str, window_from: Any = "plan_end", today: Any = TODAY, **dates: Any) -> list[DateProblem]:
    """``check_case_dates`` with the dates as keywords (``Any``: a dict of dates may be spread in)."""
    return check_case_dates(DATES_BY_PATHWAY[pathway], CaseDates(**dates), today, window_from)


def kinds(problems: list[DateProblem]) -> list[tuple[str, str]]:
    return [(problem.field, problem.kind) for problem in problems]


CLEAN = {
    "step-down": {"start": D("2025-12-01"), "conference": T("2026-03-01T10:00")},
    "long-plan": {"start": D("2025-01-10"), "conference_15": D("2026-04-10"), "conference_21": D("2026-10-10")},
    "repeat-plan": {"previous_start": D("2023-01-01"), "previous_end": D("2024-01-01"),
                    "new_icpc": D("2024-06-01")},
}


@pytest.mark.parametrize("pathway", sorted(CLEAN))
def test_clean_dates_give_no_problems(pathway):
    assert check(pathway, **CLEAN[pathway]) == []
    assert check(pathway, window_from="registration", **CLEAN[pathway]) == []


@pytest.mark.parametrize("pathway", sorted(CLEAN))
def test_missing_dates_are_not_a_problem(pathway):
    assert check(pathway) == []


def test_unknown_date_or_reading_is_a_value_error():
    with pytest.raises(ValueError, match="unknown case date"):
        check_case_dates(("start", "shoe_size"), CaseDates(), TODAY)
    with pytest.raises(ValueError, match="window_from"):
        check("repeat-plan", window_from="plan_start")


# -- order -------------------------------------------------------------------------------------------


def test_previous_end_before_or_on_previous_start_is_an_error():
    before = check("repeat-plan", previous_start=D("2024-01-10"), previous_end=D("2024-01-09"))
    assert kinds(before) == [("previous_end", "error")]
    assert before[0].message == ("The previous plan is shown ending on Tuesday 9 January 2024, which is not after "
                                 "it started on Wednesday 10 January 2024. Check the two dates.")
    same = check("repeat-plan", previous_start=D("2024-01-10"), previous_end=D("2024-01-10"))
    assert kinds(same) == [("previous_end", "error")]
    assert check("repeat-plan", previous_start=D("2024-01-10"), previous_end=D("2024-01-11")) == []


def test_new_icpc_before_the_previous_end_is_an_error_and_the_same_day_is_allowed():
    before = check("repeat-plan", previous_end=D("2024-01-10"), new_icpc=D("2024-01-09"))
    assert kinds(before) == [("new_icpc", "error")]
    assert before[0].message == ("The new ICPC on Tuesday 9 January 2024 is before the previous plan ended on "
                                 "Wednesday 10 January 2024. Check the two dates.")
    assert check("repeat-plan", previous_end=D("2024-01-10"), new_icpc=D("2024-01-10")) == []
    full = check("repeat-plan", previous_start=D("2023-06-01"), previous_end=D("2024-01-10"),
                 new_icpc=D("2024-01-10"))
    assert full == []


def test_review_conference_on_or_before_the_icpc_is_an_error():
    before = check("step-down", start=D("2025-12-01"), conference=T("2025-11-30T10:00"))
    assert kinds(before) == [("conference", "error")]
    assert before[0].message == ("The review conference on Sunday 30 November 2025, 10:00 is not after the ICPC on "
                             "Monday 1 December 2025. Check the two dates.")
    same_day = check("step-down", start=D("2026-01-14"), conference=T("2026-01-14T16:00"))
    assert kinds(same_day) == [("conference", "error")]
    assert check("step-down", start=D("2026-01-14"), conference=T("2026-01-15T09:00")) == []


@pytest.mark.parametrize("name, what", [("conference_15", "15-month"), ("conference_21", "21-month")])
def test_long_plan_conference_on_or_before_the_icpc_is_an_error(name, what):
    before = check("long-plan", start=D("2025-01-10"), **{name: D("2025-01-09")})
    assert kinds(before) == [(name, "error")]
    assert before[0].message == (f"The {what} conference on Thursday 9 January 2025 is not after the ICPC on "
                                 f"Friday 10 January 2025. Check the two dates.")
    assert kinds(check("long-plan", start=D("2025-01-10"), **{name: D("2025-01-10")})) == [(name, "error")]
    assert check("long-plan", start=D("2025-01-10"), **{name: D("2026-01-15")}) == []


def test_21_month_conference_on_or_before_the_15_month_one_is_an_error():
    before = check("long-plan", conference_15=D("2026-04-10"), conference_21=D("2026-04-09"))
    assert kinds(before) == [("conference_21", "error")]
    assert before[0].message == ("The 21-month conference on Thursday 9 April 2026 is not after the 15-month "
                                 "conference on Friday 10 April 2026. Check the two dates.")
    same = check("long-plan", conference_15=D("2026-04-10"), conference_21=D("2026-04-10"))
    assert kinds(same) == [("conference_21", "error")]
    assert check("long-plan", conference_15=D("2026-04-10"), conference_21=D("2026-04-11")) == []


# -- dates in the future -----------------------------------------------------------------------------


@pytest.mark.parametrize("pathway", ["step-down", "long-plan"])
def test_a_plan_start_after_today_is_an_error(pathway):
    future = check(pathway, start=D("2026-01-16"))
    assert kinds(future) == [("start", "error")]
    assert future[0].message == ("The ICPC the plan started from is given as Friday 16 January 2026, after today "
                                 "(Thursday 15 January 2026). Enter the date it happened.")
    assert check(pathway, start=TODAY) == []


@pytest.mark.parametrize("name, what", [("previous_start", "The previous plan's start"),
                                        ("previous_end", "The previous plan's end")])
def test_previous_plan_dates_after_today_are_errors(name, what):
    future = check("repeat-plan", **{name: D("2026-01-16")})
    assert kinds(future) == [(name, "error")]
    assert future[0].message == (f"{what} is given as Friday 16 January 2026, after today (Thursday 15 January "
                                 f"2026). Enter the date it happened.")
    assert check("repeat-plan", **{name: TODAY}) == []


def test_a_new_icpc_in_the_future_is_fine():
    booked = check("repeat-plan", previous_start=D("2025-01-01"), previous_end=D("2025-10-01"),
                   new_icpc=D("2026-03-01"))
    assert booked == []


def test_today_may_be_a_datetime():
    assert check("step-down", today=T("2026-01-15T23:59"), start=TODAY) == []
    assert kinds(check("step-down", today=T("2026-01-15T00:00"), start=D("2026-01-16"))) == [("start", "error")]


# -- conferences already past --------------------------------------------------------------------------


def test_a_review_conference_already_past_is_a_notice():
    past = check("step-down", start=D("2025-12-01"), conference=T("2026-01-14T10:00"))
    assert past == [DateProblem(
        field="conference",
        message="The review conference on Wednesday 14 January 2026, 10:00 has already taken place (or was due "
                "then): deadlines before it are shown as overdue.",
        kind="notice",
    )]
    # Earlier today is not a past date.
    assert check("step-down", start=D("2025-12-01"), conference=T("2026-01-15T08:00")) == []


@pytest.mark.parametrize("name, what", [("conference_15", "15-month"), ("conference_21", "21-month")])
def test_a_long_plan_conference_already_past_is_a_notice(name, what):
    past = check("long-plan", start=D("2024-09-01"), **{name: D("2026-01-14")})
    assert kinds(past) == [(name, "notice")]
    assert past[0].message == (f"The {what} conference on Wednesday 14 January 2026 has already taken place (or "
                               f"was due then): deadlines before it are shown as overdue.")
    assert check("long-plan", start=D("2024-09-01"), **{name: TODAY}) == []


def test_a_wrong_conference_date_gets_its_error_not_a_past_notice():
    wrong = check("step-down", start=D("2025-12-01"), conference=T("2025-11-01T10:00"))
    assert kinds(wrong) == [("conference", "error")]


# -- a repeat ICPC outside the 2 years ---------------------------------------------------------------


@pytest.mark.parametrize("window_from", ["plan_end", "registration"])
def test_42_months_after_the_previous_plan_ended_is_a_choice(window_from):
    problems = check("repeat-plan", window_from=window_from, previous_start=D("2022-01-01"),
                     previous_end=D("2022-06-01"), new_icpc=D("2025-12-01"))
    assert kinds(problems) == [("new_icpc", "choice")]
    message = problems[0].message
    assert "42 months after the previous plan ended on Wednesday 1 June 2022" in message
    assert "47 months after the last registration (the previous plan started on Saturday 1 January 2022)" in message
    assert "also more than 2 years" in message
    assert message.endswith("You can continue, to use the pathway for reflection.")


def test_choice_message_under_the_plan_end_reading():
    problems = check("repeat-plan", previous_start=D("2022-01-01"), previous_end=D("2022-06-01"),
                     new_icpc=D("2025-12-01"))
    assert problems[0].message == (
        "The new ICPC on Monday 1 December 2025 is 42 months after the previous plan ended on Wednesday 1 June "
        "2022. Counted from the end of the previous plan, as the council does, that is more than 2 years: outside "
        "the “within 2 years” this pathway is for. Counted the other way, it is 47 months after the last "
        "registration (the previous plan started on Saturday 1 January 2022): also more than 2 years. You can "
        "continue, to use the pathway for reflection."
    )


# Previous plan 1 Jan 2023 - 1 Jun 2023: 2 years from the registration end on 1 Jan 2025, from the plan's
# end on 1 Jun 2025.
SPLIT = {"previous_start": D("2023-01-01"), "previous_end": D("2023-06-01")}


def test_outside_from_the_registration_only_is_a_choice_under_that_reading():
    problems = check("repeat-plan", window_from="registration", new_icpc=D("2025-01-02"), **SPLIT)
    assert kinds(problems) == [("new_icpc", "choice")]
    assert problems[0].message == (
        "The new ICPC on Thursday 2 January 2025 is 24 months and 1 day after the last registration (the previous "
        "plan started on Sunday 1 January 2023). Counted from the last registration, as the council does, that is "
        "more than 2 years: outside the “within 2 years of last registration” this pathway is for. Counted the "
        "other way, it is 19 months and 1 day after the previous plan ended on Thursday 1 June 2023: within 2 "
        "years. You can continue, to use the pathway for reflection."
    )


def test_outside_from_the_registration_only_is_a_notice_under_the_plan_end_reading():
    problems = check("repeat-plan", window_from="plan_end", new_icpc=D("2025-01-02"), **SPLIT)
    assert kinds(problems) == [("new_icpc", "notice")]
    assert problems[0].message == (
        "The new ICPC on Thursday 2 January 2025 is 24 months and 1 day after the last registration (the previous "
        "plan started on Sunday 1 January 2023): more than 2 years counted that way, outside “within 2 years of "
        "last registration” as the policy's title words it. The council counts from the end of the previous plan: "
        "the new ICPC is 19 months and 1 day after the previous plan ended on Thursday 1 June 2023, within 2 years."
    )


@pytest.mark.parametrize("window_from", ["plan_end", "registration"])
def test_registration_window_boundary(window_from):
    assert check("repeat-plan", window_from=window_from, new_icpc=D("2025-01-01"), **SPLIT) == []
    assert len(check("repeat-plan", window_from=window_from, new_icpc=D("2025-01-02"), **SPLIT)) == 1


def test_plan_end_window_boundary():
    on_the_day = check("repeat-plan", new_icpc=D("2025-06-01"), **SPLIT)
    assert kinds(on_the_day) == [("new_icpc", "notice")]
    day_after = check("repeat-plan", new_icpc=D("2025-06-02"), **SPLIT)
    assert kinds(day_after) == [("new_icpc", "choice")]
    assert "24 months and 1 day after the previous plan ended" in day_after[0].message


def test_no_window_problem_while_the_repeat_dates_are_wrong():
    problems = check("repeat-plan", previous_start=D("2020-01-01"), previous_end=D("2026-02-01"),
                     new_icpc=D("2029-01-01"))
    assert kinds(problems) == [("previous_end", "error")]


def test_quoted_words_are_the_policy_title():
    problems = check("repeat-plan", new_icpc=D("2025-06-02"), **SPLIT)
    problems += check("repeat-plan", window_from="registration", new_icpc=D("2025-01-02"), **SPLIT)
    problems += check("repeat-plan", new_icpc=D("2025-01-02"), **SPLIT)
    quoted = [q for p in problems for q in re.findall(r"“(.+?)”", p.message)]
    assert quoted
    assert all(q in POLICY["repeat_title"] for q in quoted)


# -- each pathway ignores the dates it does not use -----------------------------------------------------

BAD = {
    "start": D("2027-01-01"),  # in the future
    "conference": T("2020-01-01T10:00"),  # before the start, and past
    "conference_15": D("2020-01-01"),
    "conference_21": D("2019-01-01"),
    "previous_start": D("2027-06-01"),  # in the future, and after its end
    "previous_end": D("2027-01-01"),
    "new_icpc": D("2026-12-01"),  # before the previous end
}


@pytest.mark.parametrize("pathway", sorted(DATES_BY_PATHWAY))
def test_each_pathway_ignores_the_dates_it_does_not_use(pathway):
    used = DATES_BY_PATHWAY[pathway]
    others = {name: value for name, value in BAD.items() if name not in used}
    assert check(pathway, **CLEAN[pathway], **others) == []
    problems = check(pathway, **BAD)
    assert problems
    assert {p.field for p in problems} <= set(used)


# -- order of the problems and the fields they name ---------------------------------------------------


def test_problems_come_in_the_pathways_field_order_then_by_kind():
    problems = check("repeat-plan", previous_start=D("2026-02-01"), previous_end=D("2024-01-01"),
                     new_icpc=D("2023-01-01"))
    assert kinds(problems) == [("previous_start", "error"), ("previous_end", "error"), ("new_icpc", "error")]
    long_plan = check("long-plan", start=D("2026-02-01"), conference_15=D("2025-12-01"),
                      conference_21=D("2025-11-01"))
    assert kinds(long_plan) == [("start", "error"), ("conference_15", "error"), ("conference_21", "error"),
                                ("conference_21", "error")]
    assert "not after the ICPC" in long_plan[2].message
    assert "not after the 15-month conference" in long_plan[3].message
    mixed = check("long-plan", start=D("2025-01-10"), conference_15=D("2025-01-05"),
                  conference_21=D("2025-12-01"))
    assert kinds(mixed) == [("conference_15", "error"), ("conference_21", "notice")]


def test_within_a_field_errors_come_before_choices_before_notices():
    # No dates give two kinds on one field today (a wrong date gets no notice, a wrong repeat date no
    # window problem), so the ordering is checked directly.
    found = [DateProblem("new_icpc", "n", "notice"), DateProblem("new_icpc", "c", "choice"),
             DateProblem("previous_end", "e2", "error"), DateProblem("new_icpc", "e", "error"),
             DateProblem("previous_start", "s", "notice"), DateProblem("previous_end", "e1", "error")]
    ordered = _in_order(found, DATES_BY_PATHWAY["repeat-plan"])
    assert [p.message for p in ordered] == ["s", "e2", "e1", "e", "c", "n"]


def test_fields_named_are_case_dates_fields_and_messages_write_dates_for_people():
    cases = [(pathway, BAD) for pathway in DATES_BY_PATHWAY]
    cases += [("repeat-plan", {**SPLIT, "new_icpc": D("2025-06-02")}),
              ("repeat-plan", {**SPLIT, "new_icpc": D("2025-01-02")}),
              ("long-plan", {"start": D("2024-09-01"), "conference_15": D("2025-12-01"),
                             "conference_21": D("2026-01-01")})]
    seen = set()
    for pathway, dates in cases:
        for window_from in ("plan_end", "registration"):
            for problem in check(pathway, window_from=window_from, **dates):
                assert problem.field in CaseDates.model_fields
                assert problem.field in DATES_BY_PATHWAY[pathway]
                assert problem.kind in ("error", "notice", "choice")
                assert not re.search(r"\d{4}-\d{2}-\d{2}", problem.message)
                seen.add(problem.field)
    assert seen == set(CaseDates.model_fields)
