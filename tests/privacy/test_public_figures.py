from __future__ import annotations

import pytest

from assistant.privacy.given_names import given_names, surnames
from assistant.privacy.identifiers import detect
from assistant.privacy.public_figures import PUBLIC_FIGURES, spans


def test_the_list_holds_no_given_name_or_surname_alone():
    assert not [n for n in PUBLIC_FIGURES if " " not in n and (n in given_names() or n in surnames())]


def test_a_public_figure_is_found_only_in_full_and_as_whole_words():
    text = "Loves Taylor Swift; Taylor (9) and Swifty came too. Watched Harry Potter, not Harry Potterton."
    assert [text[s:e] for s, e in spans(text)] == ["Taylor Swift", "Harry Potter"]


def test_a_public_figure_is_found_after_an_opening_quotation_mark_but_not_inside_a_word():
    text = "Ollie (5) said: 'Huggy Wuggy lives under my bed.' Drew \u2018Shrek\u2019 too. O'Shrek is no one."
    assert [text[s:e] for s, e in spans(text)] == ["Huggy Wuggy", "Shrek"]
    assert [f.text for f in detect(text, address_town=False) if f.type == "name"] == ["Ollie", "O'Shrek"]


def test_titled_characters_and_ms_rachel_only_while_watching():
    text = "Loves Mr Tumble. Ms Rachel on YouTube all day. Ms Rachel at nursery said he settled."
    assert [text[s:e] for s, e in spans(text)] == ["Mr Tumble", "Ms Rachel"]
    assert spans(text)[1][0] == text.index("Ms Rachel")


@pytest.mark.parametrize(("text", "kept"), [
    ("Dad smelled of alcohol, Jack Daniel's bottle on the side; Jack (8) let me in.", ["Jack"]),
    ("Freezer: Aunt Bessie's Yorkshires and fish fingers. Mum Kelly says it is enough.", ["Kelly"]),
    ("Mum Destiny Johnson uses Johnson's bubble bath for Ruby.", ["Destiny Johnson", "Ruby"]),
    ("Mrs Johnson's shampoo ran out.", ["Johnson"]),                   # a person's, with her title
])
def test_a_brand_written_as_a_persons_possessive_is_no_person(text, kept):
    assert [f.text for f in detect(text, address_town=False) if f.type == "name"] == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Dylan (15) excluded for vaping a Lost Mary in the toilets.", ["Dylan"]),
    ("Ellie wants her Baby Annabell doll from home.", ["Ellie"]),
    ("Kacper came back with new Nike Air Max and cash; Max (4) cried.", ["Kacper", "Max"]),
    ("Angel had Angel Delight for tea and nothing else.", ["Angel"]),
    ("Laughed that Miss Honey is nicer than Miss Carter.", ["Carter"]),
])
def test_brands_and_characters_written_like_people_are_no_one(text, kept):
    assert [f.text for f in detect(text, address_town=False) if f.type == "name"] == kept


@pytest.mark.parametrize(("text", "kept"), [
    ("Amelia-Rose (5) drew Stitch and her nan Margaret.", ["Amelia-Rose", "Margaret"]),
    ("Oscar has been hiding under the table and calling himself Shrek.", ["Oscar"]),
    ("Kai says Yoda is his friend; Tigger and Eeyore are on his duvet.", ["Kai"]),
    ("Olaf (6) drew Pikachu.", ["Olaf"]),                                # a character's name that is a given name
])
def test_characters_no_one_is_named_after_are_no_one(text, kept):
    assert [f.text for f in detect(text, address_town=False) if f.type == "name"] == kept
