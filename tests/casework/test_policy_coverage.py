"""Every policy sentence that states a duty, an action or a consideration is asked by a pathway item.

Each knowledge document's body (front matter and heading lines skipped) is split into
sentences; a bullet is its own sentence. A sentence is *asked* when some pathway citation
quote for that document (on an item, or on a branch should the schema ever give branches
citations) lies within it, contains it (a quote may span two sentences), or overlaps its
start or end substantially (at least ``MIN_QUOTE_WORDS`` words, or half the sentence).
A bullet too short to be quoted at all (fewer words than the schema's minimum quote) is
asked when the sentence introducing its list (the lead-in ending in ':') is asked.

Sentences that impose nothing are listed, with a reason, in ``policy_sentences.yaml`` next
to this file. A context entry that items cite anyway is allowed.

``assistant.search.ingest.sentences`` is not reused: it breaks at every newline (so a
hard-wrapped sentence would come apart) and drops short fragments (short bullets), which
is right for embedding but not for an audit of every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.casework.pathways import load_pathways
from assistant.config import PROJECT_ROOT
from assistant.search.readers import split_front_matter

KNOWLEDGE = PROJECT_ROOT / "knowledge"
CONTEXT_FILE = PROJECT_ROOT / "tests" / "casework" / "policy_sentences.yaml"
MIN_QUOTE_WORDS = 8
"""The shortest quote ``Citation`` accepts (assistant/casework/pathways/schema.py)."""
MODAL = re.compile(r"\b(must|should|will|required|responsible|expected)\b", re.IGNORECASE)


# --- the data file -----------------------------------------------------------------------


class ContextEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    """A verbatim fragment identifying exactly one sentence (compared after ``normalise``)."""
    reason: str = Field(min_length=1)
    modal_but_context: bool = False

    @field_validator("reason")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError("a reason is one line")
        return value


@cache
def context_entries() -> dict[str, tuple[ContextEntry, ...]]:
    data = yaml.safe_load(CONTEXT_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{CONTEXT_FILE.name} must map each knowledge file to a list of entries"
    return {doc: tuple(ContextEntry.model_validate(e) for e in (entries or [])) for doc, entries in data.items()}


DOCUMENTS = sorted(context_entries())


# --- splitting and normalising -------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_BULLET = re.compile(r"^([ \t]*)(?:[-•*+]|\d+[.)])[ \t]+")
# A sentence ends at . ? or ! (perhaps followed by a closing quote or bracket), then
# whitespace, then anything but a lower-case letter.
_BOUNDARY = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"')]))\s+(?=[^\sa-z])")
_ABBREVIATION = re.compile(r"(?:\be\.g|\bi\.e|\betc|\bcf|\bvs|\bNo)\.$", re.IGNORECASE)


def normalise(text: str) -> str:
    """Whitespace collapsed (hard wraps undone), typographic quotes straight, Markdown emphasis gone."""
    return " ".join(_EMPHASIS.sub("", text.translate(_QUOTES)).split())


@dataclass(frozen=True)
class Sentence:
    number: int
    """1-based position in the document."""
    text: str
    """Normalised."""
    depth: int | None
    """Indentation of the bullet it belongs to, or None in a paragraph."""
    lead_in: int | None = None
    """For a bullet: the number of the sentence introducing its list (ending in ':'), if any."""

    @property
    def words(self) -> int:
        return len(self.text.split())


def _blocks(body: str) -> list[tuple[int | None, str]]:
    """Paragraphs and bullets, each as (bullet indentation or None, text with hard wraps joined)."""
    blocks: list[tuple[int | None, list[str]]] = []
    open_block = False
    for line in body.splitlines():
        bullet = _BULLET.match(line)
        if not line.strip() or _HEADING.match(line):
            open_block = False
        elif bullet:
            blocks.append((len(bullet.group(1).expandtabs(4)), [line[bullet.end():]]))
            open_block = True
        elif open_block:
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
            open_block = True
    return [(depth, " ".join(lines)) for depth, lines in blocks]


def split_sentences(body: str) -> list[Sentence]:
    """The sentences of a Markdown body (no front matter), in order, normalised."""
    out: list[Sentence] = []
    for depth, block in _blocks(body):
        parts: list[str] = []
        for part in _BOUNDARY.split(normalise(block)):
            if parts and _ABBREVIATION.search(parts[-1]):
                parts[-1] += " " + part
            elif part:
                parts.append(part)
        for part in parts:
            lead_in = None
            if depth is not None:
                parent = next((s for s in reversed(out) if s.depth is None or s.depth < depth), None)
                if parent is not None and parent.text.endswith(":"):
                    lead_in = parent.number
            out.append(Sentence(len(out) + 1, part, depth, lead_in))
    return out


@cache
def sentences(doc: str) -> tuple[Sentence, ...]:
    _, body = split_front_matter((KNOWLEDGE / doc).read_text(encoding="utf-8"))
    return tuple(split_sentences(body))


# --- matching ------------------------------------------------------------------------------


def _contains(outer: str, inner: str) -> bool:
    """``inner`` occurs in ``outer`` and does not start or end inside a word."""
    return re.search(rf"(?<!\w){re.escape(inner)}(?!\w)", outer) is not None


def _edge_overlap(sentence: str, quote: str) -> int:
    """Words shared where the quote runs off the start or the end of the sentence."""
    s, q = sentence.split(), quote.split()
    best = 0
    for k in range(1, min(len(s), len(q)) + 1):
        if s[-k:] == q[:k] or s[:k] == q[-k:]:
            best = k
    return best


def quote_asks(sentence: Sentence, quote: str) -> bool:
    if _contains(sentence.text, quote) or _contains(quote, sentence.text):
        return True
    return _edge_overlap(sentence.text, quote) >= min(MIN_QUOTE_WORDS, (sentence.words + 1) // 2)


@cache
def quotes(doc: str) -> tuple[tuple[str, str], ...]:
    """(who cites it, normalised quote) for every citation of ``doc`` in every pathway."""
    found: list[tuple[str, str]] = []
    for pathway in load_pathways().values():
        for step in pathway.steps:
            cited = [(item.id, item.citations) for item in step.items]
            if step.branch is not None:  # branches carry no citations today; count them if they ever do
                cited.append((step.branch.id, getattr(step.branch, "citations", None) or []))
            for owner, citations in cited:
                found += [(f"{pathway.id}/{owner}", normalise(c.quote)) for c in citations if c.source == doc]
    return tuple(found)


def directly_asked(doc: str) -> set[int]:
    return {s.number for s in sentences(doc) if any(quote_asks(s, q) for _, q in quotes(doc))}


def asked(doc: str) -> set[int]:
    """Sentences asked by a quote, plus too-short bullets whose lead-in is asked."""
    direct = directly_asked(doc)
    return direct | {s.number for s in sentences(doc)
                     if s.words < MIN_QUOTE_WORDS and s.lead_in is not None and s.lead_in in direct}


def context_matches(doc: str) -> tuple[dict[int, ContextEntry], list[str]]:
    """Sentence number -> its context entry, and a line for every entry matching no sentence or several."""
    matched: dict[int, ContextEntry] = {}
    problems: list[str] = []
    for entry in context_entries()[doc]:
        fragment = normalise(entry.text)
        hits = [s for s in sentences(doc) if fragment in s.text]
        if not hits:
            problems.append(f"  stale context entry, matches no sentence: {entry.text!r}")
        elif len(hits) > 1:
            numbers = ", ".join(str(s.number) for s in hits)
            problems.append(f"  ambiguous context entry, matches sentences {numbers}: {entry.text!r}")
        elif hits[0].number in matched:
            problems.append(f"  two context entries for sentence {hits[0].number}: {entry.text!r}")
        else:
            matched[hits[0].number] = entry
    return matched, problems


# --- the tests ------------------------------------------------------------------------------


def test_the_context_file_names_every_document_the_pathways_use():
    used = {p.source for p in load_pathways().values()}
    used |= {c.source for p in load_pathways().values() for item in p.items() for c in item.citations}
    missing = sorted(used - set(DOCUMENTS))
    assert not missing, f"add these knowledge files to {CONTEXT_FILE.name} (an empty list if nothing is context): {missing}"
    for doc in DOCUMENTS:
        assert (KNOWLEDGE / doc).is_file(), f"{CONTEXT_FILE.name} names {doc}, which is not in knowledge/"
        assert sentences(doc), f"no sentences found in {doc}"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_duty_action_and_consideration_is_asked(doc):
    context, problems = context_matches(doc)
    done = asked(doc)
    total = len(sentences(doc))
    unasked = []
    for s in sentences(doc):
        if s.number in context or s.number in done:
            continue
        line = f"  {doc}, sentence {s.number} of {total}: {s.text}"
        if s.words < MIN_QUOTE_WORDS and s.lead_in is not None:
            line += f"\n      (too short to quote on its own: cite its lead-in, sentence {s.lead_in})"
        unasked.append(line)
    message = []
    if problems:
        message += [f"{CONTEXT_FILE.name}, {doc}:", *problems]
    if unasked:
        message += [
            f"{len(unasked)} sentence(s) of {doc} state a duty, action or consideration that no pathway item asks "
            f"(cite them in prompts/pathways/*.yaml, or, if they impose nothing, list them in {CONTEXT_FILE.name}):",
            *unasked,
        ]
    if message:
        pytest.fail("\n".join(message), pytrace=False)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_sentences_with_a_duty_word_are_context_only_when_flagged(doc):
    context, problems = context_matches(doc)
    assert not problems, "\n".join(problems)
    by_number = {s.number: s for s in sentences(doc)}
    wrong = []
    for number, entry in sorted(context.items()):
        modal = MODAL.findall(by_number[number].text)
        if modal and not entry.modal_but_context:
            wrong.append(f"  sentence {number} says {', '.join(sorted(set(modal)))} but is listed as context "
                         f"(add modal_but_context: true only if it truly imposes nothing): {by_number[number].text}")
        elif entry.modal_but_context and not modal:
            wrong.append(f"  modal_but_context is set but sentence {number} has no duty word: {entry.text!r}")
    assert not wrong, f"{CONTEXT_FILE.name}, {doc}:\n" + "\n".join(wrong)


# --- the splitter and matcher on small texts -------------------------------------------------------


def test_split_joins_hard_wraps_keeps_abbreviations_and_makes_bullets_sentences():
    body = (
        "# Title\n\n"
        "A shorter plan (e.g., 3 months) may be too short. A long\n"
        "plan (e.g. 18 months) may not. It’s “fine”.\n\n"
        "Common themes may include:\n\n"
        "- **Recurring Risks:** If the concerns mirror the last plan, look deeper. See\n"
        "  patterns.\n"
        " - Neglect\n"
        "## Heading\n"
        "Last one?\n"
    )
    assert [(s.text, s.depth, s.lead_in) for s in split_sentences(body)] == [
        ("A shorter plan (e.g., 3 months) may be too short.", None, None),
        ("A long plan (e.g. 18 months) may not.", None, None),
        ("It's \"fine\".", None, None),
        ("Common themes may include:", None, None),
        ("Recurring Risks: If the concerns mirror the last plan, look deeper.", 0, 4),
        ("See patterns.", 0, 4),
        ("Neglect", 1, None),
        ("Last one?", None, None),
    ]


def test_a_quote_asks_a_sentence_it_lies_in_contains_or_substantially_overlaps():
    first, second = split_sentences(
        "One two three four five six seven eight nine ten. Common themes may include:\n"
    )
    assert quote_asks(first, "three four five six seven eight nine ten.")
    assert not quote_asks(first, "three four five six seven eight nine tenfold")
    assert quote_asks(second, "nine ten. Common themes may include:")  # the sentence lies in the quote
    assert not quote_asks(first, "nine ten. Common themes may include:")  # two words of ten: not substantial
    assert quote_asks(first, "six seven eight nine ten. Common themes may")  # half the sentence
