"""Tests for assistant.privacy.given_names: Faker's first and last names, read from the installed package."""

from __future__ import annotations

import pytest

from assistant.privacy import given_names as module
from assistant.privacy.given_names import given_names, on_a_name_list, surnames


def test_the_lists_hold_names_of_the_families_councils_work_with():
    assert {"Tiana", "Chiamaka", "Mohammed", "Aoife", "Zofia", "Priya", "Ionela", "Kwame"} <= given_names()
    assert {"Okafor", "Murphy", "Patel", "Popescu", "Adeyemi", "Hill", "Ward"} <= surnames()
    assert len(given_names()) > 10_000 and len(surnames()) > 10_000


def test_every_name_is_written_capitalised_and_as_one_word():
    assert all(name[0].isupper() and " " not in name for name in given_names() | surnames())


@pytest.mark.parametrize("word, listed", [("Rose", True), ("Hill", True), ("Okafor", True), ("Rose's", False),
                                          ("rose", False), ("Cupboard", False)])
def test_on_a_name_list_as_written(word, listed):
    assert on_a_name_list(word) is listed


def test_on_a_name_list_reads_both_lists(monkeypatch):
    monkeypatch.setattr(module, "given_names", lambda: frozenset({"Tiana"}))
    monkeypatch.setattr(module, "surnames", lambda: frozenset({"Okafor"}))
    assert on_a_name_list("Tiana") and on_a_name_list("Okafor") and not on_a_name_list("Rose")
