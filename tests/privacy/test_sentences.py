"""Tests for assistant.privacy.sentences: where a note's sentences open, and its words' tags, asked for word by
word from a window of the note."""

from __future__ import annotations

import re

import pytest
from helpers.identifiers_corpus import load_jsonl
from helpers.support import ROOT

from assistant.privacy.identifiers import detect
from assistant.privacy.sentences import Tags


def test_a_sentence_opens_at_the_start_after_a_full_stop_a_colon_a_line_or_a_spaced_dash():
    note = "Visit done. Jo rang: Kai is ok\nMum said - Ty fine, Ann too"
    tags = Tags(note, tagger=False)
    opens = [w for w in ("Visit", "Jo", "Kai", "Mum", "Ty", "Ann") if tags.opens_sentence(note.index(w))]
    assert opens == ["Visit", "Jo", "Kai", "Mum", "Ty"]
    assert Tags("   Jo rang", tagger=False).opens_sentence(3)  # only spaces before it


def test_without_the_tagger_no_word_has_a_tag():
    tags = Tags("Jordan rang the school.", tagger=False)
    assert tags.at(0) == "" and tags.tags == {}


def test_a_word_gets_the_same_tag_from_its_window_as_from_the_whole_note():
    """Only a window of words around a word is tagged (the tagger looks no further than 4 tokens): every
    token of 500-character notes built from a development set gets the tag the whole note gives it."""
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    items = load_jsonl(ROOT / "tests" / "identifiers_dev_4.jsonl")[:60]
    notes = [" ".join(item.text for item in items[i:i + 4]) for i in range(0, len(items), 4)]
    checked = 0
    for note in notes:
        whole, windows = names_model.tags(note), Tags(note)
        for start, tag in whole.items():
            assert windows.at(start) == tag, (note[start:start + 20], note)
            checked += 1
    assert checked > 1000


def test_a_long_note_is_tagged_only_around_the_word_that_needs_it(monkeypatch):
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    texts: list[str] = []
    real = names_model.tags_of_each
    monkeypatch.setattr(names_model, "tags_of_each", lambda batch: texts.extend(batch) or real(batch))
    note = ("Home visit completed, the house was clean and warm, food in the cupboards and the children were "
            "dressed and ready for school on time. " * 3 + "Hope this helps. The visit went well.")
    detect(note)
    assert len(texts) == 1 and "Hope this helps" in texts[0] and len(texts[0]) < len(note) / 3


def test_a_word_near_one_already_tagged_needs_no_second_run(monkeypatch):
    """A window's tokens far enough from its cut edges keep their tags: asking for a word two words on from one
    already tagged runs the tagger no more; a word beyond the window runs it again."""
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    texts: list[str] = []
    real = names_model.tags_of_each
    monkeypatch.setattr(names_model, "tags_of_each", lambda batch: texts.extend(batch) or real(batch))
    note = " ".join(f"word{i}" for i in range(60))
    tags = Tags(note)
    tags.at(note.index("word30"))
    tags.at(note.index("word32"))
    tags.at(note.index("word28"))
    assert len(texts) == 1
    tags.at(note.index("word50"))
    assert len(texts) == 2
    assert tags.at(note.index("word30")) == names_model.tags(note)[note.index("word30")]


def test_words_asked_together_are_tagged_in_one_run_with_the_tags_each_has_alone(monkeypatch):
    """``Tags.prefetch`` tags several words in one run of the tagger (the cost of a short window is mostly reading
    the weights): windows that overlap are joined, and every word gets the tag the whole note gives it."""
    from assistant.privacy import names_model

    if names_model.problem():
        pytest.skip(names_model.problem())
    runs: list[list[str]] = []
    real = names_model.tags_of_each
    monkeypatch.setattr(names_model, "tags_of_each", lambda batch: runs.append(batch) or real(batch))
    items = load_jsonl(ROOT / "tests" / "identifiers_dev_4.jsonl")[:12]
    note = " ".join(item.text for item in items)
    words = [m.start() for m in re.finditer(r"(?<!\S)\S", note)]
    asked = [words[5], words[7], words[40], words[90]]  # 5 and 7 share a window; 40 and 90 have their own
    tags = Tags(note)
    tags.prefetch(asked)
    assert len(runs) == 1 and len(runs[0]) == 3
    whole = names_model.tags(note)
    assert [tags.at(start) for start in asked] == [whole[start] for start in asked]
    assert len(runs) == 1  # nothing asked again
    tags.prefetch(asked)
    assert len(runs) == 1
