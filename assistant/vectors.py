"""Exact dense scoring over an in-memory copy of the index's vectors.

For an index of policy documents (hundreds to a few thousand passages), multiplying the
query vector with every stored vector takes well under a millisecond, while each Chroma
query costs a few milliseconds of call overhead and dense search needs several of them
(chunks, sentences, then the missing halves of each candidate's score). So while the
sentence collection is no larger than ``Settings.exact_search_limit`` vectors, the index
reads its vectors from Chroma once per generation into a ``VectorSnapshot`` and scores
exactly here; a larger index is searched through Chroma's HNSW index as before. Both give
the same score: ``(1 - w) x similarity to the chunk vector + w x best similarity to one of
its sentences`` (tests/test_vectors.py checks them against each other on the real index).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
              sentence_vectors) -> "VectorSnapshot":
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
