"""The pathways' questions as keys to the policy passages that answer them.

Every pathway item is a practitioner's question tied, by its citations, to the policy passage it comes
from. Each item's text is embedded once per index generation; a question is then also ranked by how
close it is to an item's question, and points at the passages that item cites. The passages stay the
answer: the keys only rank them, and say which walk-through step the closest item sits in.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

POINTER_FROM = 0.5
"""Lowest question-to-item similarity for "See …" to name the item's step."""


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _straddles(quote: str, text: str, at_least: int = 20) -> bool:
    """Does ``text`` end with the quote's first words, or start with its last ones (``at_least`` characters)?"""
    cuts = [i for i, c in enumerate(quote) if c == " "]
    return any(len(quote[:i]) >= at_least and text.endswith(quote[:i].rstrip(" .,;:")) for i in cuts) or \
        any(len(quote[i + 1:]) >= at_least and text.startswith(quote[i + 1:]) for i in cuts)


_VECTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Encoder -> {text: unit vector}: each key's text is encoded once per process and encoder."""
_VECTORS_LOCK = threading.Lock()


def key_vectors(texts: Iterable[str], encoder) -> dict[str, np.ndarray]:
    """The unit vectors of ``texts`` by ``encoder``, each text encoded once per process and encoder.

    The keys do not change when the index does, so a new index generation (or a new search object) reuses
    them; the app's warm-up calls this with the installed pathways' items before the first question
    (docs/performance.md: it was 0.5 s of the first question). One lock: a question asked while the warm-up
    is encoding waits for that encoding rather than starting a second one. Texts only: nothing case-specific."""
    wanted = list(dict.fromkeys(texts))
    with _VECTORS_LOCK:
        try:
            known = _VECTORS.setdefault(encoder, {})
        except TypeError:  # an encoder that cannot be weakly referenced or hashed: nothing is kept
            known = {}
        new = sorted(set(wanted) - set(known))
        if new:
            fresh = np.asarray(encoder.encode(new), dtype=np.float32)
            fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
            known.update(zip(new, fresh))
        return {text: known[text] for text in wanted}


@dataclass(frozen=True)
class Key:
    """One pathway item as a key: its question, the passage it cites, and where it sits."""

    text: str
    source: str
    quote: str
    item_id: str
    where: str
    """Where the item sits, for a pointer: 'the “Triangulating the evidence” step of “Stepping down…”'."""


def keys_from_pathways(pathways: Iterable, guidance: bool = False) -> list[Key]:
    """A key per (item, citation) of every pathway (the item's text, and its guidance with ``guidance``)."""
    keys = []
    for pathway in pathways:
        for step in pathway.steps:
            where = f"the “{step.title}” step of “{pathway.title}”"
            for item in step.items:
                for citation in item.citations:
                    text = item.text.strip() + (f" {item.guidance.strip()}" if guidance and item.guidance else "")
                    keys.append(Key(text, citation.source, citation.quote, item.id, where))
    return keys


@dataclass
class QuestionKeys:
    """Key vectors (one row per key) and, for each, the chunk ids holding its cited passage."""

    keys: list[Key]
    vectors: np.ndarray
    targets: list[tuple[str, ...]]

    @classmethod
    def build(cls, keys: Sequence[Key], passages: dict[str, tuple[str, dict]], encoder) -> QuestionKeys:
        """Keys whose cited passage is in the index (``passages``: chunk id -> (text, metadata)), their texts
        encoded once per process (``key_vectors``)."""
        by_source: dict[str, list[tuple[str, str]]] = {}
        for cid, (text, meta) in passages.items():
            by_source.setdefault(str(meta.get("source", "")), []).append((cid, _norm(text)))
        kept, targets = [], []
        for key in keys:
            quote = _norm(key.quote)
            chunks = by_source.get(key.source, [])
            hit = tuple(sorted(cid for cid, text in chunks if quote in text))
            if not hit:  # across a chunk boundary: the chunk ending with its start, the one starting with its end
                hit = tuple(sorted(cid for cid, text in chunks if _straddles(quote, text)))
            if hit:
                kept.append(key)
                targets.append(hit)
        if not kept:
            return cls([], np.zeros((0, 1), dtype=np.float32), [])
        known = key_vectors((k.text for k in kept), encoder)
        return cls(kept, np.stack([known[k.text] for k in kept]), targets)

    def pointer(self, query_vector, shown: set[str], at_least: float = POINTER_FROM) -> Key | None:
        """The item closest to the question, if it is close and cites a passage being shown."""
        sims = self.similarities(query_vector)
        for i in np.argsort(-sims):
            if sims[i] < at_least:
                return None
            if set(self.targets[i]) & shown:
                return self.keys[i]
        return None

    def similarities(self, query_vector) -> np.ndarray:
        if not self.keys:
            return np.zeros(0, dtype=np.float32)
        q = np.asarray(query_vector, dtype=np.float32)
        return self.vectors @ (q / (np.linalg.norm(q) or 1.0))

    def rank(self, query_vector, n: int) -> list[tuple[str, float]]:
        """(chunk id, best similarity of a key pointing at it), best first."""
        sims = self.similarities(query_vector)
        best: dict[str, float] = {}
        for i in np.argsort(-sims):
            for cid in self.targets[i]:
                if cid not in best:
                    best[cid] = float(sims[i])
            if len(best) >= n:
                break
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:n]

    def closest(self, query_vector) -> tuple[Key, float] | None:
        sims = self.similarities(query_vector)
        if not len(sims):
            return None
        i = int(np.argmax(sims))
        return self.keys[i], float(sims[i])
