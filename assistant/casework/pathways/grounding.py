"""Resolve each pathway citation to the indexed passage that contains it.

A citation in a pathway file is a verbatim quote from a knowledge file. Grounding
finds the passage (chunk) in the index holding that quote, so the app can show the
document, section and whole passage beside the question.

When the policy document has changed so that a quote is no longer in it word for word (or the
document has gone), grounding does not fail: the citation is marked ``changed`` (or
``document_missing``) and says where the closest passage now is, so the app shows the affected
questions with a warning while every other question works, and ``check-pathways`` lists them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.casework.pathways.schema import Pathway

CitationStatus = Literal["found", "changed", "document_missing"]

CLOSE_ENOUGH = 0.5
"""Share of the quote's words a passage must hold to be named as where the quote's text went."""

_WORD = re.compile(r"[a-z0-9]+")


class GroundedCitation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item_id: str
    source: str
    title: str
    section: str
    quote: str
    """The pathway file's quote: verbatim policy text while ``status`` is ``found``."""
    passage_id: str
    passage: str
    """The whole indexed passage the quote comes from ("" unless ``found``)."""
    status: CitationStatus = "found"
    closest_section: str = ""
    """Where the policy changed: the section of the passage now closest to the quote ("" if none is close)."""
    closest_passage: str = ""
    """That passage, verbatim as the document reads now."""

    @property
    def changed(self) -> bool:
        return self.status != "found"

    def change_note(self) -> str:
        """For people: what changed and where ("" when the quote is found)."""
        name = f"{self.title} ({self.source})" if self.title else self.source
        if self.status == "document_missing":
            return (f"The policy passage behind this question has changed: {self.source} is no longer in the "
                    f"knowledge folder.")
        if self.status == "changed":
            where = (f" The closest passage now is in “{self.closest_section}”." if self.closest_section
                     else " The closest passage now is shown with it." if self.closest_passage
                     else " No passage of it now reads like the quote.")
            return f"The policy passage behind this question has changed: its quote is no longer word for word in " \
                   f"{name}.{where}"
        return ""


def _norm(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def closest(quote: str, passages: list[tuple[str, str, dict]]) -> tuple[str, str, dict] | None:
    """The passage holding the largest share of the quote's words, if that share is at least CLOSE_ENOUGH."""
    wanted = _words(quote)
    if not wanted or not passages:
        return None
    share, best = max(((len(wanted & _words(text)) / len(wanted), (pid, text, meta))
                       for pid, text, meta in passages), key=lambda pair: pair[0])
    return best if share >= CLOSE_ENOUGH else None


def ground(pathway: Pathway, ids: list[str], texts: list[str], metas: list[dict]) -> dict[str, list[GroundedCitation]]:
    """Every item's citations resolved against the indexed passages (``PolicyIndex.passages()``).

    A quote in no passage of its source is returned with status ``changed`` (the policy text changed,
    or the pathway quotes it wrongly) or ``document_missing``; see ``changed_citations``.
    """
    by_source: dict[str, list[tuple[str, str, dict]]] = {}
    for pid, text, meta in zip(ids, texts, metas):
        by_source.setdefault(str(meta.get("source")), []).append((pid, text, meta))
    out: dict[str, list[GroundedCitation]] = {}
    for item in pathway.items():
        for citation in item.citations:
            quote = _norm(citation.quote)
            passages = by_source.get(citation.source, [])
            found = next(((pid, text, meta) for pid, text, meta in passages if quote in _norm(text)), None)
            if found is not None:
                pid, text, meta = found
                grounded = GroundedCitation(
                    item_id=item.id, source=citation.source, title=str(meta.get("title", "")),
                    section=str(meta.get("section", "")), quote=citation.quote, passage_id=pid, passage=text)
            elif not passages:
                grounded = GroundedCitation(item_id=item.id, source=citation.source, title="", section="",
                                            quote=citation.quote, passage_id="", passage="",
                                            status="document_missing")
            else:
                near = closest(quote, passages)
                grounded = GroundedCitation(
                    item_id=item.id, source=citation.source, title=str(passages[0][2].get("title", "")),
                    section="", quote=citation.quote, passage_id="", passage="", status="changed",
                    closest_section=str(near[2].get("section", "")) if near else "",
                    closest_passage=near[1] if near else "")
            out.setdefault(item.id, []).append(grounded)
    return out


def changed_citations(grounded: dict[str, list[GroundedCitation]]) -> list[GroundedCitation]:
    """The citations whose quote is no longer in the policy, in item order."""
    return [c for citations in grounded.values() for c in citations if c.changed]
