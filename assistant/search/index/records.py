"""Reading records and the generation stamp from a Chroma collection (shared by the index's parts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

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
