"""A short drafted analysis of the practitioner's own evidence notes, by the language model.

The model reads the notes and writes prose; it never sets a checklist status or the readiness
line: the reply's schema (``AnalysisOutput``) holds only the analysis text, anything else in the
reply is dropped, and nothing here touches the summary. The result is labelled as drafted and
is meant to be shown in an editable field. Notes sent to a remote endpoint are redacted first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import LLMError
from assistant.llm.backends import describe_failure, invoke_structured
from assistant.llm.grounded import neutralise_tags
from assistant.llm.prompts import render
from assistant.llm.settings import LLMSettings
from assistant.privacy.identifiers import redact

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.casework.checklist import SummaryItem

DRAFTED_LABEL = ("Drafted by a language model from your evidence notes: check and edit it before using it. "
                 "It does not set any checklist status or the readiness line.")
REDACTED_NOTE = "Personal details were removed from your notes before they were sent to the remote language model."


class AnalysisOutput(BaseModel):
    """The model's reply: the analysis text and nothing else (no status, no readiness)."""

    model_config = ConfigDict(extra="ignore")

    analysis: str = Field(description="A short draft analysis of the evidence notes, one or two paragraphs.")


class DraftedAnalysis(BaseModel):
    """A drafted analysis, to be shown labelled as drafted and editable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    item_ids: list[str]
    """The checklist items whose notes were analysed."""
    remote: bool = False
    redactions: int = 0
    """How many identifiers were removed from the notes before they were sent."""
    drafted: bool = True

    @property
    def label(self) -> str:
        return DRAFTED_LABEL + (" " + REDACTED_NOTE if self.redactions else "")


def analysis_messages(items: list[SummaryItem], pathway_title: str, remote: bool) -> tuple[list, list[str], int]:
    """The chat messages for the notes of ``items``, the ids used, and how many identifiers were removed."""
    blocks, used, removed = [], [], 0
    for item in items:
        note = item.note.strip()
        if not note:
            continue
        if remote:
            note, findings = redact(note)
            removed += len(findings)
        question = neutralise_tags(" ".join(item.text.split())).replace('"', "'")
        blocks.append(f'<note item="{item.id}" checklist_item="{question}" trust="untrusted">\n'
                      f"{neutralise_tags(note)}\n</note>")
        used.append(item.id)
    prompt = render("analysis", pathway=pathway_title, notes="\n\n".join(blocks))
    return prompt.messages(), used, removed


def draft_analysis(summary_items: Iterable[SummaryItem], model: BaseChatModel | None, settings: LLMSettings,
                   pathway_title: str = "child protection plan") -> DraftedAnalysis:
    """A drafted analysis of the evidence notes in ``summary_items``.

    LLMError when no model is configured, there are no notes, the model fails or returns nothing
    usable; LLMTimeout (an LLMError) after ``settings.timeout_s``.
    """
    if model is None:
        raise LLMError("No language model is configured (ASSISTANT_LLM_BACKEND is none).")
    items = list(summary_items)
    remote = settings.is_remote
    messages, used, removed = analysis_messages(items, pathway_title, remote)
    if not used:
        raise LLMError("There are no evidence notes to analyse yet.")
    try:
        reply = invoke_structured(model, messages, AnalysisOutput, settings)
    except LLMError:
        raise
    except Exception as exc:
        raise LLMError("No analysis was drafted: " + describe_failure(exc)) from exc
    text = reply.analysis.strip()
    if not text:
        raise LLMError("The language model returned an empty analysis.")
    return DraftedAnalysis(text=text, item_ids=used, remote=remote, redactions=removed)
