"""The policy index: the one package that knows chromadb.

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

Parts: ``store`` (``PolicyIndex``: connection, collections, reading and writing), ``sync`` (what a
sync changes, as a pure function), ``recovery`` (lock, marker, moving a broken store aside),
``dense`` (exact in-memory scoring), ``records`` (paged reads, the generation stamp).
"""

from assistant.search.index.records import DocumentInfo, generation_of, read_all
from assistant.search.index.recovery import SYNC_MARKER
from assistant.search.index.store import LAYOUT, SENTENCE_WEIGHT, PolicyIndex
from assistant.search.index.sync import IndexReport, Progress

__all__ = [
    "LAYOUT",
    "SENTENCE_WEIGHT",
    "SYNC_MARKER",
    "DocumentInfo",
    "IndexReport",
    "PolicyIndex",
    "Progress",
    "generation_of",
    "read_all",
]
