"""Chat answers in plain English, grounded in the retrieved passages, or the verbatim passages.

``answer_question`` gives the model the retrieved passages with ids (``p1``, ``p2``...) inside
``<passage>`` tags marked as untrusted data, asks for a ``GroundedAnswer`` in which every sentence
cites passage ids, and checks the reply: every sentence cites at least one id, every id is one of
the retrieved passages, every quote appears word for word (whitespace aside) in a passage the
sentence cites, and no sentence gives a timescale, or a "must", that its passages do not.
Anything else (no model configured, question not covered, an error, a timeout, a reply that fails
the check) gives the verbatim-passage answer, with the reason when it fell back.
"""

from __future__ import annotations

import html
import logging
import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import LLMError, LLMTimeout
from assistant.llm.backends import describe_failure, invoke_structured
from assistant.llm.prompts import render
from assistant.llm.settings import LLMSettings
from assistant.privacy.identifiers import redact
from assistant.search.retrieval import Passage, SearchResult

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

MODEL_LABEL = ("Plain-English answer written by a language model from the policy passages below. "
               "Each sentence cites the passages it relies on; check it against the policy's own words.")
VERBATIM_LABEL = "The policy's own words, quoted verbatim from the indexed documents."
FALLBACK_LABEL = "The language model's answer was not used ({reason}), so these are the policy's own words."
NOT_COVERED_REASON = "The indexed policies do not cover this question, so the language model was not asked."


class GroundedSentence(BaseModel):
    """One sentence of the model's answer and the passages it relies on."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="One sentence of the answer, in plain English.")
    passage_ids: list[str] = Field(description="Ids of the passages this sentence relies on, e.g. ['p1'].")
    quote: str | None = Field(default=None, description="Words copied exactly from a cited passage, or null.")


class GroundedAnswer(BaseModel):
    """The model's answer: sentences, each citing passage ids."""

    model_config = ConfigDict(extra="ignore")

    sentences: list[GroundedSentence] = Field(description="The answer, one sentence per entry.")


class ChatAnswer(BaseModel):
    """What the chat shows: the model's checked answer, or the verbatim passages."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["model", "verbatim"]
    question: str
    covered: bool
    sentences: list[GroundedSentence] = []
    """The checked sentences (kind "model" only); their passage_ids are ``passage_ids`` entries."""
    passages: list[Passage] = []
    """The retrieved passages, shown under either kind of answer."""
    passage_ids: list[str] = []
    """The id each passage had in the prompt (``p1``... in the order of ``passages``)."""
    fallback_reason: str | None = None
    """Why a configured model's answer is not shown (None when no model is configured or it was shown)."""
    remote: bool = False
    """The question went to (or would have gone to) a model that is not on this machine."""
    weak: bool = False
    """The search only just counted the question as covered (SearchResult.weak)."""
    redactions: int = 0
    """How many identifiers were removed from the question before it was sent."""
    pointer: str | None = None
    """Where in the walk-through the closest pathway question sits (SearchResult.pointer)."""

    @property
    def label(self) -> str:
        """The line that tells the user which kind of answer they are reading."""
        if self.kind == "model":
            return MODEL_LABEL
        if self.fallback_reason:
            return FALLBACK_LABEL.format(reason=self.fallback_reason.rstrip("."))
        return VERBATIM_LABEL

    def passage(self, pid: str) -> Passage:
        return self.passages[self.passage_ids.index(pid)]

    def to_dict(self) -> dict:
        """Plain data for the session state (passage ids included)."""
        return {
            "kind": self.kind, "label": self.label, "question": self.question, "covered": self.covered,
            "sentences": [s.model_dump() for s in self.sentences],
            "passages": [{"pid": pid, "id": p.id, "title": p.title, "section": p.section, "source": p.source,
                          "text": p.text} for pid, p in zip(self.passage_ids, self.passages)],
            "fallback_reason": self.fallback_reason, "remote": self.remote, "redactions": self.redactions,
            "weak": self.weak, "pointer": self.pointer,
        }


# -- the prompt ----------------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)\s*(passage|question|note)\b", re.IGNORECASE)


def neutralise_tags(text: str) -> str:
    """``text`` with anything that looks like our delimiter tags made inert (``<passage`` -> ``&lt;passage``)."""
    return _TAG.sub(lambda m: f"&lt;{m.group(1)}{m.group(2)}", text)


def format_passages(passages: list[Passage]) -> tuple[str, list[str]]:
    """The passages as delimited, untrusted blocks with ids, and those ids (``p1``, ``p2``...)."""
    ids = [f"p{i}" for i in range(1, len(passages) + 1)]
    blocks = []
    for pid, p in zip(ids, passages):
        attrs = " ".join(f'{name}="{html.escape(neutralise_tags(value), quote=True)}"'
                         for name, value in (("source", p.source), ("title", p.title), ("section", p.section)))
        blocks.append(f'<passage id="{pid}" {attrs} trust="untrusted">\n{neutralise_tags(p.text)}\n</passage>')
    return "\n\n".join(blocks), ids


def answer_messages(question: str, passages: list[Passage]) -> tuple[list, list[str]]:
    """The chat messages for ``question`` over ``passages`` (the question as it will be sent)."""
    block, ids = format_passages(passages)
    prompt = render("answer", question=neutralise_tags(question), passages=block)
    return prompt.messages(), ids


# -- the check -----------------------------------------------------------------------------------------

_QUOTE_MARKS = "\"'“”‘’«» \t\r\n"


def normalise(text: str) -> str:
    return " ".join(text.split())


_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_TIMESCALE = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")[\s-]*(hour|day|week|month|year)s?\b", re.IGNORECASE)
_MUST = re.compile(r"\bmust\b", re.IGNORECASE)


def timescales(text: str) -> set[str]:
    """The timescales a text gives, normalised: 'two weeks' and '2 week' are both '2 week'."""
    return {f"{_NUMBER_WORDS.get(n.lower(), n)} {unit.lower()}" for n, unit in _TIMESCALE.findall(text)}


def changed_meaning(sentence: str, cited: list[Passage]) -> str | None:
    """How a sentence changes what its passages say, if it visibly does: a timescale they do not give,
    or "must" where they say no such thing (a "should" made stronger)."""
    text = " ".join(p.text for p in cited)
    extra = sorted(timescales(sentence) - timescales(text))
    if extra:
        return f"gives a timescale ({', '.join(extra)}) that the passages it cites do not"
    if _MUST.search(sentence) and not _MUST.search(text):
        return "says 'must' where the passages it cites do not"
    return None


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")
FRAMING_WORDS = frozenset((
    "policy", "policies", "passage", "passages", "procedure", "procedures", "document", "documents", "say", "says",
    "said", "state", "states", "stated", "does", "do", "did", "not", "no", "who", "whom", "whose", "what", "which",
    "when", "where", "why", "how", "answer", "question", "according", "mention", "mentions", "mentioned", "cover",
    "covers", "covered", "indexed", "explain", "explains", "include", "includes", "including", "also", "however",
    "therefore", "so", "yes", "can", "could",
))
"""Words an answer may use about the passages themselves ("the policy does not say who") without a
passage holding them."""


def _stems(text: str) -> set[str]:
    from bm25s.stopwords import STOPWORDS_EN

    from assistant.search.highlight import stemmer

    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return set(stemmer().stemWords([w for w in words if w not in STOPWORDS_EN and w not in FRAMING_WORDS]))


def unsupported_words(sentence: str, cited: list[Passage], question: str = "") -> list[str]:
    """The sentence's content words (stemmed) that neither its cited passages nor the question hold."""
    held = _stems(" ".join(p.text for p in cited)) | _stems(question)
    return sorted(_stems(sentence) - held)


def verify(answer: GroundedAnswer, passages: dict[str, Passage], question: str = "") -> list[str]:
    """Problems with ``answer`` against the retrieved ``passages`` (by prompt id); empty when it passes.

    Every sentence must cite passages, carry a quote copied word for word from one of them, keep their
    timescales and "must"/"should", and use (nearly) only words that the passages it cites or the
    question hold: at most one content word in five, and never more than one in a short sentence,
    may come from elsewhere."""
    if not answer.sentences:
        return ["it has no sentences"]
    problems: list[str] = []
    for n, sentence in enumerate(answer.sentences, start=1):
        if not sentence.text.strip():
            problems.append(f"sentence {n} is empty")
            continue
        if not sentence.passage_ids:
            problems.append(f"sentence {n} cites no passage")
            continue
        unknown = [pid for pid in sentence.passage_ids if pid not in passages]
        if unknown:
            problems.append(f"sentence {n} cites passage ids that were not retrieved ({', '.join(unknown)})")
            continue
        quote = normalise((sentence.quote or "").strip(_QUOTE_MARKS))
        if not quote:
            problems.append(f"sentence {n} carries no quote from the passages it cites")
            continue
        if not any(quote in normalise(passages[pid].text) for pid in sentence.passage_ids):
            problems.append(f"sentence {n} quotes words that are not in the passages it cites")
            continue
        cited = [passages[pid] for pid in sentence.passage_ids]
        changed = changed_meaning(sentence.text, cited)
        if changed:
            problems.append(f"sentence {n} {changed}")
            continue
        content = _stems(sentence.text)
        extra = unsupported_words(sentence.text, cited, question)
        if len(extra) > max(1, len(content) // 5):
            problems.append(f"sentence {n} uses words its passages do not support ({', '.join(extra)})")
    return problems


def _clean(answer: GroundedAnswer) -> list[GroundedSentence]:
    """The sentences with de-duplicated ids and empty quotes as None."""
    out = []
    for s in answer.sentences:
        quote = (s.quote or "").strip(_QUOTE_MARKS)
        out.append(GroundedSentence(text=s.text.strip(), passage_ids=list(dict.fromkeys(s.passage_ids)),
                                    quote=quote or None))
    return out


# -- the answer ----------------------------------------------------------------------------------------


def answer_question(question: str, result: SearchResult, model: BaseChatModel | None,
                    settings: LLMSettings) -> ChatAnswer:
    """The chat answer for ``question`` from the search ``result``: the model's, if it passes the check.

    With ``model`` None (no language model configured) this is the verbatim-passage answer, and
    no language-model code runs. A question sent to a remote endpoint is redacted first.
    """
    passages = list(result.passages) if result.covered else []
    ids = [f"p{i}" for i in range(1, len(passages) + 1)]
    pointer = result.pointer.where if result.covered and result.pointer else None
    remote = model is not None and settings.is_remote

    def verbatim(reason: str | None, redactions: int = 0) -> ChatAnswer:
        if reason:
            log.info("Chat answer fell back to the verbatim passages: %s", reason)
        return ChatAnswer(kind="verbatim", question=question, covered=result.covered, passages=passages,
                          passage_ids=ids, fallback_reason=reason, remote=remote, redactions=redactions,
                          weak=result.weak, pointer=pointer)

    if model is None:
        return verbatim(None)
    if not result.covered or not passages:
        return verbatim(NOT_COVERED_REASON)

    sent, findings = redact(question) if remote else (question, [])
    try:
        messages, ids = answer_messages(sent, passages)
        reply = invoke_structured(model, messages, GroundedAnswer, settings)
    except LLMTimeout as exc:
        return verbatim(str(exc), len(findings))
    except LLMError as exc:
        return verbatim(f"{exc}".rstrip(".") + ".", len(findings))
    except Exception as exc:
        log.warning("Language model call failed: %s", type(exc).__name__)
        return verbatim(describe_failure(exc), len(findings))

    problems = verify(reply, dict(zip(ids, passages)), sent)
    if problems:
        return verbatim("The language model's answer failed the citation check: " + "; ".join(problems) + ".",
                        len(findings))
    return ChatAnswer(kind="model", question=question, covered=True, sentences=_clean(reply), passages=passages,
                      passage_ids=ids, remote=remote, redactions=len(findings), weak=result.weak,
                      pointer=pointer)
