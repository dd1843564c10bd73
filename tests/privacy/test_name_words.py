"""Tests for assistant.privacy.name_words: the word-level tests the name rules share."""

from __future__ import annotations

import pytest

from assistant.privacy import names_model
from assistant.privacy.name_words import (
    as_name,
    common_word,
    listed_name,
    no_english_word,
    plural_of_english,
    stop_word,
    unknown_word,
)


@pytest.mark.parametrize("word", ["Mum", "Nan", "However", "Email", "Present", "Section"])
def test_role_family_opening_and_note_label_words_are_stop_words(word):
    assert stop_word(word)


@pytest.mark.parametrize("word", ["Jordan", "Oliwia", "Kerry"])
def test_names_are_not_stop_words(word):
    assert not stop_word(word)


def test_a_double_barrelled_name_is_listed_when_every_part_is():
    names = frozenset({"Maisie", "Jo", "Leigh"})
    assert listed_name("Maisie", names) and listed_name("Maisie-Jo", names)
    assert not listed_name("Maisie-Rae", names) and not listed_name("Rae", names)


def test_a_lower_case_word_is_written_as_a_name():
    assert as_name("kai-jaxon") == "Kai-Jaxon" and as_name("tyler") == "Tyler"


def test_plurals_and_abbreviations_of_english_words():
    english = frozenset({"lady", "cub", "wish", "visit"})
    assert plural_of_english("ladies", english) and plural_of_english("cubs", english)
    assert plural_of_english("wishes", english) and not plural_of_english("oliwia", english)
    assert not unknown_word("visits", english) and not unknown_word("wks", english)  # a plural; no vowel
    assert unknown_word("oliwia", english)


def test_english_words_need_the_model_word_index():
    if names_model.problem():
        pytest.skip(names_model.problem())
    assert common_word("Pig") and common_word("Cakes")
    assert not common_word("Rose") and not common_word("Hill")  # a given name, a surname
    assert no_english_word("Oliwia") and not no_english_word("Collect") and not no_english_word("Txt")
