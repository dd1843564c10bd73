"""The policy index: the one module that knows chromadb.

Embedded (a PersistentClient in the data folder) by default; a Chroma server
when ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT are set. Indexing is
incremental: each chunk's metadata carries its file's stamp, so an unchanged
file costs nothing and a changed one replaces only its own chunks.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from .config import Settings
from .embeddings import ModelInfo, PackagedEmbeddings
from .errors import IndexMismatchError, IndexUnavailable, UnreadableFile
from .ingest import Chunk, Skipped, load_chunks, scan_folder

EMBED_BATCH = 256
"""Chunks embedded and written per step (the progress bar moves per step)."""


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

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed)


@dataclass
class DocumentInfo:
    source: str
    title: str
    version: str
    chunks: int


def embedding_input(chunk_section: str, text: str) -> str:
    """What the encoder sees: the heading path gives a passage its context."""
    return f"{chunk_section}\n{text}"


class PolicyIndex:
    """Open, update and query the index of policy passages."""

    def __init__(self, settings: Settings, embeddings: PackagedEmbeddings | None = None):
        self.settings = settings
        self.embeddings = embeddings or PackagedEmbeddings(batch_size=settings.embed_batch_size)
        self._client = None
        self._vectorstore = None
        self._vectorstore_collection_id = None

    # -- connection ---------------------------------------------------------------
    @property
    def location(self) -> str:
        s = self.settings
        return f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.server_mode else str(s.data_dir / "chroma")

    @property
    def client(self):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            s = self.settings
            try:
                if s.server_mode:
                    self._client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=chroma_settings)
                    self._client.heartbeat()
                else:
                    (s.data_dir / "chroma").mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(path=str(s.data_dir / "chroma"), settings=chroma_settings)
            except Exception as exc:
                self._client = None
                raise IndexUnavailable(f"Cannot open the index at {self.location}: {exc}") from None
        return self._client

    def _lock(self) -> FileLock:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.settings.data_dir / "index.lock"), timeout=600)

    # -- collection -----------------------------------------------------------------
    def _model_metadata(self, generation: str = "empty") -> dict:
        info: ModelInfo = self.embeddings.info
        return {
            "embedding_model": info.name,
            "embedding_dim": info.dim,
            "embedding_sha256": info.sha256,
            "generation": generation,
        }

    def _collection(self, create: bool = False):
        from chromadb.errors import NotFoundError

        name = self.settings.collection
        try:
            col = self.client.get_collection(name, embedding_function=None)
        except NotFoundError:
            if not create:
                return None
            return self.client.create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata=self._model_metadata(),
            )
        self._check_model(col.metadata or {})
        return col

    def _check_model(self, meta: dict) -> None:
        info = self.embeddings.info
        built = (meta.get("embedding_model"), meta.get("embedding_dim"), meta.get("embedding_sha256"))
        if built != (info.name, info.dim, info.sha256):
            sha = (built[2] or "unknown")[:12]
            raise IndexMismatchError(
                f"The index at {self.location} was built with the embedding model "
                f"{built[0] or 'unknown'} (dimension {built[1] or '?'}, weights {sha}…), but this installation "
                f"uses {info.name} (dimension {info.dim}, weights {info.sha256[:12]}…). "
                "Re-index with `python -m assistant index --rebuild`."
            )

    def exists(self) -> bool:
        col = self._collection()
        return col is not None and col.count() > 0

    def generation(self) -> str:
        """Changes whenever the indexed passages change (used to refresh caches)."""
        col = self._collection()
        return str((col.metadata or {}).get("generation", "none")) if col is not None else "none"

    # -- writing ----------------------------------------------------------------------
    def rebuild(self, progress: bool = True) -> IndexReport:
        """Drop the collection and index the knowledge folder from scratch."""
        with self._lock():
            from chromadb.errors import NotFoundError

            try:
                self.client.delete_collection(self.settings.collection)
            except NotFoundError:
                pass
            self._vectorstore = None
            return self._sync_locked(progress)

    def sync(self, progress: bool = True) -> IndexReport:
        """Bring the index in line with the knowledge folder, embedding only what changed."""
        with self._lock():
            return self._sync_locked(progress)

    def _sync_locked(self, progress: bool) -> IndexReport:
        s = self.settings
        started = time.perf_counter()
        report = IndexReport()
        scan = scan_folder(s.knowledge_dir, s.max_file_bytes, s.chunk_size, s.chunk_overlap)
        report.skipped.extend(scan.skipped)
        col = self._collection(create=True)

        existing = col.get(include=["metadatas"])
        by_source: dict[str, dict[str, str]] = {}
        for cid, meta in zip(existing["ids"], existing["metadatas"]):
            by_source.setdefault(str(meta.get("source")), {})[cid] = str(meta.get("stamp"))

        to_embed: list[Chunk] = []
        to_delete: list[str] = []
        to_restamp: list[Chunk] = []
        present = set()
        for file in scan.files:
            present.add(file.source)
            old = by_source.get(file.source, {})
            if old and all(stamp == file.stamp for stamp in old.values()):
                report.unchanged.append(file.source)
                continue
            try:
                _, chunks = load_chunks(file, s.chunk_size, s.chunk_overlap)
            except UnreadableFile as exc:
                report.skipped.append(Skipped(file.source, str(exc)))
                to_delete.extend(old)
                continue
            new_ids = {c.id for c in chunks}
            to_delete.extend(cid for cid in old if cid not in new_ids)
            to_embed.extend(c for c in chunks if c.id not in old)
            to_restamp.extend(c for c in chunks if c.id in old)
            report.indexed.append(file.source)
        for source, ids in by_source.items():
            if source not in present:
                report.removed.append(source)
                to_delete.extend(ids)

        if to_delete:
            col.delete(ids=to_delete)
        if to_restamp:
            col.update(ids=[c.id for c in to_restamp], metadatas=[c.metadata() for c in to_restamp])
        if to_embed:
            self._embed_and_add(col, to_embed, progress)
        report.embedded = len(to_embed)
        if to_delete or to_embed or to_restamp:
            ids = sorted(col.get(include=[])["ids"])
            generation = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] + f"-{time.time_ns()}"
            col.modify(metadata=self._model_metadata(generation))
        report.chunks = col.count()
        report.seconds = time.perf_counter() - started
        return report

    def _embed_and_add(self, col, chunks: list[Chunk], progress: bool) -> None:
        from tqdm import tqdm

        bar = tqdm(total=len(chunks), desc="Embedding policy passages", unit="chunk",
                   disable=not progress, file=sys.stderr, leave=False)
        try:
            for start in range(0, len(chunks), EMBED_BATCH):
                batch = chunks[start:start + EMBED_BATCH]
                vectors = self.embeddings.encode([embedding_input(c.section, c.text) for c in batch])
                col.add(
                    ids=[c.id for c in batch],
                    embeddings=vectors,
                    documents=[c.text for c in batch],
                    metadatas=[c.metadata() for c in batch],
                )
                bar.update(len(batch))
        finally:
            bar.close()

    # -- reading ------------------------------------------------------------------------
    def passages(self) -> tuple[list[str], list[str], list[dict]]:
        """All ids, texts and metadata (for the lexical ranker)."""
        col = self._collection()
        if col is None:
            return [], [], []
        got = col.get(include=["documents", "metadatas"])
        return list(got["ids"]), list(got["documents"]), list(got["metadatas"])

    @property
    def vectorstore(self):
        """LangChain's Chroma vector store over the same collection (dense search)."""
        col = self._collection()
        if col is None:
            raise IndexUnavailable(f"There is no index at {self.location} yet: run `python -m assistant index`.")
        # Another process (`index --rebuild`) may have dropped and re-created the collection since.
        if self._vectorstore is None or self._vectorstore_collection_id != col.id:
            from langchain_chroma import Chroma

            self._vectorstore = Chroma(
                client=self.client,
                collection_name=self.settings.collection,
                embedding_function=self.embeddings,
            )
            self._vectorstore_collection_id = col.id
        return self._vectorstore

    def dense_search(self, query_vector: list[float], k: int):
        """(Document, cosine similarity) for the k nearest passages; Document.id is the chunk id."""
        # langchain-chroma returns Chroma's cosine *distance* here; turn it into similarity.
        hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(query_vector, k=k)
        return [(doc, 1.0 - float(distance)) for doc, distance in hits]

    def documents(self) -> list[DocumentInfo]:
        """Each indexed document with its title, version and chunk count."""
        _, _, metas = self.passages()
        info: dict[str, DocumentInfo] = {}
        for meta in metas:
            src = str(meta.get("source"))
            entry = info.setdefault(src, DocumentInfo(src, str(meta.get("title", "")), str(meta.get("version", "")), 0))
            entry.chunks += 1
        return sorted(info.values(), key=lambda d: d.source)
