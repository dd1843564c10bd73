"""Tests for assistant.privacy.shaped: the identifiers with a fixed shape, read without the name rules (through
``identifiers.detect`` they are tested in test_identifiers.py)."""

from __future__ import annotations

from assistant.privacy.shaped import addresses, shaped, with_towns


def _texts(text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    return [(kind, text[s:e]) for kind, s, e in found]


def test_each_shape_is_found_most_certain_type_first():
    text = ("Email kim@example.org, NHS 943 476 5919, NI JT 48 21 07 C, LS6 2AB, 07700 900123, DOB 03/04/2015, "
            "born June 2013, birthday is 14th February.")
    assert _texts(text, shaped(text)) == [
        ("email", "kim@example.org"), ("nhs_number", "943 476 5919"), ("ni_number", "JT 48 21 07 C"),
        ("postcode", "LS6 2AB"), ("phone", "07700 900123"), ("date_of_birth", "03/04/2015"),
        ("date_of_birth", "June 2013"), ("date_of_birth", "14th February")]


def test_numbers_that_fail_their_checks_are_not_identifiers():
    text = "NHS 943 476 5918, NI QQ 12 34 56 C, phone 0770 090, conference 12/03/2026."
    assert shaped(text) == []


def test_the_longest_reading_of_an_address_comes_first():
    text = "Flat 7, Argyle House, 40 Regent Street"
    found = _texts(text, addresses(text, lambda word: False))
    assert found[0] == ("address", "Flat 7, Argyle House, 40 Regent Street")
    assert ("address", "40 Regent Street") in found[1:]


def test_a_word_that_is_never_a_house_name_is_not_read_as_one():
    text = "lives at Rosebank, 2 Cotton Row"
    assert ("address", "Rosebank, 2 Cotton Row") in _texts(text, addresses(text, lambda word: False))
    named = _texts(text, addresses(text, lambda word: word == "Rosebank"))
    assert ("address", "Rosebank, 2 Cotton Row") not in named and ("address", "2 Cotton Row") in named


def test_an_address_takes_the_towns_and_postcode_after_it_but_not_a_word_that_is_no_town():
    text = "5 Jessop Close, Hillsborough, Sheffield S6 1AB. Mum said"
    taken = [("address", 0, len("5 Jessop Close"))]
    assert _texts(text, with_towns(text, taken, frozenset())) == [
        ("address", "5 Jessop Close, Hillsborough, Sheffield S6 1AB")]
    text = "5 Jessop Close, Mum said"
    assert _texts(text, with_towns(text, [("address", 0, 14)], frozenset({"Mum"}))) == [("address", "5 Jessop Close")]
