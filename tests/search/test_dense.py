"""Exact in-memory dense scoring (assistant/search/index/dense.py) and its agreement with Chroma's own search."""

from __future__ import annotations

import numpy as np
import pytest
from helpers.support import clean_settings

from assistant.search.evaluation import DISTRACTORS, eval_corpus, load_gold
from assistant.search.index import PolicyIndex
from assistant.search.index.dense import VectorSnapshot


def unit(*xs):
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def snapshot() -> VectorSnapshot:
    return VectorSnapshot.build(
        "g1",
        ["a", "b", "c"],
        [unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)],
        ["a", "a", "b", "gone"],  # "gone": a sentence of a chunk another sync removed meanwhile
        [unit(1, 0, 0), unit(0, 0, 1), unit(0, 1, 1), unit(1, 0, 0)],
    )


def test_score_mixes_the_chunk_vector_and_its_best_sentence():
    q = unit(1, 0, 0)
    got = dict(snapshot().scores(q, 3, 0.5))
    assert got["a"] == pytest.approx(0.5 * 1 + 0.5 * 1)  # chunk 1, best sentence 1 (the other is 0)
    assert got["b"] == pytest.approx(0.5 * 0 + 0.5 * 0)  # chunk 0, its one sentence 0
    assert got["c"] == pytest.approx(2 ** -0.5)  # no sentences: its own vector stands in for them


def test_sentences_of_unknown_chunks_are_left_out_and_order_is_best_first():
    snap = snapshot()
    assert snap.sentences.shape == (3, 3) and list(snap.owners) == [0, 0, 1]
    q = unit(0, 1, 1)
    ranked = snap.scores(q, 3, 0.5)
    assert [cid for cid, _ in ranked] == ["b", "c", "a"]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert snap.scores(q, 1, 0.5) == ranked[:1]


def test_equal_scores_are_ordered_by_id_and_an_empty_snapshot_finds_nothing():
    tied = VectorSnapshot.build("g", ["z", "m", "a"], [unit(1, 0)] * 3, [], [])
    assert [cid for cid, _ in tied.scores(unit(1, 0), 3, 0.5)] == ["a", "m", "z"]
    assert VectorSnapshot.build("g", [], [], [], []).scores(unit(1, 0), 5, 0.5) == []


@pytest.fixture(scope="module")
def eval_index(tmp_path_factory, real_embeddings):
    """The evaluation corpus (policies + distractors) indexed with the real model in embedded Chroma."""
    base = tmp_path_factory.mktemp("vectors")
    corpus = eval_corpus(clean_settings().knowledge_dir, DISTRACTORS, base / "corpus")
    settings = clean_settings(knowledge_dir=corpus, data_dir=base / "data")
    PolicyIndex(settings, real_embeddings).sync(progress=False)
    return settings


@pytest.mark.integration
def test_exact_scores_equal_chromas_on_the_gold_questions(eval_index, real_embeddings):
    exact = PolicyIndex(eval_index, real_embeddings)
    chroma = PolicyIndex(eval_index.model_copy(update={"exact_search_limit": 0}), real_embeddings)
    compared = 0
    for q in load_gold():
        vector = real_embeddings.embed_query(q.question)
        mine, theirs = exact.dense_scores(vector, 10), chroma.dense_scores(vector, 10)
        assert chroma._vectors is None and exact._vectors is not None
        assert [c for c, _ in mine] == [c for c, _ in theirs], q.id
        assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], abs=1e-4), q.id
        compared += 1
    assert compared >= 48


@pytest.mark.integration
def test_an_index_over_the_limit_is_searched_through_chroma(eval_index, real_embeddings):
    index = PolicyIndex(eval_index, real_embeddings)
    sentences = index._sentences().count()
    small = PolicyIndex(eval_index.model_copy(update={"exact_search_limit": sentences - 1}), real_embeddings)
    vector = real_embeddings.embed_query("Who records the step down on Liquid Logic?")
    assert small.dense_scores(vector, 5) and small._vectors is None
    fits = PolicyIndex(eval_index.model_copy(update={"exact_search_limit": sentences}), real_embeddings)
    mine, theirs = fits.dense_scores(vector, 5), small.dense_scores(vector, 5)
    assert [c for c, _ in mine] == [c for c, _ in theirs]
    assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], abs=1e-4)
    assert fits._vectors is not None and len(fits._vectors) == index._collection().count()
    assert len(fits._vectors.owners) == sentences


def test_the_snapshot_follows_a_sync_by_another_process(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    vector = fake_embeddings.embed_query("equine assisted therapy")
    index.dense_scores(vector, 3)
    before = index._vectors
    (settings.knowledge_dir / "equine.md").write_text(
        "# Equine assisted therapy\n\nEquine assisted therapy needs the Head of Service's approval.\n", "utf-8")
    PolicyIndex(settings, fake_embeddings).sync(progress=False)  # another process's index update
    index.dense_scores(vector, 3)
    assert index._vectors is not before and len(index._vectors) == len(before) + 1
