"""Names written in lower case, as rushed notes write them ("spoke to kyle", "mum (kelly)", "kaiden (8)", "rang
tyrese x3", "lily-rose missing", "brooke said", "was at tyler's"). ``identifiers._model_names`` asks these rules,
with the name model loaded, for the words its other rules have not covered.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from assistant.privacy.given_names import COMMON_WORDS, given_names
from assistant.privacy.lookalikes import _BUSINESSES, _overlaps
from assistant.privacy.name_words import (
    MONTH_NAMES,
    as_name,
    no_english_word,
    plural_of_english,
    stop_word,
    unknown_word,
)
from assistant.privacy.sentences import Tags
from assistant.privacy.vocabulary import CONTACT_VERBS, FAMILY_WORDS, LABEL_WORDS, ROLES, TITLES, trie

__all__ = ["UNTAGGED_RULES", "lower_case_candidates", "lower_case_given_names", "lower_case_names"]

_LOWER_AFTER = re.compile(rf"\b(?:{trie(FAMILY_WORDS + CONTACT_VERBS + TITLES)})\.?\s*[(,]?\s*"
                          r"(?P<name>[a-z][a-z]+(?:-[a-z]+)?)\b", re.IGNORECASE)
"""A family word, a contact verb or a title, the longest that fits ("mummy kelly", not "mum" and "my"), before a
word in lower case."""


def lower_case_names(tags: Tags, candidates: Sequence[tuple[int, int, bool, bool]]) -> list[tuple[str, int, int]]:
    """A name written in lower case, as rushed notes do: any word after a title ("mr singh") but a verb ("the Dr
    said": the title is the person); after a family word or a contact verb ("spoke to kyle", "mum (kelly)") a word
    from the given-names list which, unless it is in brackets or after a comma, is tagged as a noun ("dad rose
    early" is not a name). ``candidates``: ``lower_case_candidates``; a tag is asked for each not ``marked``."""
    out = []
    for start, end, titled, marked in candidates:
        if titled and not marked and tags.at(start).startswith(("VB", "MD")):
            continue  # the title is the person, the word what they did: "the Dr said", "Miss said", "Imam raised"
        if titled or marked or tags.at(start).startswith("NN"):
            out.append(("name", start, end))
    return out


def lower_case_candidates(text: str, covered: Sequence[tuple[int, int]]) -> list[tuple[int, int, bool, bool]]:
    """``lower_case_names``' words before their tags are asked: a lower-case word after a title; a given name
    after a family word or a contact verb, or any word that is no English word in brackets after one ("mam
    (llinos)"); a given name or a word that is no English word before a family word in brackets ("bill
    (grandad)"); each with whether it is ``titled`` and ``marked`` (in brackets or after a
    comma), the two cases that need no tag."""

    names = lower_case_given_names()
    out, pos = [], 0
    while m := _LOWER_AFTER.search(text, pos):
        pos = m.start("name")  # the name may itself be the context of the next ("spoke to mum (kelly)")
        word = m["name"]
        first = word.split("-")[0].capitalize()
        if not word.islower() or stop_word(first) or _overlaps(m.start("name"), m.end("name"), covered):
            continue
        titled = m.group(0).split()[0].lower().rstrip(".") in TITLES  # "mr singh": a surname, on no list
        bracketed = "(" in m.group(0) and text.startswith(")", m.end("name"))
        if titled or (first in names and first not in COMMON_WORDS) or (bracketed and no_english_word(first)):
            out.append((m.start("name"), m.end("name"), titled, bool(re.search(r"[(,]", m.group(0)))))
    for m in _LOWER_BEFORE_KIN.finditer(text):
        word = m["name"]
        first = word.split("-")[0].capitalize()
        if (word.islower() and not stop_word(first) and first not in COMMON_WORDS
                and not _overlaps(*m.span("name"), covered) and (first in names or no_english_word(first))):
            out.append((m.start("name"), m.end("name"), False, True))
    return out


_LOWER_BEFORE_KIN = re.compile(
    rf"(?<![\w'’-])(?P<name>[a-z]{{3,}}(?:-[a-z]{{2,}})?)\s*\(\s*(?i:{trie(FAMILY_WORDS)})\s*\)")
"""A word in lower case before who the person is, in brackets: "bill (grandad)", "grace (neighbour)", "paige
(mum)"."""


_LOWER_AT_HOME = re.compile(r"\b(?i:at|to|from|round|over)\s+(?P<name>[a-z]{3,}(?:-[a-z]{2,})?)['’]s\b")


_LOWER_SUBJECT = re.compile(
    r"(?<![\w'’-])(?P<name>[a-z]{3,}(?:-[a-z]{2,})?) (?:(?P<person>said|says|told|tells|rang|rings|phoned|txt|txted|"
    r"texted|messaged|disclosed|answered|cried|admitted|denied|screamed|shouted)|wants|wanted|reported|refused|"
    r"agreed|is|was|has|had)\b")
"""A word in lower case before what only people do ("brooke said", "kenzie rang"), or before what things may do
too ("shannon is back on it", "kenzie refused"; a "grant refused")."""


_NOT_LOWER_SUBJECTS = frozenset(FAMILY_WORDS + ROLES + TITLES + LABEL_WORDS + CONTACT_VERBS)


def lower_case_subject(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """A given name in lower case before what only people do (``_LOWER_SUBJECT``), as rushed notes write the
    person who did it ("brooke said hunter gone", "bill says", "kenzie rang"); before what things may do too only a
    name that is no English word ("kenzie is", "kenzie refused"; not "hope is", "grant refused"). Never a common
    word, a stop word, a family word, a role or a title ("nan said", "iro said")."""
    from assistant.privacy import names_model

    names, english, out = lower_case_given_names(), names_model.english_words(), []
    for m in _LOWER_SUBJECT.finditer(text):
        word = m["name"]
        first = word.split("-")[0].capitalize()
        unknown = bool(english) and unknown_word(word.split("-")[0], english)
        if (first in names and first not in COMMON_WORDS and word not in _NOT_LOWER_SUBJECTS
                and not stop_word(first) and not stop_word(word.upper()) and (m["person"] or unknown)
                and not _overlaps(*m.span("name"), covered)):
            out.append(("name", *m.span("name")))
    return out


def lower_case_at_home(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """A given name in lower case whose home someone is at, goes to or comes from ("was at tyler's til 2am",
    "stayed at jordan's last nite"): a person's, as "at nan's" is. Any word on the lists that is not a common
    word, a stop word, a family word or a shop named as a possessive ("at nando's"; "claire's" is left a name)."""

    names, out = lower_case_given_names(), []
    for m in _LOWER_AT_HOME.finditer(text):
        word = m["name"]
        first = word.split("-")[0].capitalize()
        if (first in names and first not in COMMON_WORDS and first not in _BUSINESSES and not stop_word(first)
                and word not in FAMILY_WORDS and not _overlaps(*m.span("name"), covered)):
            out.append(("name", *m.span("name")))
    return out


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?:-[a-z]{2,})?(?![\w'’-])")


def _dropped_g(word: str, english: frozenset[str]) -> bool:
    """An English verb written as said: "sayin", "goin", "nothin"."""
    return word.endswith("in") and (word + "g" in english or word[:-2] in english)


@functools.lru_cache(maxsize=1)
def lower_case_given_names() -> frozenset[str]:
    """The given names a word in lower case may be (``lower_case_names``, ``lower_case_listed``): Faker's lists
    and the US baby names (``baby_names``), joined once per process rather than for every note."""
    from assistant.privacy.baby_names import baby_names

    return given_names() | baby_names()


@functools.lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """English words in lower case: the model's WordNet index and spaCy's English stop words (read once)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from assistant.privacy import names_model

    return names_model.english_words() | frozenset(STOP_WORDS)


_LOWER_BEFORE_AGE = re.compile(
    r"(?:^|(?<=[\s,;:(-]))(?P<name>[a-z]{3,}(?:-[a-z]{2,})?) \((?:\d{1,2}|\d{1,2} ?(?:yrs?|years?|months?|mths?))\)")


def lower_case_before_age(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """A word in lower case straight before an age in brackets, as rushed notes write a child ("kaiden (8)",
    "kacey-mae (3)", "amelia (15)"): a name when every part is a given name on the list (not an ordinary word
    there) or no English word at all (nor a plural of one, nor an abbreviation: "visits (3)", "wks (2)"), and
    not a stop word."""

    names, english = given_names(), ordinary_words()
    out: list[tuple[str, int, int]] = []
    for m in _LOWER_BEFORE_AGE.finditer(text):
        parts = as_name(m["name"]).split("-")
        if (all((p in names and p not in COMMON_WORDS) or unknown_word(p.lower(), english) for p in parts)
                and not stop_word(parts[0]) and not _overlaps(*m.span("name"), covered)):
            out.append(("name", *m.span("name")))
    return out


def lower_case_listed(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """A word in lower case anywhere that is a given name on the list and no English word ("rang tyrese x3",
    "lola has D&V", "kai-jaxon upset"; every part of a double-barrelled one): rushed notes leave names in lower
    case with no other context. Not a word also used as an ordinary one (``COMMON_WORDS``, the model's English
    word index: "rose", "will", "jade" stay), a stop word or an English function word, which WordNet's index
    does not hold ("else", "us": spaCy's English stop words), or an English verb with its "g" dropped ("sayin")."""

    names, english = lower_case_given_names(), ordinary_words()
    out: list[tuple[str, int, int]] = []
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        parts = as_name(word).split("-")
        if (all(p in names and p not in COMMON_WORDS and p.lower() not in english
                    and not plural_of_english(p.lower(), english) for p in parts)
                and not stop_word(parts[0]) and not _dropped_g(word, english)
                and not _overlaps(*m.span(), [*covered, *((s, e) for _, s, e in out)])):
            out.append(("name", *m.span()))
    return out


_LOWER_DOUBLE = re.compile(r"(?<![\w'’-])([a-z]{2,})-([a-z]{2,})(?=['’]s\b|(?![\w'’-]))")


def lower_case_double_names(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int, int]]:
    """A double-barrelled first name in lower case whose both parts are given names, though English words too
    ("lily-rose missing since last night", "tyler-jay ran", "ellie-mae's behaviour"): two given names joined by a
    hyphen make no English word. Not a month ("may-june"), nor a hyphenated word the English word index holds."""
    names, english = lower_case_given_names(), ordinary_words()
    out: list[tuple[str, int, int]] = []
    for m in _LOWER_DOUBLE.finditer(text):
        first, second = m.group(1).capitalize(), m.group(2).capitalize()
        if (first in names and second in names and not {first, second} & MONTH_NAMES and not stop_word(first)
                and not {m.group(1) + m.group(2), f"{m.group(1)}_{m.group(2)}", m.group()} & english
                and not _overlaps(*m.span(), covered)):
            out.append(("name", *m.span()))
    return out


UNTAGGED_RULES = (lower_case_before_age, lower_case_listed, lower_case_double_names, lower_case_at_home,
                  lower_case_subject)
"""The rules that need no tag, each given the spans already covered (the earlier rules' findings among them)."""
