"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused, plus the
"covered" decision that refuses questions the indexed policies do not answer.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import cast

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.search.abbreviations import Expander, default_expander
from assistant.search.covered import RELEVANCE_MODEL_FILE, CoveredModel, Signals, load_covered_model
from assistant.search.index import PolicyIndex
from assistant.search.question_keys import Key, QuestionKeys, keys_from_pathways
from assistant.search.relevance import Relevance
from assistant.search.shorthand import normalise

RRF_K = 60
"""Reciprocal rank fusion constant (Cormack et al. 2009)."""


@dataclass
class Passage:
    source: str
    title: str
    section: str
    text: str
    score: float
    id: str = field(default="", repr=False)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("id")
        return data


@dataclass
class SearchResult:
    query: str
    covered: bool
    passages: list[Passage]
    top_similarity: float
    """Highest cosine similarity between the question and any passage."""
    weak: bool = False
    """Covered, but with low confidence (below ``caution_below``): the passages are the closest places to
    read and may not answer the question. Not part of ``to_json`` (the command-line contract)."""
    confidence: float = 0.0
    """The covered model's confidence that the index answers the question (``covered``)."""
    signals: Signals | None = None
    pointer: Key | None = None
    """The pathway item closest to the question, when it cites one of the passages shown."""

    def to_json(self) -> dict:
        return {"query": self.query, "covered": self.covered, "passages": [p.to_json() for p in self.passages]}


PLACEHOLDER = re.compile(r"\[(?:NAME|DATE OF BIRTH|NHS NUMBER|NI NUMBER|POSTCODE|PHONE|EMAIL|ADDRESS)\]")
"""What redaction leaves in a question (``privacy.identifiers.LABELS``): taken out before searching, so
that neither counts for or against a passage."""


def without_placeholders(question: str) -> str:
    return " ".join(PLACEHOLDER.sub(" ", question).split())


def default_keys(settings: Settings | None = None) -> list[Key]:
    """The installed pathways' items (``ASSISTANT_PATHWAYS_DIR``) as question keys (none if they cannot be read)."""
    from assistant.casework.pathways import load_pathways
    from assistant.errors import PathwayError

    try:
        return keys_from_pathways(load_pathways((settings or Settings()).pathways_dir).values())
    except PathwayError:
        return []


def rrf(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several ranked id lists, best first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


class LexicalRanker:
    """BM25 (bm25s, English stop words, Snowball stemming) over passage texts."""

    def __init__(self, ids: list[str], texts: list[str], normalise: Callable[[str], str] | None = None):
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self._normalise = normalise or (lambda text: text)
        self.ids = ids
        self._retriever = bm25s.BM25()
        self._words: dict[str, frozenset[str]] = {}
        self._idf: dict[str, float] = {}
        if ids:
            texts = [self._normalise(t) for t in texts]
            tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False)
            self._retriever.index(tokens, show_progress=False)
            self._vocab = tokens.vocab
            words = {v: w for w, v in tokens.vocab.items()}
            df: dict[str, int] = {}
            for cid, row in zip(ids, tokens.ids):
                self._words[cid] = frozenset(words[i] for i in row)
                for w in self._words[cid]:
                    df[w] = df.get(w, 0) + 1
            n = len(ids)
            self._idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
            self._unknown_idf = math.log(1 + (n + 0.5) / 0.5)
        else:
            self._vocab = {}

    def words(self, query: str) -> list[str]:
        """The question's stemmed words, stop words left out (as the index sees it)."""
        return self._bm25s.tokenize(self._normalise(query), stopwords="en", stemmer=self._stemmer,
                                    return_ids=False, show_progress=False)[0]

    def coverage(self, query: str, cid: str) -> float:
        """How much of the question (its words weighted by rarity; a word the index never uses weighs most)
        the passage ``cid`` holds, 0 to 1."""
        words = set(self.words(query))
        if not words or cid not in self._words:
            return 0.0
        weight = {w: self._idf.get(w, self._unknown_idf) for w in words}
        return sum(v for w, v in weight.items() if w in self._words[cid]) / sum(weight.values())

    def rank(self, query: str, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        words = self.words(query)
        known = [w for w in words if w in self._vocab]
        if not known:
            return []
        scores = self._retriever.get_scores(known)
        order = scores.argsort()[::-1][:k]
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]


class HybridSearch:
    """Dense + lexical search over a PolicyIndex, with the covered decision.

    BM25 ranks the question with its abbreviations spelled out (``assistant/search/abbreviations.py``:
    "SW" also matches "social worker"); dense search embeds it as typed. Spelling out for dense
    search too, or adding heading-path vectors, raised Recall@3 on tests/eval/gold.yaml but lowered
    it on tests/eval/heldout.yaml, so neither is done (docs/decisions/0005-abbreviations-for-bm25-only.md).
    ``expand=None`` ranks the question as typed in both.
    """

    def __init__(self, index: PolicyIndex, settings: Settings | None = None,
                 expand: Callable[[str], str] | Callable[[], Expander] | None = default_expander,
                 keys: Sequence[Key] | None = None, covered_model: CoveredModel | None = None,
                 relevance: Callable[[], Relevance | None] | None = None):
        self.index = index
        self.settings = settings or index.settings
        self._expand: Callable[[str], str] | None = (
            default_expander() if expand is default_expander else cast("Callable[[str], str] | None", expand))
        self._key_list = list(default_keys(self.settings) if keys is None else keys)
        self._keys: QuestionKeys | None = None
        self.covered_model = covered_model or load_covered_model()
        """The covered model over the five signals every search has (or the one given)."""
        self._fixed_model = covered_model is not None
        self._relevance = relevance
        self._lexical: LexicalRanker | None = None
        self._texts: dict[str, tuple[str, dict]] = {}
        self._generation: str | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Reload the lexical ranker if the index changed since it was built."""
        generation = self.index.generation()
        if generation == self._generation and self._lexical is not None:
            return
        with self._lock:
            if generation == self._generation and self._lexical is not None:
                return
            ids, texts, metas = self.index.passages()
            self._texts = {cid: (text, meta) for cid, text, meta in zip(ids, texts, metas)}
            self._lexical = LexicalRanker(ids, [f"{m.get('section', '')}\n{t}" for t, m in zip(texts, metas)],
                                          normalise)
            self._keys = QuestionKeys.build(self._key_list, self._texts, self.index.embeddings)
            self._generation = generation

    def question_keys(self) -> QuestionKeys | None:
        """The pathway items as question keys, built for the current index generation."""
        self.refresh()
        return self._keys

    def passage_text(self, cid: str) -> str:
        """The text of the indexed passage ``cid`` (of the generation last loaded by ``refresh``)."""
        return self._texts[cid][0]

    def dense_ranking(self, query: str, n: int) -> list[tuple[str, float]]:
        return self.index.dense_scores(self.index.embeddings.embed_query(without_placeholders(query)), n)

    def _ranker(self) -> LexicalRanker:
        """The lexical ranker of the current index generation."""
        self.refresh()
        assert self._lexical is not None  # refresh() always builds it
        return self._lexical

    def lexical_ranking(self, query: str, n: int) -> list[tuple[str, float]]:
        return self._ranker().rank(query, n)

    def rankings(self, query: str, n: int | None = None) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The dense ranking of the question and the lexical ranking of it spelled out, ``n`` candidates each."""
        dense, lexical, _, _, _ = self.ranked(query, n)
        return dense, lexical

    def ranked(self, query: str, n: int | None = None):
        """(dense, lexical and question-key rankings, ``n`` candidates each; the question's vector; the
        question as the lexical ranker read it) of the question with case details taken out. Dense search
        reads it as typed, lexical search with its abbreviations spelled out."""
        lexical = self._ranker()
        n = n or self.settings.candidates
        query = without_placeholders(query)
        expanded = self._expand(query) if self._expand else query
        vector = self.index.embeddings.embed_query(query)
        keys = self._keys.rank(vector, n) if self._keys else []
        return self.index.dense_scores(vector, n), lexical.rank(expanded, n), keys, vector, expanded

    def analyse(self, query: str) -> tuple[list[tuple[str, float]], Signals, list[float]]:
        """The fused ranking (dense and lexical), the signals the covered decision reads, and the
        question's vector."""
        dense, lexical, keys, vector, expanded = self.ranked(query)
        fused = rrf([[c for c, _ in dense], [c for c, _ in lexical]])
        top = fused[0][0] if fused else ""
        signals = Signals(
            dense=dense[0][1] if dense else -1.0,
            margin=dense[0][1] - dense[1][1] if len(dense) > 1 else 0.0,
            key=keys[0][1] if keys else -1.0,
            coverage=self._ranker().coverage(expanded, top) if top else 0.0,
            agree=float(sum(top in [c for c, _ in ranking[:3]] for ranking in (dense, lexical, keys))),
            relevance=self._relevance_of(query, top),
        )
        return fused, signals, vector

    def _relevance_of(self, query: str, top: str) -> float | None:
        model = self._relevance() if self._relevance is not None else None
        if model is None or not top:
            return None
        return model.score(without_placeholders(query), [self._texts[top][0]])[0]

    def confidence(self, signals: Signals) -> float:
        """The covered model's confidence: over six signals while the relevance model gives one, else five."""
        if signals.relevance is not None and not self._fixed_model:
            return load_covered_model(RELEVANCE_MODEL_FILE).confidence(signals)
        return self.covered_model.confidence(signals)

    def search(self, query: str, k: int = 3) -> SearchResult:
        """The k best passages for ``query``, or none when the policies do not cover it."""
        fused, signals, vector = self.analyse(query)
        confidence = self.confidence(signals)
        covered = confidence >= self.settings.covered_confidence
        passages: list[Passage] = []
        pointer = None
        if covered:
            for cid, score in fused[:k]:
                text, meta = self._texts[cid]
                passages.append(Passage(str(meta.get("source", "")), str(meta.get("title", "")),
                                        str(meta.get("section", "")), text, round(score, 6), cid))
            pointer = self._keys.pointer(vector, {p.id for p in passages}) if self._keys else None
        weak = covered and confidence < self.settings.caution_below
        return SearchResult(query, covered, passages, signals.dense, weak,
                            confidence, signals, pointer)


class PolicyRetriever(BaseRetriever):
    """LangChain retriever over the hybrid search; returns nothing for uncovered questions."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: HybridSearch
    k: int = 3

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.search.search(query, self.k)
        return [
            Document(
                id=p.id,
                page_content=p.text,
                metadata={"source": p.source, "title": p.title, "section": p.section, "score": p.score,
                          "top_similarity": result.top_similarity},
            )
            for p in result.passages
        ]
