"""What a collection records: its records (read in pages), its generation stamp and the model that embedded it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.errors import IndexMismatchError
from assistant.search.embeddings import ModelInfo

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

@dataclass
class DocumentInfo:
    source: str
    title: str
    version: str
    chunks: int


READ_PAGE = 5000
"""Records per read: Chroma's SQLite backend refuses one read of more than ~32,000 records."""


def read_all(col: Collection, include: list[str]) -> dict[str, list[Any]]:
    """Every record of a collection, read in pages."""
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got: Any = col.get(include=include, limit=READ_PAGE, offset=offset)  # type: ignore[arg-type]
        out["ids"].extend(got["ids"])
        for key in include:
            out[key].extend(got[key])
        if len(got["ids"]) < READ_PAGE:
            return out
        offset += READ_PAGE


def generation_of(col: Collection | None) -> str:
    """The collection's generation stamp (changes whenever the indexed passages change), or "none"."""
    if col is None:
        return "none"
    return str((col.metadata or {}).get("generation", "none"))


def model_metadata(info: ModelInfo, layout: str, generation: str = "empty") -> dict[str, str | int]:
    """The collection metadata naming the model that embedded it, the storage layout and the generation."""
    return {
        "embedding_model": info.name,
        "embedding_dim": info.dim,
        "embedding_sha256": info.sha256,
        "layout": layout,
        "generation": generation,
    }


def check_model(meta: Mapping[str, Any], info: ModelInfo, location: str) -> None:
    """IndexMismatchError unless the collection was embedded with this model."""
    built = (meta.get("embedding_model"), meta.get("embedding_dim"), meta.get("embedding_sha256"))
    if built != (info.name, info.dim, info.sha256):
        sha = (built[2] or "unknown")[:12]
        raise IndexMismatchError(
            f"The index at {location} was built with the embedding model "
            f"{built[0] or 'unknown'} (dimension {built[1] or '?'}, weights {sha}…), but this installation "
            f"uses {info.name} (dimension {info.dim}, weights {info.sha256[:12]}…). "
            "Re-index with `python -m assistant index --rebuild`."
        )


def documents_of(metadatas: Iterable[Mapping[str, Any]]) -> list[DocumentInfo]:
    """Each document named in the chunks' metadata, with its title, version and chunk count."""
    info: dict[str, DocumentInfo] = {}
    for meta in metadatas:
        src = str(meta.get("source"))
        entry = info.setdefault(src, DocumentInfo(src, str(meta.get("title", "")), str(meta.get("version", "")), 0))
        entry.chunks += 1
    return sorted(info.values(), key=lambda d: d.source)
