"""The pathways' questions as keys to the passages their items cite."""

import threading

import numpy as np
import pytest

from assistant.casework.pathways import load_pathways
from assistant.search.question_keys import Key, QuestionKeys, key_vectors, keys_from_pathways


class WordEncoder:
    """A small fake: one dimension per known word, so similarity is word overlap."""

    WORDS = ["review", "manager", "record", "hours", "legal", "advice", "chair", "visit"]

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        return np.array([self.vector(t) for t in texts], dtype=np.float32)

    def vector(self, text):
        v = np.array([float(w in text.lower()) for w in self.WORDS]) + 1e-3
        return v / np.linalg.norm(v)


PASSAGES = {
    "c1": ("The service manager will record the discussion 48 hours before the review.", {"source": "a.md"}),
    "c2": ("Legal advice should be sought before a repeat conference.", {"source": "a.md"}),
    "c3": ("The chair will facilitate a reflective conversation", {"source": "a.md"}),
    "c4": ("conversation about risk at the review.", {"source": "a.md"}),
    "c5": ("Legal advice should be sought before a repeat conference.", {"source": "other.md"}),
}


def key(text, quote, source="a.md", item="i1"):
    return Key(text, source, quote, item, f"the step of {item}")


def test_each_key_points_at_the_chunks_holding_its_quote_in_its_own_document():
    keys = QuestionKeys.build([key("When must the manager record it, how many hours?", "will record the discussion"),
                               key("Is legal advice needed?", "Legal advice should be sought", item="i2")],
                              PASSAGES, WordEncoder())
    assert keys.targets == [("c1",), ("c2",)]  # not c5: the same words in another document


def test_a_quote_across_a_chunk_boundary_points_at_both_chunks():
    quote = "The chair will facilitate a reflective conversation about risk at the review."
    keys = QuestionKeys.build([key("What does the chair do at review?", quote)], PASSAGES, WordEncoder())
    assert keys.targets == [("c3", "c4")]


def test_a_key_whose_quote_is_nowhere_is_dropped():
    keys = QuestionKeys.build([key("Anything?", "words no passage holds")], PASSAGES, WordEncoder())
    assert keys.keys == [] and keys.rank(WordEncoder().vector("review"), 5) == []


def test_ranking_follows_the_closest_question_and_names_where_it_sits():
    encoder = WordEncoder()
    keys = QuestionKeys.build([key("When must the manager record it, how many hours?", "will record the discussion"),
                               key("Is legal advice needed?", "Legal advice should be sought", item="i2")],
                              PASSAGES, encoder)
    query = encoder.vector("does the manager have to record the hours")
    assert [cid for cid, _ in keys.rank(query, 5)] == ["c1", "c2"]
    assert keys.pointer(query, {"c1"}).item_id == "i1"
    assert keys.pointer(query, {"c3"}) is None  # the closest item's passage is not among those shown
    assert keys.pointer(encoder.vector("the manager"), {"c1"}, at_least=0.9) is None  # not close enough


def test_vectors_are_reused_when_the_index_changes():
    encoder = WordEncoder()
    first = QuestionKeys.build([key("Is legal advice needed?", "Legal advice should be sought")], PASSAGES, encoder)
    again = QuestionKeys.build([key("Is legal advice needed?", "Legal advice should be sought")], PASSAGES, encoder)
    assert encoder.calls == 1 and np.array_equal(first.vectors, again.vectors)


def test_each_text_is_encoded_once_per_encoder_and_only_the_new_ones_later():
    encoder, other = WordEncoder(), WordEncoder()
    primed = key_vectors(["Is legal advice needed?", "Who chairs the review?"], encoder)
    keys = QuestionKeys.build([key("Is legal advice needed?", "Legal advice should be sought"),
                               key("When must the manager record it?", "will record the discussion", item="i2")],
                              PASSAGES, encoder)
    assert encoder.calls == 2  # the warm-up's one call, then one for the text it had not seen
    assert np.array_equal(keys.vectors[0], primed["Is legal advice needed?"])
    assert np.isclose(np.linalg.norm(keys.vectors[1]), 1.0)
    QuestionKeys.build([key("Is legal advice needed?", "Legal advice should be sought")], PASSAGES, other)
    assert other.calls == 1  # another encoder's vectors are its own


def test_a_question_asked_during_the_warm_up_waits_for_its_encoding_rather_than_doing_it_again():
    started, release = threading.Event(), threading.Event()

    class SlowEncoder(WordEncoder):
        def encode(self, texts):
            started.set()
            release.wait(5)
            return super().encode(texts)

    encoder = SlowEncoder()
    warm = threading.Thread(target=key_vectors, args=(["Is legal advice needed?"], encoder))
    warm.start()
    assert started.wait(5)
    asked = threading.Thread(target=QuestionKeys.build,
                             args=([key("Is legal advice needed?", "Legal advice should be sought")], PASSAGES, encoder))
    asked.start()
    release.set()
    warm.join(5)
    asked.join(5)
    assert encoder.calls == 1


def test_every_shipped_pathway_item_becomes_a_key_with_its_step():
    pathways = load_pathways()
    keys = keys_from_pathways(pathways.values())
    items = {i.id for p in pathways.values() for s in p.steps for i in s.items}
    assert {k.item_id for k in keys} == items
    step_down = next(k for k in keys if k.item_id == "sd-initial-concern")
    assert step_down.where == "the “Triangulating the evidence” step of “Stepping down a CP Plan at the first review " \
                              "(3 months)”"


@pytest.mark.integration
def test_every_shipped_citation_finds_its_passage_in_the_real_index(real_search):
    real_search.refresh()
    assert real_search._keys is not None
    assert len(real_search._keys.keys) == len(keys_from_pathways(load_pathways().values()))
