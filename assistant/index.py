"""The policy index: the one module that knows chromadb.

Embedded (a PersistentClient in the data folder) by default; a Chroma server
when ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT are set. Indexing is
incremental: each chunk's metadata carries its file's stamp, so an unchanged
file costs nothing and a changed one replaces only its own chunks.

Crash safety. The index is only ever derived from the knowledge folder: indexing reads the
knowledge files and never writes to them, nor to anything else in the data folder but the
``chroma`` store, the lock file and the marker below (drafts are never touched). A sync writes
the marker ``index.syncing`` into the data folder before it changes anything and removes it
only when it has finished. The next sync (it holds the lock, so no one else is writing) that
finds the marker knows the last update was cut short (the process was killed or failed) and
rebuilds the index from the knowledge folder; a store that cannot be read at all (a corrupt
``chroma.sqlite3``) is moved aside to ``chroma.broken-<timestamp>`` and rebuilt. Either is
reported in ``IndexReport.recovered`` (``python -m assistant index`` prints ``recovered: …``),
and ``exists()`` is False for such an index, so the app and ``search`` rebuild it on start.

How a running app notices an index rebuilt by another process: every search first reads the
collection's ``generation`` (a fingerprint written by each sync that changes anything);
``HybridSearch.refresh`` reloads its passages and lexical ranker when it differs, and dense
search follows the collection (re-created by a rebuild) on the next query. So the next search
after the other process finishes uses the new index; nothing needs restarting.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from filelock import FileLock, Timeout

from .config import Settings
from .embeddings import ModelInfo, PackagedEmbeddings
from .errors import IndexMismatchError, IndexUnavailable, UnreadableFile
from .ingest import Chunk, Skipped, load_chunks, scan_folder, sentences
from .vectors import VectorSnapshot

EMBED_BATCH = 256
"""Chunks embedded and written per step (the progress bar moves per step)."""
LAYOUT = "sentences-v1"

Progress = Callable[[int, int], None]
"""``on_progress(done, total)``: passages embedded so far out of those to embed in this run."""
"""How vectors are stored (including ingest.sentences(), which numbers sentence ids);
an index with another layout is rebuilt from the knowledge folder. Bump it when either changes."""
SENTENCE_WEIGHT = 0.5
"""Dense score = (1 - w) x similarity to the chunk vector + w x best similarity to one of its sentences."""
LOCK_TIMEOUT = 600
"""Seconds to wait for another process's index update."""
DELETE_BATCH = 500
SYNC_MARKER = "index.syncing"
"""In the data folder while a sync is changing the index; left behind by one that did not finish."""
_CONNECT_LOCK = threading.Lock()
READ_PAGE = 5000
"""Records per read: Chroma's SQLite backend refuses one read of more than ~32,000 records."""


def read_all(col, include: list[str]) -> dict[str, list]:
    """Every record of a collection, read in pages."""
    out: dict[str, list] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = col.get(include=include, limit=READ_PAGE, offset=offset)
        out["ids"].extend(got["ids"])
        for key in include:
            out[key].extend(got[key])
        if len(got["ids"]) < READ_PAGE:
            return out
        offset += READ_PAGE


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
class DocumentInfo:
    source: str
    title: str
    version: str
    chunks: int


def _store_errors() -> tuple[type[BaseException], ...]:
    """What Chroma's embedded store raises when its files are damaged ("file is not a database" ...)."""
    import sqlite3

    from chromadb.errors import InternalError

    return (InternalError, sqlite3.DatabaseError)


def mean_vectors(vectors, owners: list[int], n: int):
    """Unit-length mean of each chunk's sentence vectors (rows follow chunk order)."""
    import numpy as np

    sums = np.zeros((n, vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, np.asarray(owners), vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.where(norms == 0, 1, norms)


class PolicyIndex:
    """Open, update and query the index of policy passages."""

    def __init__(self, settings: Settings, embeddings: PackagedEmbeddings | None = None):
        self.settings = settings
        self.embeddings = embeddings or PackagedEmbeddings(batch_size=settings.embed_batch_size)
        self._client = None
        self._vectorstore = None
        self._vectorstore_collection_id = None
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
        return f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.server_mode else str(s.data_dir / "chroma")

    @property
    def client(self):
        if self._client is None:
            try:
                self._client = self._connect()
            except Exception as exc:
                self._client = None
                raise IndexUnavailable(f"Cannot open the index at {self.location}: {exc}") from None
        return self._client

    def _connect(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        s = self.settings
        if s.server_mode:
            client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=chroma_settings)
            client.heartbeat()
            return client
        (s.data_dir / "chroma").mkdir(parents=True, exist_ok=True)
        try:
            with _CONNECT_LOCK:  # Chroma shares one system per folder in a process: start it once
                return chromadb.PersistentClient(path=str(s.data_dir / "chroma"), settings=chroma_settings)
        except Exception:
            # Chroma caches the half-started system for this path; the next attempt must start afresh.
            self._forget_client()
            raise

    # -- recovery -------------------------------------------------------------------------
    @property
    def _marker(self):
        return self.settings.data_dir / SYNC_MARKER

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
                except _store_errors():
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
        except _store_errors() as exc:
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
        if self.settings.server_mode:
            return
        try:
            from chromadb.api.shared_system_client import SharedSystemClient
        except ImportError:  # pragma: no cover - another chromadb layout
            return
        # Chroma shares one "system" per path in a process; a broken one must not be reused.
        path = str(self.settings.data_dir / "chroma")
        system = SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)
        if system is not None and stop:
            try:
                system.stop()
            except Exception:
                pass

    def _move_store_aside(self) -> str:
        """Rename the unreadable ``chroma`` folder to ``chroma.broken-<timestamp>``; returns the new name."""
        self._forget_client()
        store = self.settings.data_dir / "chroma"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = store.with_name(f"chroma.broken-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = store.with_name(f"chroma.broken-{stamp}-{n}")
        try:
            shutil.move(str(store), str(target))
        except OSError as exc:
            raise IndexUnavailable(
                f"The index at {self.location} cannot be read and could not be moved aside ({exc}). "
                "Stop the app, delete that folder and run `python -m assistant index` again."
            ) from None
        return target.name

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
            except _store_errors() as exc:
                moved = self._move_store_aside()
                why = f"the index could not be cleared ({type(exc).__name__}: {exc}); it was moved to {moved}"
                return f"{reason}; {why}" if reason else why
            self._vectorstore = None
        return reason

    @contextmanager
    def _lock(self):
        """Only one process writes the index at a time."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.settings.data_dir / "index.lock"), timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout:
            raise IndexUnavailable(
                f"Another process has been updating the index at {self.location} for over "
                f"{LOCK_TIMEOUT // 60} minutes. Wait for it to finish, or stop it and run "
                "`python -m assistant index` again."
            ) from None
        try:
            yield
        finally:
            lock.release()

    # -- collection -----------------------------------------------------------------
    def _model_metadata(self, generation: str = "empty") -> dict:
        info: ModelInfo = self.embeddings.info
        return {
            "embedding_model": info.name,
            "embedding_dim": info.dim,
            "embedding_sha256": info.sha256,
            "layout": LAYOUT,
            "generation": generation,
        }

    @property
    def _sentence_collection_name(self) -> str:
        return f"{self.settings.collection}-sentences"

    def _sentences(self, create: bool = False):
        """The collection of sentence vectors (metadata chunk_id points at the chunk)."""
        return self._collection(create, name=self._sentence_collection_name)

    def _drop(self) -> None:
        from chromadb.errors import NotFoundError

        for name in (self.settings.collection, self._sentence_collection_name):
            try:
                self.client.delete_collection(name)
            except NotFoundError:
                pass

    def _collection(self, create: bool = False, name: str | None = None):
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
        except _store_errors():
            return False

    def generation(self) -> str:
        """Changes whenever the indexed passages change (used to refresh caches)."""
        col = self._collection()
        return str((col.metadata or {}).get("generation", "none")) if col is not None else "none"

    # -- writing ----------------------------------------------------------------------
    def rebuild(self, progress: bool = True, on_progress: Progress | None = None) -> IndexReport:
        """Drop the collection and index the knowledge folder from scratch."""
        with self._lock():
            recovered = self._recover(drop=True)
            return self._sync_marked(progress, on_progress, recovered)

    def sync(self, progress: bool = True, on_progress: Progress | None = None) -> IndexReport:
        """Bring the index in line with the knowledge folder, embedding only what changed.

        ``progress`` shows a terminal progress bar; ``on_progress(done, total)`` is called after
        each batch of passages is embedded (for a progress bar in the app).
        """
        with self._lock():
            recovered = self._recover(drop=False)
            return self._sync_marked(progress, on_progress, recovered)

    def _sync_marked(self, progress: bool, on_progress: Progress | None, recovered: str | None) -> IndexReport:
        report = self._sync_locked(progress, on_progress)
        report.recovered = recovered
        return report

    def _sync_locked(self, progress: bool, on_progress: Progress | None = None) -> IndexReport:
        s = self.settings
        started = time.perf_counter()
        report = IndexReport()
        scan = scan_folder(s.knowledge_dir, s.max_file_bytes, s.chunk_size, s.chunk_overlap)
        report.skipped.extend(scan.skipped)
        col = self._collection(create=True)
        if (col.metadata or {}).get("layout") != LAYOUT:
            self._drop()  # an index from an older version of this tool: start again
            col = self._collection(create=True)
        scol = self._sentences(create=True)
        # From here on the index is being changed: the marker stays if this run does not finish.
        self._marker.write_text(f"pid {os.getpid()} started {time.strftime('%Y-%m-%dT%H:%M:%S')}\n",
                                encoding="utf-8")

        existing = read_all(col, ["metadatas"])
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

        for start in range(0, len(to_delete), DELETE_BATCH):
            batch = to_delete[start:start + DELETE_BATCH]
            col.delete(ids=batch)
            scol.delete(where={"chunk_id": {"$in": batch}})
        for start in range(0, len(to_restamp), DELETE_BATCH):
            batch = to_restamp[start:start + DELETE_BATCH]
            col.update(ids=[c.id for c in batch], metadatas=[c.metadata() for c in batch])
        if to_embed:
            self._embed_and_add(col, scol, to_embed, progress, on_progress)
        report.embedded = len(to_embed)
        if to_delete or to_embed or to_restamp:
            ids = sorted(read_all(col, [])["ids"])
            generation = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] + f"-{time.time_ns()}"
            col.modify(metadata=self._model_metadata(generation))
        report.chunks = col.count()
        self._marker.unlink(missing_ok=True)
        report.seconds = time.perf_counter() - started
        return report

    def _embed_and_add(self, col, scol, chunks: list[Chunk], progress: bool, on_progress: Progress | None) -> None:
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
                vectors = self.embeddings.encode(texts)
                scol.add(ids=ids, embeddings=vectors, metadatas=metas)
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

    # -- reading ------------------------------------------------------------------------
    def passages(self) -> tuple[list[str], list[str], list[dict]]:
        """All ids, texts and metadata (for the lexical ranker)."""
        col = self._collection()
        if col is None:
            return [], [], []
        got = read_all(col, ["documents", "metadatas"])
        return list(got["ids"]), list(got["documents"]), list(got["metadatas"])

    @property
    def vectorstore(self):
        """LangChain's Chroma vector store over the same collection (dense search)."""
        col = self._collection()
        if col is None:
            raise IndexUnavailable(f"There is no index at {self.location} yet: run `python -m assistant index`.")
        return self._vectorstore_for(col)

    def _vectorstore_for(self, col):
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

    def dense_search(self, query_vector: list[float], k: int, col=None):
        """(Document, cosine similarity) for the k nearest passages; Document.id is the chunk id."""
        store = self.vectorstore if col is None else self._vectorstore_for(col)
        # langchain-chroma returns Chroma's cosine *distance* here; turn it into similarity.
        hits = store.similarity_search_by_vector_with_relevance_scores(query_vector, k=k)
        return [(doc, 1.0 - float(distance)) for doc, distance in hits]

    def dense_scores(self, query_vector: list[float], n: int) -> list[tuple[str, float]]:
        """(chunk id, dense score) best first: the chunk vector and its best sentence, both exact.

        Candidates come from the chunk collection (top n) and the sentence collection
        (top 3n); each candidate's missing half is fetched, so every score is complete.
        """
        import numpy as np

        q = np.asarray(query_vector, dtype=np.float32)
        col = self._fresh_collection()
        if col is None:
            raise IndexUnavailable(f"There is no index at {self.location} yet: run `python -m assistant index`.")
        snapshot = self._snapshot(col)
        if snapshot is not None:
            return snapshot.scores(q, n, SENTENCE_WEIGHT)
        hits = self.dense_search(query_vector, n, col)
        mean = {doc.id: sim for doc, sim in hits}
        texts = {doc.id: doc.page_content for doc, _ in hits}
        scol = self._sentences()
        best: dict[str, float] = {}
        sentence_count = scol.count() if scol is not None else 0
        if sentence_count:
            got = scol.query(query_embeddings=[query_vector], n_results=min(3 * n, sentence_count),
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
        w = SENTENCE_WEIGHT
        scores = {cid: (1 - w) * mean[cid] + w * best.get(cid, mean[cid]) for cid in mean}
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:n]

    def _snapshot(self, col) -> VectorSnapshot | None:
        """The vectors of this generation in memory, for exact scoring (see assistant/vectors.py),
        or None when the index is larger than ``exact_search_limit`` sentences (Chroma searches it)."""
        generation = str((col.metadata or {}).get("generation", "none"))
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
            if latest is not None and str((latest.metadata or {}).get("generation", "none")) == generation:
                self._vectors = snapshot
            return snapshot

    def _fresh_collection(self):
        """The chunk collection, re-opening the embedded store if another process changed it.

        Chroma keeps each collection's vector index in memory and does not see vectors another
        process adds to or deletes from the same collection (a re-created collection it does see).
        So when the generation differs from the one dense search last used here, the store is
        opened afresh; a change this process made itself costs one reopen.
        """
        col = self._collection()
        if col is None:
            return None
        generation = str((col.metadata or {}).get("generation", "none"))
        if self._dense_generation is not None and generation != self._dense_generation \
                and not self.settings.server_mode:
            self._forget_client(stop=False)
            col = self._collection()
            if col is None:
                return None
            generation = str((col.metadata or {}).get("generation", "none"))
        self._dense_generation = generation
        return col

    def documents(self) -> list[DocumentInfo]:
        """Each indexed document with its title, version and chunk count."""
        _, _, metas = self.passages()
        info: dict[str, DocumentInfo] = {}
        for meta in metas:
            src = str(meta.get("source"))
            entry = info.setdefault(src, DocumentInfo(src, str(meta.get("title", "")), str(meta.get("version", "")), 0))
            entry.chunks += 1
        return sorted(info.values(), key=lambda d: d.source)
