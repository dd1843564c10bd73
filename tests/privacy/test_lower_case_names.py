"""Tests for assistant.privacy.lower_case_names, each rule alone (through ``detect``: test_identifiers.py)."""

from __future__ import annotations

import pytest

from assistant.privacy import names_model
from assistant.privacy.lower_case_names import (
    UNTAGGED_RULES,
    lower_case_at_home,
    lower_case_before_age,
    lower_case_candidates,
    lower_case_double_names,
    lower_case_listed,
    lower_case_subject,
)


@pytest.fixture(autouse=True)
def _model():
    if names_model.problem():
        pytest.skip(names_model.problem())


def _words(text: str, found: list[tuple[str, int, int]]) -> list[str]:
    return [text[s:e] for _, s, e in found]


@pytest.mark.parametrize("rule, text, names", [
    (lower_case_before_age, "kaiden (8) and visits (3)", ["kaiden"]),
    (lower_case_listed, "rang tyrese x3, will ring back", ["tyrese"]),
    (lower_case_double_names, "lily-rose missing, may-june dates", ["lily-rose"]),
    (lower_case_at_home, "was at tyler's til 2am, then at nando's", ["tyler"]),
    (lower_case_subject, "brooke said nan said", ["brooke"]),
])
def test_each_rule_finds_its_name_and_not_the_word_beside_it(rule, text, names):
    assert _words(text, rule(text)) == names


def test_a_word_already_covered_is_not_found_again():
    text = "rang tyrese x3"
    start = text.index("tyrese")
    assert lower_case_listed(text, [(start, start + 6)]) == []


def test_candidates_say_which_need_no_tag():
    text = "mr singh rang. spoke to kyle. mum (kelly) came"
    found = {text[s:e]: (titled, marked) for s, e, titled, marked in lower_case_candidates(text, [])}
    assert found["singh"] == (True, False)  # after a title
    assert found["kelly"] == (False, True)  # in brackets after a family word
    assert found["kyle"] == (False, False)  # its tag decides


def test_every_untagged_rule_is_asked():
    assert set(UNTAGGED_RULES) == {lower_case_before_age, lower_case_listed, lower_case_double_names,
                                   lower_case_at_home, lower_case_subject}
