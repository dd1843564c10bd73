"""Exact dense scoring over an in-memory copy of the index's vectors.

For an index of policy documents (hundreds to a few thousand passages), multiplying the
query vector with every stored vector takes well under a millisecond, while each Chroma
query costs a few milliseconds of call overhead and dense search needs several of them
(chunks, sentences, then the missing halves of each candidate's score). So while the
sentence collection is no larger than ``Settings.exact_search_limit`` vectors, the index
reads its vectors from Chroma once per generation into a ``VectorSnapshot`` and scores
exactly here; a larger index is searched through Chroma's HNSW index as before. Both give
the same score: ``(1 - w) x similarity to the chunk vector + w x best similarity to one of
its sentences`` (tests/search/test_dense.py checks them against each other on the real index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.search.ingest import sentences

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection


@dataclass(frozen=True)
class VectorSnapshot:
    generation: str
    chunk_ids: list[str]
    chunks: np.ndarray
    """One unit-length row per chunk, in ``chunk_ids`` order."""
    sentences: np.ndarray
    """One unit-length row per sentence."""
    owners: np.ndarray
    """For each sentence row, the row of its chunk."""

    @classmethod
    def build(cls, generation: str, chunk_ids: list[str], chunk_vectors, sentence_chunk_ids: list[str],
              sentence_vectors) -> VectorSnapshot:
        """From what the two collections hold; sentences whose chunk is not listed are left out
        (a sync by another process can land between the two reads)."""
        dim = len(chunk_vectors[0]) if len(chunk_vectors) else 0
        row = {cid: i for i, cid in enumerate(chunk_ids)}
        keep = [i for i, cid in enumerate(sentence_chunk_ids) if cid in row]
        sentences = np.asarray([sentence_vectors[i] for i in keep], dtype=np.float32).reshape(len(keep), dim)
        owners = np.asarray([row[sentence_chunk_ids[i]] for i in keep], dtype=np.int64)
        chunks = np.asarray(chunk_vectors, dtype=np.float32).reshape(len(chunk_ids), dim)
        return cls(generation, list(chunk_ids), chunks, sentences, owners)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, query_vector, n: int, sentence_weight: float) -> list[tuple[str, float]]:
        """(chunk id, score) for the n best chunks, best first (ties by id, as the Chroma path)."""
        if not self.chunk_ids or n <= 0:
            return []
        q = np.asarray(query_vector, dtype=np.float32)
        mean = self.chunks @ q
        best = mean.copy()  # a chunk without sentence vectors scores on its own vector alone
        if len(self.owners):
            has = np.zeros(len(mean), dtype=bool)
            has[self.owners] = True
            best[has] = -np.inf
            np.maximum.at(best, self.owners, self.sentences @ q)
        score = (1 - sentence_weight) * mean + sentence_weight * best
        top = np.argsort(-score, kind="stable")[: max(n * 2, n + 10)]
        ranked = sorted(((self.chunk_ids[i], float(score[i])) for i in top), key=lambda item: (-item[1], item[0]))
        return ranked[:n]


def scores_through_chroma(query_vector: list[float], n: int, hits: list[tuple[Any, float]], col: Collection,
                          scol: Collection | None, sentence_weight: float) -> list[tuple[str, float]]:
    """The same scores for an index too large to hold in memory, from Chroma's HNSW queries.

    ``hits`` are the top n (Document, similarity) pairs from the chunk collection; candidates also
    come from the sentence collection (top 3n); each candidate's missing half is fetched, so every
    score is complete.
    """
    q = np.asarray(query_vector, dtype=np.float32)
    mean = {doc.id: sim for doc, sim in hits}
    texts = {doc.id: doc.page_content for doc, _ in hits}
    best: dict[str, float] = {}
    sentence_count = scol.count() if scol is not None else 0
    if scol is not None and sentence_count:
        got: Any = scol.query(query_embeddings=[query_vector],  # type: ignore[arg-type]  # list of floats is accepted
                              n_results=min(3 * n, sentence_count),
                              include=["metadatas", "distances"])
        for meta, distance in zip(got["metadatas"][0], got["distances"][0]):
            cid = str(meta["chunk_id"])
            best[cid] = max(best.get(cid, -1.0), 1.0 - float(distance))
    missing_mean = [cid for cid in best if cid not in mean]
    if missing_mean:
        got = col.get(ids=missing_mean, include=["embeddings"])
        for cid, vec in zip(got["ids"], got["embeddings"]):
            mean[cid] = float(np.dot(q, vec))
    missing_best = [cid for cid in mean if cid not in best and cid in texts]
    if missing_best and scol is not None:
        # Sentence ids are "<chunk id>.<n>", n counting sentences(text): a lookup by id, not a filter.
        ids = [f"{cid}.{j}" for cid in missing_best for j in range(len(sentences(texts[cid])))]
        got = scol.get(ids=ids, include=["embeddings"])
        for sid, vec in zip(got["ids"], got["embeddings"]):
            cid = sid.rsplit(".", 1)[0]
            best[cid] = max(best.get(cid, -1.0), float(np.dot(q, vec)))
    w = sentence_weight
    scores = {cid: (1 - w) * mean[cid] + w * best.get(cid, mean[cid]) for cid in mean}
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:n]
