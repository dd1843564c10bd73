"""The policy documents in the knowledge folder, read as they are on disk (no model, no index).

A checklist summary records which policy texts it was built against (title, version, SHA-256
of the file) and quotes passages from them. Reading the folder with the same chunker the index
uses gives the same passage ids and sections as the index, without loading the embedding model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from assistant.config import Settings
from assistant.errors import UnreadableFile
from assistant.search.ingest import Skipped, load_chunks, scan_folder


class PolicyDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    """File name in the knowledge folder."""
    title: str
    version: str = ""
    sha256: str
    """SHA-256 of the file's bytes."""


@dataclass
class PolicySnapshot:
    """Every readable knowledge file: its document record and its passages (as ``PolicyIndex.passages()``)."""

    documents: list[PolicyDocument] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def document(self, source: str) -> PolicyDocument | None:
        return next((d for d in self.documents if d.source == source), None)


def read_policies(settings: Settings) -> PolicySnapshot:
    """Read and chunk the knowledge folder; unreadable files are listed in ``skipped``."""
    scan = scan_folder(settings.knowledge_dir, settings.max_file_bytes, settings.chunk_size, settings.chunk_overlap)
    snapshot = PolicySnapshot(skipped=list(scan.skipped))
    for file in scan.files:
        try:
            doc, chunks = load_chunks(file, settings.chunk_size, settings.chunk_overlap)
        except UnreadableFile as exc:
            snapshot.skipped.append(Skipped(file.source, str(exc)))
            continue
        digest = hashlib.sha256(file.path.read_bytes()).hexdigest()
        snapshot.documents.append(PolicyDocument(
            source=file.source, title=doc.title, version=str(doc.meta.get("version") or ""), sha256=digest,
        ))
        for chunk in chunks:
            snapshot.ids.append(chunk.id)
            snapshot.texts.append(chunk.text)
            snapshot.metas.append(chunk.metadata())
    return snapshot
