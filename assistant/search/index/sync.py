"""What a sync changes, worked out as a pure function, and the embedding of new passages.

``plan_sync`` compares the knowledge folder's files (with their stamps) with what the index
holds and decides, without touching Chroma, which chunks to embed, which to delete and which
only need their stamp updated: an unchanged file costs nothing, a changed one replaces only its
own chunks (chunks whose text did not change keep their vectors), a removed file removes only
its chunks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.errors import UnreadableFile
from assistant.search.ingest import Chunk, KnowledgeFile, Skipped, sentences

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api.models.Collection import Collection

    from assistant.search.embeddings import Encoder

EMBED_BATCH = 256
"""Chunks embedded and written per step (the progress bar moves per step)."""
DELETE_BATCH = 500
"""Ids deleted or re-stamped per Chroma call."""

Progress = Callable[[int, int], None]
"""``on_progress(done, total)``: passages embedded so far out of those to embed in this run."""


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    """Files (re)chunked and embedded in this run."""
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks: int = 0
    """Chunks in the index after the run."""
    embedded: int = 0
    """Chunks that needed embedding in this run."""
    seconds: float = 0.0
    recovered: str | None = None
    """Why the index was rebuilt from scratch before this run (an interrupted update, an unreadable store)."""

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)


@dataclass
class SyncPlan:
    """What one sync will do; the report lists files, the rest lists chunks."""

    report: IndexReport = field(default_factory=IndexReport)
    to_embed: list[Chunk] = field(default_factory=list)
    to_delete: list[str] = field(default_factory=list)
    to_restamp: list[Chunk] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.to_delete or self.to_embed or self.to_restamp)


def stamps_by_source(ids: Iterable[str], metadatas: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """What the index holds: for each source file, its chunk ids and the file stamp each was made from."""
    by_source: dict[str, dict[str, str]] = {}
    for cid, meta in zip(ids, metadatas):
        by_source.setdefault(str(meta.get("source")), {})[cid] = str(meta.get("stamp"))
    return by_source


def plan_sync(
    files: list[KnowledgeFile],
    indexed: Mapping[str, Mapping[str, str]],
    load: Callable[[KnowledgeFile], list[Chunk]],
) -> SyncPlan:
    """Decide what a sync changes. ``indexed`` is ``stamps_by_source`` of the index; ``load`` chunks
    one file (raising UnreadableFile for one that cannot be read, whose old chunks are then removed)."""
    plan = SyncPlan()
    report = plan.report
    present = set()
    for file in files:
        present.add(file.source)
        old = indexed.get(file.source, {})
        if old and all(stamp == file.stamp for stamp in old.values()):
            report.unchanged.append(file.source)
            continue
        try:
            chunks = load(file)
        except UnreadableFile as exc:
            report.skipped.append(Skipped(file.source, str(exc)))
            plan.to_delete.extend(old)
            continue
        new_ids = {c.id for c in chunks}
        plan.to_delete.extend(cid for cid in old if cid not in new_ids)
        plan.to_embed.extend(c for c in chunks if c.id not in old)
        plan.to_restamp.extend(c for c in chunks if c.id in old)
        report.indexed.append(file.source)
    for source, ids in indexed.items():
        if source not in present:
            report.removed.append(source)
            plan.to_delete.extend(ids)
    return plan


def mean_vectors(vectors: np.ndarray, owners: list[int], n: int) -> np.ndarray:
    """Unit-length mean of each chunk's sentence vectors (rows follow chunk order)."""
    import numpy as np

    sums = np.zeros((n, vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, np.asarray(owners), vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    result: np.ndarray = sums / np.where(norms == 0, 1, norms)
    return result


def apply_deletions(col: Collection, scol: Collection, plan: SyncPlan) -> None:
    """Delete the plan's chunks (and their sentences) and re-stamp the chunks that were kept."""
    for start in range(0, len(plan.to_delete), DELETE_BATCH):
        batch = plan.to_delete[start:start + DELETE_BATCH]
        col.delete(ids=batch)
        scol.delete(where={"chunk_id": {"$in": batch}})  # type: ignore[dict-item]
    for start in range(0, len(plan.to_restamp), DELETE_BATCH):
        kept = plan.to_restamp[start:start + DELETE_BATCH]
        col.update(ids=[c.id for c in kept], metadatas=[c.metadata() for c in kept])


def embed_and_add(col: Collection, scol: Collection, chunks: list[Chunk], encoder: Encoder, progress: bool,
                  on_progress: Progress | None) -> None:
    """Embed each chunk's sentences; the chunk's own vector is their normalised mean."""
    from tqdm import tqdm

    bar = tqdm(total=len(chunks), desc="Embedding policy passages", unit="chunk",
               disable=not progress, file=sys.stderr, leave=False)
    try:
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start:start + EMBED_BATCH]
            owners, texts, ids, metas = [], [], [], []
            for i, chunk in enumerate(batch):
                for j, sentence in enumerate(sentences(chunk.text)):
                    owners.append(i)
                    texts.append(sentence)
                    ids.append(f"{chunk.id}.{j}")
                    metas.append({"chunk_id": chunk.id, "source": chunk.source})
            vectors = encoder.encode(texts)
            scol.add(ids=ids, embeddings=vectors, metadatas=metas)  # type: ignore[arg-type]
            col.add(
                ids=[c.id for c in batch],
                embeddings=mean_vectors(vectors, owners, len(batch)),
                documents=[c.text for c in batch],
                metadatas=[c.metadata() for c in batch],
            )
            bar.update(len(batch))
            if on_progress is not None:
                on_progress(start + len(batch), len(chunks))
    finally:
        bar.close()
