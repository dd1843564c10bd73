"""``PolicyIndex``: open, update and query the index of policy passages (the one class that knows chromadb).

Embedded (a PersistentClient in the data folder) by default; a Chroma server when
ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT are set. What a sync changes is planned in
``sync``, crash recovery lives in ``recovery``, exact in-memory scoring in ``dense``.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.search.embeddings import Encoder, PackagedEmbeddings
from assistant.search.index import recovery
from assistant.search.index.dense import VectorSnapshot, scores_through_chroma
from assistant.search.index.records import (
    DocumentInfo,
    check_model,
    documents_of,
    generation_of,
    model_metadata,
    read_all,
)
from assistant.search.index.sync import (
    IndexReport,
    Progress,
    apply_deletions,
    embed_and_add,
    plan_sync,
    stamps_by_source,
)
from assistant.search.ingest import load_chunks, scan_folder

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from langchain_chroma import Chroma
    from langchain_core.documents import Document

LAYOUT = "sentences-v1"
"""How vectors are stored (including ingest.sentences(), which numbers sentence ids);
an index with another layout is rebuilt from the knowledge folder. Bump it when either changes."""
SENTENCE_WEIGHT = 0.5
"""Dense score = (1 - w) x similarity to the chunk vector + w x best similarity to one of its sentences."""
_CONNECT_LOCK = threading.Lock()


class PolicyIndex:
    """Open, update and query the index of policy passages."""

    def __init__(self, settings: Settings, embeddings: Encoder | None = None):
        self.settings = settings
        self.embeddings: Encoder = embeddings or PackagedEmbeddings(batch_size=settings.embed_batch_size)
        self._client: ClientAPI | None = None
        self._vectorstore: Chroma | None = None
        self._vectorstore_collection_id: Any = None
        self._dense_generation: str | None = None
        """The generation dense search last ran on (see _fresh_collection)."""
        self._vectors: VectorSnapshot | None = None
        self._vectors_lock = threading.Lock()
        self._too_large: str | None = None
        """A generation found larger than exact_search_limit (searched through Chroma)."""

    # -- connection ---------------------------------------------------------------
    @property
    def location(self) -> str:
        s = self.settings
        return f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.server_mode else str(self._store_dir)

    @property
    def _store_dir(self) -> Path:
        return self.settings.data_dir / "chroma"

    @property
    def client(self) -> ClientAPI:
        if self._client is None:
            try:
                self._client = self._connect()
            except Exception as exc:
                self._client = None
                raise IndexUnavailable(f"Cannot open the index at {self.location}: {exc}") from None
        return self._client

    def _connect(self) -> ClientAPI:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        s = self.settings
        if s.server_mode:
            assert s.chroma_host is not None and s.chroma_port is not None
            client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=chroma_settings)
            client.heartbeat()
            return client
        self._store_dir.mkdir(parents=True, exist_ok=True)
        try:
            with _CONNECT_LOCK:  # Chroma shares one system per folder in a process: start it once
                return chromadb.PersistentClient(path=str(self._store_dir), settings=chroma_settings)
        except Exception:
            # Chroma caches the half-started system for this path; the next attempt must start afresh.
            self._forget_client()
            raise

    # -- recovery -------------------------------------------------------------------------
    @property
    def _marker(self) -> Path:
        return self.settings.data_dir / recovery.SYNC_MARKER

    def _store_problem(self) -> str | None:
        """Why the embedded store cannot be read (a corrupt SQLite file), or None if it can.

        Opens the store and reads both collections' metadata, counts and one record. A model
        mismatch is not a problem of the store: IndexMismatchError is raised as before.
        """
        if self.settings.server_mode:
            return None
        from chromadb.errors import NotFoundError

        try:
            if self._client is None:
                try:
                    self._client = self._connect()
                except recovery.store_errors():
                    raise
                except Exception as exc:
                    raise IndexUnavailable(f"Cannot open the index at {self.location}: {exc}") from None
            for name in (self.settings.collection, self._sentence_collection_name):
                try:
                    col = self._client.get_collection(name, embedding_function=None)
                except NotFoundError:
                    continue
                if col.count():
                    col.get(limit=1, include=["metadatas"])
        except recovery.store_errors() as exc:
            self._forget_client()
            return f"{type(exc).__name__}: {exc}"
        return None

    def _forget_client(self, stop: bool = True) -> None:
        """Drop this process's connection to the embedded store (so it can be moved or re-opened).

        ``stop=False`` leaves the old connection working for whoever still holds it.
        """
        self._client = None
        self._vectorstore = None
        self._vectorstore_collection_id = None
        if not self.settings.server_mode:
            recovery.forget_shared_system(str(self._store_dir), stop)

    def _move_store_aside(self) -> str:
        self._forget_client()
        return recovery.move_aside(self._store_dir, self.location)

    def _recover(self, drop: bool) -> str | None:
        """Before a sync (lock held): rebuild an index left incomplete or unreadable. Returns why, or None."""
        reason = None
        if self._marker.exists():
            reason = "the previous index update did not finish (interrupted or failed)"
            drop = True
        problem = self._store_problem()
        if problem is not None:
            moved = self._move_store_aside()
            why = f"the index could not be read ({problem}); it was moved to {moved}"
            return f"{reason}; {why}" if reason else why
        if drop:
            try:
                self._drop()
            except recovery.store_errors() as exc:
                moved = self._move_store_aside()
                why = f"the index could not be cleared ({type(exc).__name__}: {exc}); it was moved to {moved}"
                return f"{reason}; {why}" if reason else why
            self._vectorstore = None
        return reason

    # -- collection -----------------------------------------------------------------
    def _model_metadata(self, generation: str = "empty") -> dict[str, str | int]:
        return model_metadata(self.embeddings.info, LAYOUT, generation)

    @property
    def _sentence_collection_name(self) -> str:
        return f"{self.settings.collection}-sentences"

    def _sentences(self, create: bool = False) -> Collection | None:
        """The collection of sentence vectors (metadata chunk_id points at the chunk)."""
        return self._collection(create, name=self._sentence_collection_name)

    def _drop(self) -> None:
        from chromadb.errors import NotFoundError

        for name in (self.settings.collection, self._sentence_collection_name):
            try:
                self.client.delete_collection(name)
            except NotFoundError:
                pass

    def _collection(self, create: bool = False, name: str | None = None) -> Collection | None:
        from chromadb.errors import NotFoundError

        name = name or self.settings.collection
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

    def _check_model(self, meta: Any) -> None:
        check_model(meta, self.embeddings.info, self.location)

    def exists(self) -> bool:
        """A complete, readable index is there (False after an interrupted update or for a corrupt store)."""
        if self._marker.exists():
            return False
        try:
            col = self._collection()
            return col is not None and col.count() > 0
        except IndexUnavailable:
            if self.settings.server_mode:
                raise
            return False
        except recovery.store_errors():
            return False

    def generation(self) -> str:
        """Changes whenever the indexed passages change (used to refresh caches)."""
        return generation_of(self._collection())

    # -- writing ----------------------------------------------------------------------
    def rebuild(self, progress: bool = True, on_progress: Progress | None = None) -> IndexReport:
        """Drop the collection and index the knowledge folder from scratch."""
        with recovery.writer_lock(self.settings.data_dir, self.location):
            recovered = self._recover(drop=True)
            return self._sync_marked(progress, on_progress, recovered)

    def sync(self, progress: bool = True, on_progress: Progress | None = None) -> IndexReport:
        """Bring the index in line with the knowledge folder, embedding only what changed.

        ``progress`` shows a terminal progress bar; ``on_progress(done, total)`` is called after
        each batch of passages is embedded (for a progress bar in the app).
        """
        with recovery.writer_lock(self.settings.data_dir, self.location):
            recovered = self._recover(drop=False)
            return self._sync_marked(progress, on_progress, recovered)

    def _sync_marked(self, progress: bool, on_progress: Progress | None, recovered: str | None) -> IndexReport:
        report = self._sync_locked(progress, on_progress)
        report.recovered = recovered
        return report

    def _sync_locked(self, progress: bool, on_progress: Progress | None = None) -> IndexReport:
        s = self.settings
        started = time.perf_counter()
        scan = scan_folder(s.knowledge_dir, s.max_file_bytes, s.chunk_size, s.chunk_overlap)
        col = self._collection(create=True)
        assert col is not None
        if (col.metadata or {}).get("layout") != LAYOUT:
            self._drop()  # an index from an older version of this tool: start again
            col = self._collection(create=True)
            assert col is not None
        scol = self._sentences(create=True)
        assert scol is not None
        # From here on the index is being changed: the marker stays if this run does not finish.
        self._marker.write_text(f"pid {os.getpid()} started {time.strftime('%Y-%m-%dT%H:%M:%S')}\n",
                                encoding="utf-8")

        existing = read_all(col, ["metadatas"])
        plan = plan_sync(scan.files, stamps_by_source(existing["ids"], existing["metadatas"]),
                         lambda file: load_chunks(file, s.chunk_size, s.chunk_overlap)[1])
        report = plan.report
        report.skipped[:0] = scan.skipped
        apply_deletions(col, scol, plan)
        if plan.to_embed:
            embed_and_add(col, scol, plan.to_embed, self.embeddings, progress, on_progress)
        report.embedded = len(plan.to_embed)
        if plan.changes_anything:
            ids = sorted(read_all(col, [])["ids"])
            generation = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] + f"-{time.time_ns()}"
            col.modify(metadata=self._model_metadata(generation))
        report.chunks = col.count()
        self._marker.unlink(missing_ok=True)
        report.seconds = time.perf_counter() - started
        return report

    # -- reading ------------------------------------------------------------------------
    def passages(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """All ids, texts and metadata (for the lexical ranker)."""
        col = self._collection()
        if col is None:
            return [], [], []
        got = read_all(col, ["documents", "metadatas"])
        return list(got["ids"]), list(got["documents"]), list(got["metadatas"])

    @property
    def vectorstore(self) -> Chroma:
        """LangChain's Chroma vector store over the same collection (dense search)."""
        col = self._collection()
        if col is None:
            raise IndexUnavailable(f"There is no index at {self.location} yet: run `python -m assistant index`.")
        return self._vectorstore_for(col)

    def _vectorstore_for(self, col: Collection) -> Chroma:
        # Another process (`index --rebuild`) may have dropped and re-created the collection since.
        if self._vectorstore is None or self._vectorstore_collection_id != col.id:
            from langchain_chroma import Chroma

            self._vectorstore = Chroma(
                client=self.client,
                collection_name=self.settings.collection,
                embedding_function=self.embeddings,  # type: ignore[arg-type]
            )
            self._vectorstore_collection_id = col.id
        return self._vectorstore

    def dense_search(self, query_vector: list[float], k: int,
                     col: Collection | None = None) -> list[tuple[Document, float]]:
        """(Document, cosine similarity) for the k nearest passages; Document.id is the chunk id."""
        store = self.vectorstore if col is None else self._vectorstore_for(col)
        # langchain-chroma returns Chroma's cosine *distance* here; turn it into similarity.
        hits = store.similarity_search_by_vector_with_relevance_scores(query_vector, k=k)
        return [(doc, 1.0 - float(distance)) for doc, distance in hits]

    def dense_scores(self, query_vector: list[float], n: int) -> list[tuple[str, float]]:
        """(chunk id, dense score) best first: the chunk vector and its best sentence, both exact."""
        col = self._fresh_collection()
        if col is None:
            raise IndexUnavailable(f"There is no index at {self.location} yet: run `python -m assistant index`.")
        snapshot = self._snapshot(col)
        if snapshot is not None:
            return snapshot.scores(query_vector, n, SENTENCE_WEIGHT)
        hits = self.dense_search(query_vector, n, col)
        return scores_through_chroma(query_vector, n, hits, col, self._sentences(), SENTENCE_WEIGHT)

    def _snapshot(self, col: Collection) -> VectorSnapshot | None:
        """The vectors of this generation in memory, for exact scoring (see ``dense``),
        or None when the index is larger than ``exact_search_limit`` sentences (Chroma searches it)."""
        generation = generation_of(col)
        snapshot = self._vectors
        if snapshot is not None and snapshot.generation == generation:
            return snapshot
        if self._too_large == generation:
            return None
        limit = self.settings.exact_search_limit
        scol = self._sentences()
        if not limit or scol is None or scol.count() > limit:
            self._vectors, self._too_large = None, generation
            return None
        with self._vectors_lock:
            if self._vectors is not None and self._vectors.generation == generation:
                return self._vectors
            chunks = read_all(col, ["embeddings"])
            sents = read_all(scol, ["embeddings", "metadatas"])
            snapshot = VectorSnapshot.build(generation, chunks["ids"], chunks["embeddings"],
                                            [str(m["chunk_id"]) for m in sents["metadatas"]], sents["embeddings"])
            # Kept only if no sync landed while reading (otherwise used for this query alone).
            latest = self._collection()
            if latest is not None and generation_of(latest) == generation:
                self._vectors = snapshot
            return snapshot

    def _fresh_collection(self) -> Collection | None:
        """The chunk collection, re-opening the embedded store if another process changed it.

        Chroma keeps each collection's vector index in memory and does not see vectors another
        process adds to or deletes from the same collection (a re-created collection it does see).
        So when the generation differs from the one dense search last used here, the store is
        opened afresh; a change this process made itself costs one reopen.
        """
        col = self._collection()
        if col is None:
            return None
        generation = generation_of(col)
        if self._dense_generation is not None and generation != self._dense_generation \
                and not self.settings.server_mode:
            self._forget_client(stop=False)
            col = self._collection()
            if col is None:
                return None
            generation = generation_of(col)
        self._dense_generation = generation
        return col

    def documents(self) -> list[DocumentInfo]:
        """Each indexed document with its title, version and chunk count."""
        return documents_of(self.passages()[2])
