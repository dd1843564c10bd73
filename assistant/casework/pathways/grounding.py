"""Resolve each pathway citation to the indexed passage that contains it.

A citation in a pathway file is a verbatim quote from a knowledge file. Grounding
finds the passage (chunk) in the index holding that quote, so the app can show the
document, section and whole passage beside the question.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assistant.casework.pathways.schema import Pathway
from assistant.errors import PathwayError


class GroundedCitation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item_id: str
    source: str
    title: str
    section: str
    quote: str
    passage_id: str
    passage: str
    """The whole indexed passage the quote comes from."""


def _norm(text: str) -> str:
    return " ".join(text.split())


def ground(pathway: Pathway, ids: list[str], texts: list[str], metas: list[dict]) -> dict[str, list[GroundedCitation]]:
    """Every item's citations resolved against the indexed passages (``PolicyIndex.passages()``).

    Raises PathwayError naming the item and quote when a quote is in no passage of its source:
    the policy text changed, or the pathway quotes it wrongly.
    """
    by_source: dict[str, list[tuple[str, str, dict]]] = {}
    for pid, text, meta in zip(ids, texts, metas):
        by_source.setdefault(str(meta.get("source")), []).append((pid, text, meta))
    out: dict[str, list[GroundedCitation]] = {}
    for item in pathway.items():
        for citation in item.citations:
            quote = _norm(citation.quote)
            found = next(((pid, text, meta) for pid, text, meta in by_source.get(citation.source, [])
                          if quote in _norm(text)), None)
            if found is None:
                raise PathwayError(
                    f"Pathway '{pathway.id}', item '{item.id}': the quote \"{citation.quote[:60]}…\" is not in any "
                    f"indexed passage of {citation.source}. Re-index, or correct the pathway file."
                )
            pid, text, meta = found
            out.setdefault(item.id, []).append(GroundedCitation(
                item_id=item.id, source=citation.source, title=str(meta.get("title", "")),
                section=str(meta.get("section", "")), quote=citation.quote, passage_id=pid, passage=text,
            ))
    return out
