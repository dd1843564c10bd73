"""Practitioners' abbreviations spelled out in questions before they are searched."""

from __future__ import annotations

import pytest
from helpers.support import SERVICE_MANAGER_SECTION

from assistant.errors import AbbreviationError
from assistant.search.abbreviations import ABBREVIATIONS_FILE, Expander, load_abbreviations
from assistant.search.retrieval import HybridSearch

SOCIAL_WORKER_SECTION = "Stepping down at first review conference (3 months) › Role of the social worker"

EXPAND = Expander({"SW": "social worker", "CP": "child protection", "CPP": "child protection plan",
                   "LL": "Liquid Logic", "RCPC": "review child protection conference"})


@pytest.mark.parametrize("question, expanded", [
    ("what does the SW need to show?", "what does the SW (social worker) need to show?"),
    ("sw and SWs", "sw (social worker) and SWs (social worker)"),
    ("is the CPP ending at the RCPC", "is the CPP (child protection plan) ending at the RCPC (review child "
                                      "protection conference)"),
    ("put it on LL.", "put it on LL (Liquid Logic)."),
    ("answer swiftly, CPPS? llama", "answer swiftly, CPPS (child protection plan)? llama"),
    ("the social worker (SW) records it", "the social worker (SW) records it"),  # already spelled out
    ("nothing to expand here", "nothing to expand here"),
])
def test_abbreviations_are_spelled_out_after_themselves(question, expanded):
    assert EXPAND(question) == expanded


def test_an_empty_list_changes_nothing():
    assert Expander({})("SW") == "SW"


def test_the_shipped_list_loads_and_covers_the_seed_readme_vocabulary():
    meanings = {k.lower(): v for k, v in load_abbreviations().abbreviations.items()}
    # shared/seeds/README.md, "Words you will meet"
    assert meanings["sw"] == "social worker" and meanings["tm"] == "team manager"
    assert meanings["sm"] == "service manager" and meanings["cpp"] == "child protection plan"
    assert meanings["cin"] == "child in need" and meanings["plo"] == "public law outline"
    assert meanings["ll"] == "Liquid Logic" and meanings["icpc"] == "initial child protection conference"
    assert ABBREVIATIONS_FILE.name == "abbreviations.yaml"


@pytest.mark.parametrize("content, problem", [
    ("abbreviations:\n  SW: social worker\n  sw: something else\n", "'sw' is listed twice"),
    ("abbreviations:\n  S W: social worker\n", "'S W' is not an abbreviation"),
    ("abbreviations:\n  SW: ''\n", "the meaning of 'SW' must be 1-80 characters"),
    ("abbreviations: {}\n", "at least 1 item"),
    ("abbreviations:\n  SW: social worker\nextra: 1\n", "unknown key 'extra'"),
    ("- SW\n", "must contain a mapping"),
    ("abbreviations: [\n", "is not valid YAML"),
])
def test_a_bad_abbreviations_file_is_refused_naming_file_and_problem(tmp_path, content, problem):
    path = tmp_path / "abbreviations.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AbbreviationError) as err:
        load_abbreviations(path)
    assert str(path) in str(err.value) and problem in str(err.value)


class Recorder:
    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, question: str) -> str:
        self.seen.append(question)
        return EXPAND(question)


def test_search_spells_out_the_question_for_bm25_only(real_index, monkeypatch):
    recorder = Recorder()
    search = HybridSearch(real_index, expand=recorder)
    dense_seen, lexical_seen = [], []
    embed = search.index.embeddings.embed_query
    monkeypatch.setattr(search.index.embeddings, "embed_query", lambda q: dense_seen.append(q) or embed(q))
    search.refresh()
    rank = search._lexical.rank
    monkeypatch.setattr(search._lexical, "rank", lambda q, n: lexical_seen.append(q) or rank(q, n))
    result = search.search("when must the service manager record the step down on LL?", 3)
    assert recorder.seen == ["when must the service manager record the step down on LL?"]
    assert dense_seen == ["when must the service manager record the step down on LL?"]
    assert lexical_seen == ["when must the service manager record the step down on LL (Liquid Logic)?"]
    assert SERVICE_MANAGER_SECTION in [p.section for p in result.passages]
    assert result.query == "when must the service manager record the step down on LL?"  # the answer shows the question as typed


@pytest.mark.integration
def test_shorthand_reaches_the_passage_written_in_full_words(real_index):
    """To BM25, "SW" is a word the policies never use; spelled out, the question meets the section
    on the social worker's role, written in full words."""
    question = "as the allocated SW what do I need to evidence for step down?"
    for search, rank in ((HybridSearch(real_index, expand=None), 2), (HybridSearch(real_index), 1)):
        _, lexical = search.rankings(question)
        sections = [search._texts[cid][1]["section"] for cid, _ in lexical]
        assert sections.index(SOCIAL_WORKER_SECTION) + 1 == rank
