"""Which policy sentences the pathways ask about: for each document a pathway cites, every sentence with the
items whose quotes take it in, so an author can see what is still unasked (``python -m assistant coverage``).

A sentence counts as cited by an item when the item's quote holds it, it holds the quote, or they share
a run of at least 40 characters (a quote that starts or ends inside it). Whitespace and case aside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from assistant.casework.pathways.schema import Pathway
from assistant.config import Settings

SHARED_RUN = 40


@dataclass
class SentenceCoverage:
    text: str
    items: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"text": self.text, "items": self.items}


@dataclass
class DocumentCoverage:
    source: str
    title: str
    sentences: list[SentenceCoverage]

    @property
    def cited(self) -> int:
        return sum(bool(s.items) for s in self.sentences)

    def to_json(self) -> dict:
        return {"source": self.source, "title": self.title, "cited": self.cited, "sentences": len(self.sentences),
                "by_sentence": [s.to_json() for s in self.sentences]}


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def takes_in(quote: str, sentence: str) -> bool:
    q, s = _norm(quote), _norm(sentence)
    if not q or not s:
        return False
    if s in q or q in s:
        return True
    match = SequenceMatcher(None, q, s, autojunk=False).find_longest_match(0, len(q), 0, len(s))
    return match.size >= min(SHARED_RUN, len(s))


def coverage(pathways: Iterable[Pathway], settings: Settings) -> list[DocumentCoverage]:
    """Every document the pathways cite, in the knowledge folder's order, sentence by sentence."""
    from assistant.search.ingest import sentences
    from assistant.search.policies import read_policies

    quotes: dict[str, list[tuple[str, str]]] = {}
    for pathway in pathways:
        for item in pathway.items():
            for citation in item.citations:
                quotes.setdefault(citation.source, []).append((item.id, citation.quote))
    policies = read_policies(settings)
    out: list[DocumentCoverage] = []
    for document in policies.documents:
        if document.source not in quotes:
            continue
        rows: list[SentenceCoverage] = []
        for text, meta in zip(policies.texts, policies.metas):
            if meta.get("source") != document.source:
                continue
            for sentence in sentences(text):
                cited = [item for item, quote in quotes[document.source] if takes_in(quote, sentence)]
                rows.append(SentenceCoverage(" ".join(sentence.split()), list(dict.fromkeys(cited))))
        out.append(DocumentCoverage(document.source, document.title, rows))
    return out


def format_coverage(documents: list[DocumentCoverage]) -> str:
    lines = []
    for doc in documents:
        lines.append(f"{doc.source}: {doc.cited} of {len(doc.sentences)} sentences cited ({doc.title})")
        for s in doc.sentences:
            lines.append(f"  [{', '.join(s.items) if s.items else 'not cited'}] {s.text}")
    return "\n".join(lines)
