"""Practitioners' shorthand for the points of a plan, made one word for lexical search.

"15 months", "the 15 month", "15-month conference", "fifteen months" and "15 mths" all become
``15months``, in questions and in the policy text the lexical ranker indexes (the text shown is never
changed). Without this, BM25's tokenizer drops the lone digit of "9 months" and cannot tell the
9-month conference from the 21-month one.
"""

from __future__ import annotations

import re

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty one": 21,
    "twenty-four": 24, "twenty four": 24,
}
_NUMBER = "|".join(sorted((re.escape(w) for w in NUMBERS), key=len, reverse=True))
_UNITS = {"month": "months", "months": "months", "mth": "months", "mths": "months", "mnth": "months",
          "mnths": "months", "year": "years", "years": "years", "yr": "years", "yrs": "years",
          "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks", "day": "days", "days": "days",
          "hour": "hours", "hours": "hours", "hrs": "hours", "hr": "hours"}
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
PERIOD = re.compile(rf"\b(\d{{1,3}}|{_NUMBER})\s*(?:-\s*)?({_UNIT})\b", re.IGNORECASE)
RANGE = re.compile(rf"\b(\d{{1,3}}|{_NUMBER})\s*(?:-|–|—|to)\s*(?=(?:\d{{1,3}}|{_NUMBER})\s*(?:-\s*)?({_UNIT})\b)",
                   re.IGNORECASE)
"""The first number of a range ("18–24 months", "18 to 24 months") takes the range's unit."""


def normalise(text: str) -> str:
    """Every "<number> <unit>" as one token, digits first: "fifteen-month" -> "15months"."""

    def one(match: re.Match) -> str:
        number = match.group(1).lower()
        value = int(number) if number.isdigit() else NUMBERS[number]
        return f"{value}{_UNITS[match.group(2).lower()]}"

    text = RANGE.sub(lambda m: f"{m.group(1)} {m.group(2)} ", text)
    return PERIOD.sub(one, text)
