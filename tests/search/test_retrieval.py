"""Hybrid retrieval: reciprocal rank fusion, the BM25 ranker, the covered decision and
the LangChain retriever, over the real model and the real knowledge folder."""

from __future__ import annotations

import pytest
from helpers.support import (
    KNOWLEDGE,
    LONG_PLANS,
    OFF_TOPIC,
    ON_TOPIC,
    SERVICE_MANAGER_SECTION,
    STEP_DOWN,
    FakeEmbeddings,
    body_of,
)
from langchain_core.documents import Document

from assistant.config import load_settings
from assistant.search.index import PolicyIndex
from assistant.search.retrieval import RRF_K, HybridSearch, LexicalRanker, PolicyRetriever, rrf

# -- reciprocal rank fusion --------------------------------------------------------------------------------


def test_rrf_single_ranking_keeps_order_with_reciprocal_scores():
    fused = rrf([["a", "b", "c"]])
    assert [cid for cid, _ in fused] == ["a", "b", "c"]
    assert [score for _, score in fused] == pytest.approx([1 / (RRF_K + 1), 1 / (RRF_K + 2), 1 / (RRF_K + 3)])


def test_rrf_rewards_agreement_between_rankings():
    fused = dict(rrf([["a", "b", "c"], ["b", "c", "a"]]))
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1) + 1 / (RRF_K + 3))
    assert [cid for cid, _ in rrf([["a", "b", "c"], ["b", "c", "a"]])] == ["b", "a", "c"]


def test_rrf_item_in_both_lists_beats_a_single_first_place():
    assert rrf([["x", "both"], ["y", "both"]])[0][0] == "both"


def test_rrf_ties_are_broken_deterministically_and_k_matters():
    assert [cid for cid, _ in rrf([["b"], ["a"]])] == ["a", "b"]
    assert rrf([["a"]], k=0) == [("a", 1.0)]
    assert rrf([]) == [] and rrf([[], []]) == []


# -- BM25 -----------------------------------------------------------------------------------------------------

TEXTS = {
    "core": "Core groups meet every six weeks to review the plan.",
    "sm": "The service manager records the discussion on Liquid Logic before the conference.",
    "step": "A plan may step down at the first review when harm has reduced.",
    "miles": "Mileage claims are paid monthly by finance.",
}


@pytest.fixture
def ranker():
    return LexicalRanker(list(TEXTS), list(TEXTS.values()))


def test_lexical_ranks_the_passage_with_the_query_terms_first(ranker):
    ranked = ranker.rank("who records it on Liquid Logic?", 4)
    assert ranked[0][0] == "sm"
    assert [cid for cid, _ in ranked] == ["sm"]
    assert ranked[0][1] > 0


def test_lexical_stems_query_and_passage_words(ranker):
    assert ranker.rank("stepping", 4)[0][0] == "step"
    assert ranker.rank("recording discussions", 4)[0][0] == "sm"
    assert ranker.rank("reviewed plans", 4)[0][0] in {"core", "step"}


def test_lexical_scores_descend_and_respect_k(ranker):
    ranked = ranker.rank("plan review conference", 4)
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert {cid for cid, _ in ranked} == {"core", "step", "sm"}
    assert len(ranker.rank("plan review conference", 1)) == 1


def test_lexical_unknown_or_stop_words_rank_nothing(ranker):
    assert ranker.rank("xylophone zebra", 4) == []
    assert ranker.rank("the and of it", 4) == []
    assert LexicalRanker([], []).rank("plan", 3) == []


# -- hybrid search over the real model and knowledge -----------------------------------------------------------


@pytest.mark.integration
def test_service_manager_question_finds_the_service_manager_passage(real_search):
    result = real_search.search(ON_TOPIC, k=3)
    assert result.covered is True
    assert 1 <= len(result.passages) <= 3
    assert SERVICE_MANAGER_SECTION in [p.section for p in result.passages]
    hit = next(p for p in result.passages if p.section == SERVICE_MANAGER_SECTION)
    assert hit.source == STEP_DOWN
    assert hit.title.startswith("Stepping down a Child Protection Plan at first review (3 months)")
    assert "Liquid Logic at least 48 hours prior to the meeting" in hit.text
    assert hit.text in body_of(KNOWLEDGE / STEP_DOWN)
    for p in result.passages:
        assert p.source and p.title and p.section and p.text and p.id
    scores = [p.score for p in result.passages]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.integration
def test_long_plans_question_finds_the_long_plans_policy(real_search):
    result = real_search.search("What happens at the 15 month conference if the concerns have not been addressed?", 3)
    assert result.covered is True
    assert result.passages[0].source == LONG_PLANS
    assert any("Legal Planning meeting" in p.text for p in result.passages)


@pytest.mark.integration
@pytest.mark.parametrize("question", [OFF_TOPIC, "What is a good recipe for chocolate cake?"])
def test_off_topic_question_is_not_covered(real_search, question):
    result = real_search.search(question, k=3)
    assert result.covered is False
    assert result.passages == []
    assert result.top_similarity < real_search.search(ON_TOPIC, 3).top_similarity
    assert result.to_json() == {"query": question, "covered": False, "passages": []}


@pytest.mark.integration
def test_covered_decision_follows_the_configured_confidence(real_index):
    strict = HybridSearch(real_index, real_index.settings.model_copy(update={"covered_confidence": 1.0,
                                                                            "caution_below": 1.0}))
    lenient = HybridSearch(real_index, real_index.settings.model_copy(update={"covered_confidence": 0.0}))
    refused = strict.search(ON_TOPIC, 3)
    assert (refused.covered, refused.passages) == (False, [])
    accepted = lenient.search(OFF_TOPIC, 3)
    assert accepted.covered is True and len(accepted.passages) == 3
    assert accepted.confidence == pytest.approx(strict.search(OFF_TOPIC, 3).confidence, abs=1e-9)
    assert 0.0 < accepted.confidence < lenient.search(ON_TOPIC, 3).confidence < 1.0


@pytest.mark.integration
def test_a_covered_answer_below_the_caution_line_is_marked_weak(real_index):
    def search(caution_below: float, question: str = ON_TOPIC):
        settings = real_index.settings.model_copy(update={"caution_below": caution_below})
        return HybridSearch(real_index, settings).search(question, 3)

    confidence = search(0.65).confidence
    assert search(confidence + 1e-6).weak is True and search(confidence - 1e-6).weak is False
    assert search(1.0, OFF_TOPIC).weak is False  # not covered: refused, not cautioned
    assert "weak" not in search(1.0).to_json()  # the command line's JSON is a contract: unchanged


@pytest.mark.integration
def test_k_limits_the_passages(real_search):
    assert len(real_search.search(ON_TOPIC, k=1).passages) == 1
    assert len(real_search.search(ON_TOPIC, k=5).passages) == 5


@pytest.mark.integration
def test_policy_retriever_returns_langchain_documents(real_search):
    retriever = PolicyRetriever(search=real_search, k=3)
    docs = retriever.invoke(ON_TOPIC)
    assert 1 <= len(docs) <= 3
    assert all(isinstance(d, Document) for d in docs)
    for doc in docs:
        assert doc.metadata["source"] == STEP_DOWN
        assert doc.metadata["title"].startswith("Stepping down a Child Protection Plan")
        assert doc.metadata["section"]
        assert doc.page_content in body_of(KNOWLEDGE / doc.metadata["source"])
    assert SERVICE_MANAGER_SECTION in [d.metadata["section"] for d in docs]
    assert retriever.invoke(OFF_TOPIC) == []


NEW_POLICY = """---
title: Equine assisted therapy
---

# Equine assisted therapy

Equine assisted therapy sessions for a child on a protection plan must be approved in writing by the
Head of Service before the first session takes place.
"""
NEW_QUESTION = "Who must approve equine assisted therapy sessions for a child on a protection plan?"


@pytest.mark.integration
@pytest.mark.parametrize("exact_limit", [20_000, 0], ids=["in-memory", "chroma-hnsw"])
def test_search_sees_files_added_after_it_was_created(settings, real_embeddings, exact_limit):
    settings = settings.model_copy(update={"exact_search_limit": exact_limit})
    PolicyIndex(settings, real_embeddings).sync(progress=False)
    search = HybridSearch(PolicyIndex(settings, real_embeddings))
    before = search.search(NEW_QUESTION, 3)
    assert all(p.source != "equine.md" for p in before.passages)
    assert search.lexical_ranking("equine therapy", 5) == []

    (settings.knowledge_dir / "equine.md").write_text(NEW_POLICY, encoding="utf-8")
    report = PolicyIndex(settings, real_embeddings).sync(progress=False)  # e.g. another process
    assert report.indexed == ["equine.md"]

    after = search.search(NEW_QUESTION, 3)
    assert after.covered is True
    assert after.passages[0].source == "equine.md"
    assert after.passages[0].section == "Equine assisted therapy"
    assert [cid for cid, _ in search.lexical_ranking("equine therapy", 5)] == [after.passages[0].id]


@pytest.mark.parametrize("exact_limit", [20_000, 0], ids=["in-memory", "chroma-hnsw"])
def test_search_survives_the_index_being_rebuilt_elsewhere(settings, exact_limit):
    lenient = load_settings(covered_confidence=0.0, exact_search_limit=exact_limit)
    index = PolicyIndex(lenient, FakeEmbeddings())
    index.sync(progress=False)
    search = HybridSearch(index)
    first = search.search("service manager records the step down on Liquid Logic", 3)
    assert len(first.passages) == 3

    PolicyIndex(lenient, FakeEmbeddings()).rebuild(progress=False)  # drops and re-creates the collection

    again = search.search("service manager records the step down on Liquid Logic", 3)
    assert [p.id for p in again.passages] == [p.id for p in first.passages]


@pytest.mark.integration
def test_redaction_placeholders_count_neither_for_nor_against_a_passage(real_search):
    plain = real_search.search("and at: do I need legal advice before the repeat ICPC?", 3)
    redacted = real_search.search("[NAME] and [NAME] at [ADDRESS]: do I need legal advice before the repeat ICPC?", 3)
    assert [p.id for p in redacted.passages] == [p.id for p in plain.passages]
    assert redacted.signals == plain.signals and redacted.confidence == plain.confidence
    assert redacted.query.startswith("[NAME] and [NAME]")  # the question is shown as it was asked


@pytest.mark.integration
@pytest.mark.parametrize("question", ["what happens at 15 months?", "what happens at the fifteen-month conference?"])
def test_shorthand_for_the_15_month_conference_finds_it(real_search, question):
    result = real_search.search(question, 3)
    assert result.covered
    assert any("15 month Conference" in p.text for p in result.passages)
    lexical = [real_search._texts[cid][0] for cid, _ in real_search.lexical_ranking(question, 3)]
    assert not any("21 month Conference" in text or "9 month Conference" in text for text in lexical)


class FixedRelevance:
    """Stands in for the relevance model: one score for every passage, and a record of what it was asked."""

    def __init__(self, value: float) -> None:
        self.value = value
        self.asked: list[tuple[str, list[str]]] = []

    def score(self, question: str, passages: list[str]) -> list[float]:
        self.asked.append((question, list(passages)))
        return [self.value] * len(passages)


@pytest.mark.integration
def test_the_relevance_score_of_the_best_passage_is_a_sixth_signal_read_by_the_six_signal_model(real_index):
    from assistant.search.covered import RELEVANCE_MODEL_FILE, load_covered_model

    low, high = FixedRelevance(-6.0), FixedRelevance(6.0)
    question = "[NAME] asked: " + ON_TOPIC
    without = HybridSearch(real_index, relevance=lambda: None).search(question, 3)
    doubtful = HybridSearch(real_index, relevance=lambda: low).search(question, 3)
    sure = HybridSearch(real_index, relevance=lambda: high).search(question, 3)
    assert without.signals is not None and without.signals.relevance is None
    assert without.confidence == pytest.approx(load_covered_model().confidence(without.signals))
    assert doubtful.signals is not None and doubtful.signals.relevance == -6.0
    assert doubtful.confidence == pytest.approx(load_covered_model(RELEVANCE_MODEL_FILE).confidence(doubtful.signals))
    assert doubtful.confidence < sure.confidence
    (asked, passages), = low.asked
    assert asked == "asked: " + ON_TOPIC  # case details out, as for the other signals
    assert passages == [sure.passages[0].text]  # the best fused passage only


@pytest.mark.integration
def test_the_shipped_search_reads_the_installed_relevance_model(real_search):
    result = real_search.search(ON_TOPIC, 3)
    assert result.signals is not None and result.signals.relevance is not None, \
        "the relevance model is not in use: run `make relevance`"
    assert result.covered and result.signals.relevance > real_search.search(OFF_TOPIC, 3).signals.relevance
