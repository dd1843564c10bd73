"""Practitioners' shorthand for the points of a plan becomes one word for lexical search."""

import pytest

from assistant.search.shorthand import normalise


@pytest.mark.parametrize("written", ["15 months", "the 15 month", "15-month conference", "fifteen months",
                                     "15 mths", "Fifteen-Month", "15months"])
def test_every_way_of_writing_fifteen_months_is_one_word(written):
    assert "15months" in normalise(written).split()


@pytest.mark.parametrize("text, expected", [
    ("(e.g., 18–24 months) may", "(e.g., 18months 24months) may"),
    ("18 to 24 months", "18months 24months"),
    ("nine to twelve months", "9months 12months"),
    ("at least 48 hours prior", "at least 48hours prior"),
    ("within 2 yrs of the last plan", "within 2years of the last plan"),
    ("the 3-month review", "the 3months review"),
])
def test_ranges_and_other_units(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", ["I was 5 m away", "room 9", "the month after", "a twentieth", "Section 47"])
def test_text_without_a_period_of_time_is_left_alone(text):
    assert normalise(text) == text


def test_nine_and_twenty_one_months_stay_apart():
    assert normalise("at 9 months") != normalise("at 21 months")
    assert normalise("twenty one months") == normalise("21 months")
