"""Find and redact personal identifiers in UK children's social care case notes.

Functions over a string. The rules here (and in ``shaped``, the identifiers with a fixed shape) use the standard
library ``re`` only (about 3 ms for a 500-character note); ``detect`` then adds the names the name model finds
(``names_model``: spaCy's ``en_core_web_sm``; ``given_names``: Faker's first-name lists; 11–15 ms a note in all, by
the machine's load; ``model=False`` or the model not installed: the rules alone, and ``model_problem`` says why); a
name found is dropped when ``lookalikes`` says it is something else (a pet, a product, a programme, a town...).
``detect`` returns sorted, non-overlapping findings of these types:

- ``name``: a capitalised name (1-3 words) *in context*: after a relationship or
  role ("Mum, Sarah Jones", "Dad (Mark Jones)", "CP Chair, Ann Lee"), a label
  ("Child: Tom Smith"), a title ("Ms Patel", "Dr Amir Khan"), a contact verb
  ("spoke to Sarah", "baby Alfie"), before "(DOB", ", aged", "(mum)", "(8 months)",
  "born"; opening a sentence before what people do in notes ("Tyreese said",
  "Kyle Denton arrested", "Mustafa and his brother"); or as a possessive before
  a lower-case word ("Jordan's school", "Emre's GP"). Titles and role words
  themselves are not part of the finding.
- ``date_of_birth``: a date after "DOB", "D.O.B.", "d/o/b", "date of birth", "b." or "born", with a source in
  brackets or not ("DOB (per GP) …"), and a second one offered ("DOB as 02/05/2014 (not 05/02/2014)")
  (03/04/2015, 3.4.15, 2015-04-03, 3rd April 2015, 03 May 15, April 3, 2015); a year or a month and year after
  "born" ("born 1988", "born June 2013"); a birthday with no year; a chronology's birth line ("12.03.2016 -
  Jordan Pike born"); and, with no label, a date in brackets straight after a name ("Kayden (01/06/2017)") or
  in a list of names each with a date ("Kids: Leo 04/04/2016, Maisie 30/10/2019"). Other dates (a conference on
  12/03/2026) are not identifiers and are left alone.
- ``nhs_number``: 10 digits, plain or spaced 3-3-4, with a valid mod-11 check digit.
- ``ni_number``: National Insurance numbers by HMRC's format rules.
- ``postcode``: full UK postcodes in the official format, including GIR 0AA.
- ``phone``: UK numbers, +44 or 0 prefixed, with spaces, dashes or brackets.
- ``email``: email addresses.
- ``address``: a house number and street ("12 Acacia Avenue", "Flat 3, 45 High Street", "no 6 Meadow View",
  "19 Carr Bank", Welsh streets named first: "12 Heol y Felin"), a flat in a named building ("Flat 7, Argyle
  House, 40 Regent Street"), a numbered house in one ("3 Marigold House"), a named house with its street ("Ivy
  House, Chapel Lane"; after "at", "lives" or "address": "Rosebank, 2 Cotton Row"), a cottage or farm ("Rose
  Cottage"); the longest reading wins.

Names may be in any Latin, Greek or Cyrillic alphabet, with or without accents
("Mum, Siobhán Kelly", "spoke to Łukasz Wójcik", "Dad (Олександр)"), with a straight or
curly apostrophe ("O’Brien") and with surname particles ("Ó Súilleabháin", "de la Cruz",
"al-Hassan").

Known limits of the rules alone: a name in the middle of a sentence with no context ("collect Jordan
from school", "for Jaden and Kemar") is not found, nor a lower-case name ("mum
(kelly)"), a house name without a number or street ("Ivy House"), a town, a partial date
of birth ("born in 2015"). The name model finds most such names (names 0.919 over the 31 held-out sets of notes it
was not developed on; 0.905 on the newest, set 46, against 0.573 for the rules; docs/privacy.md), and takes some
places and capitalised words for names (2.2% of look-alikes over those sets). A 10-digit
number that happens to pass the NHS check (about 1 in 11 random numbers) is
flagged as an NHS number: over-redaction is the safe side.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.privacy import word_lists
from assistant.privacy.given_names import COMMON_WORDS, given_names, on_a_name_list, surnames
from assistant.privacy.lookalikes import (
    _GOODS,
    _ROLE_HEADS,
    _ROLE_WORDS,
    _a_medicine,
    _occurrences,
    _overlaps,
    _owns_something,
    before_a_thing,
    named_not_people,
    not_a_name,
)
from assistant.privacy.lower_case_names import UNTAGGED_RULES, lower_case_candidates, lower_case_names
from assistant.privacy.name_words import (
    MODEL_STOP,
    MONTH_NAMES,
    NEVER_WIDEN,
    NOTE_LABELS,
    STARTERS,
    as_name,
    common_word,
    listed_name,
    no_english_word,
    plural_of_english,
    stop_word,
)
from assistant.privacy.sentences import Tags
from assistant.privacy.shaped import WEEKDAYS, address_town_setting, addresses, nhs_number_valid, shaped, with_towns
from assistant.privacy.vocabulary import (
    CONTACT_VERBS,
    DATE,
    FAMILY_WORDS,
    LABEL_WORDS,
    LOWER,
    RELATIONS,
    ROLE_PATTERN,
    ROLES,
    TITLES,
    UPPER,
    trie,
)
from assistant.privacy.word_lists import LANGUAGES, NOT_NAMES, TERM_WORDS

__all__ = ["LABELS", "Finding", "detect", "model_names", "model_problem", "nhs_number_valid", "redact"]

LABELS = {
    "name": "[NAME]", "date_of_birth": "[DATE OF BIRTH]", "nhs_number": "[NHS NUMBER]",
    "ni_number": "[NI NUMBER]", "postcode": "[POSTCODE]", "phone": "[PHONE]", "email": "[EMAIL]",
    "address": "[ADDRESS]",
}


@dataclass(frozen=True)
class Finding:
    """One identifier: its type and where it is in the original text (``text[start:end]``)."""

    type: str
    start: int
    end: int
    text: str


# --- names -----------------------------------------------------------------------------------------------


# Surname particles: Irish ones are capitalised words of their own ("Siobhán Ó Súilleabháin",
# "Aoife Ní Bhriain"); others are lower case between the words ("Maria de la Cruz", "Fatima al-Hassan").
_PARTICLE_CAP = "(?:Ó|Ní|Nic|Uí|Ua)"
_PARTICLE_LOW = ("(?:de la|de los|van der|van den|von der|de|del|della|di|da|do|dos|du|van|von|bin|ibn|al|el|le|la"
                 "|ap|ab|ferch)")  # Welsh: "Rhys ap Gwilym", "Nia ferch Dafydd"
_NAME_WORD = rf"(?:{_PARTICLE_CAP} )?(?:Mc|Mac|O['’])?[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}][{LOWER}]+)?"
_NAME = rf"(?:{_PARTICLE_LOW}[ -])?{_NAME_WORD}(?:(?: {_PARTICLE_LOW}[ -]| ){_NAME_WORD}){{0,2}}"
BORN_AFTER = re.compile(rf"\b({DATE})\s*[-–:]\s*(?:baby\s+)?{_NAME}\s+(?:was\s+)?born\b")
"""A chronology's line for a birth ("12.03.2016 - Jordan Pike born at Airedale")."""
_KIN_QUALIFIERS = r"(?:(?:maternal|paternal|mat|pat|older|younger|elder|step|ex|great)\.?[ -]+)*"
"""Words that say which relative, before the family word in brackets after a name ("(maternal aunt)")."""
DATE_AFTER_NAME = re.compile(rf"\s*\(\s*(?:(?i:{_KIN_QUALIFIERS}(?:{RELATIONS}))\s*,\s*)?((?i:{DATE}))\s*[),;]")
"""A date in brackets straight after a person's name, or after who they are there: "Kayden (01/06/2017)", "Callum
Firth (24.10.2007, 17)", "Dawn Shepherd (mum, 02/08/1989)"."""
_NAME_AND_DATE = rf"({_NAME_WORD}(?: {_NAME_WORD})?),? \(?((?i:{DATE}))\)?"
_NAME_DATE_PAIR = re.compile(_NAME_AND_DATE)
"""A name and the date after it (group 1 the name, group 2 the date)."""
DATES_LISTED_WITH_NAMES = re.compile(rf"{_NAME_AND_DATE}(?:\s*(?:,|;|&|and)\s*{_NAME_AND_DATE})+")
"""Two or more names each followed by a date: "Kids: Leo 04/04/2016, Maisie 30/10/2019, Bobby 11/02/2023"."""


_TITLE = r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\b\.?"
_FAMILY_WORD = "(?:" + "|".join(re.escape(w.replace("_", " ").capitalize()) for w in FAMILY_WORDS) + ")"
"""A family word written capitalised, opening a quoted name ("called 'Uncle Ste'"): the context for the name
after it, not part of it (unquoted, a family word may be a given name: "eldest Nana")."""
NAME_CONTEXT = re.compile(
    rf"\b(?P<ctx>(?i:{trie(FAMILY_WORDS + LABEL_WORDS + ROLES + TITLES + CONTACT_VERBS)}))(?:'s)?"
    rf"(?P<sep>\.?\s*[:,(–-]\s*|\s+(?i:is|was)\s+|\.?\s+)(?P<quote>['\"‘“])?(?!{_TITLE})(?(quote)(?!{_FAMILY_WORD}\b))"
    rf"(?P<name>{_NAME})\b"
    rf"(?(quote)['\"’”])"
)
"""A name after what says a person is meant: a family word, a label, a role, a title or a contact verb; the name
may be in quotes, as nicknames are ("his girlfriend 'Becks'", "a lad called 'Tinks'")."""
NICKNAME_AFTER = re.compile(
    rf"\b(?:with|w/|from|and|&|known as|calls? (?:me|him|her|them))\s+['\"‘“](?P<name>{_NAME}(?: [A-Z]\b)?)['\"’”]")
"""A nickname in quotes after "with", "from", "and" or "calls me", as people are named ("went to Blackpool with
'Little J' and 'Scotty'", "last seen with 'Taz'")."""
_BARE_NOT_ALLOWED = {w.replace("_", " ") for w in LABEL_WORDS}
_VERB_ONLY = {w.replace("_", " ") for w in CONTACT_VERBS} - {w.replace("_", " ") for w in FAMILY_WORDS}
_KIN_OWNER = r"(?:(?:his|her|their|the|[A-Z][a-z]+['’]s)\s+)?"
"""Whose relative, before those words ("Will, their older brother", "Summer (Rose's older sister, 15)")."""
NAME_BEFORE = re.compile(
    rf"\b(?P<name>{_NAME})(?=\s+(?:(?:was|is)\s+)?born\b"
    rf"|\s*,\s*\d{{1,2}}\s*(?:yrs?|years?(?: old)?|y/?o|months?|mths?|weeks?|wks?)?\s*,(?!\d)|\s*(?:\(\s*|,\s*)"
    rf"(?i:(?:[a-z]+[ -]){{0,2}}(?:d\.? ?o\.? ?b|date of birth)|born|aged?\b|"
    rf"\d{{1,2}}\s*(?:yrs?|years?|months?|mths?|weeks?|wks?)?\)|(?:y|yr|year) ?\d{{1,2}}\)|"
    rf"{_KIN_OWNER}{_KIN_QUALIFIERS}(?:{RELATIONS})|{ROLE_PATTERN}\)))"
)
NAME_AND = re.compile(rf"(?:\s*,\s*|\s+and\s+|\s*&\s*)({_NAME})\b")
# A name opening a sentence, followed by what people do in case notes ("Tyreese said...",
# "Chiamaka disclosed...", "Kyle Denton arrested...", "Mustafa and his brother...").
_SUBJECT_VERBS = trie([
    "said", "says", "told", "tells", "disclosed", "discloses", "reported", "reports", "stated", "states",
    "explained", "asked", "asks", "shared", "spoke", "speaks", "was", "is", "has", "had", "have", "attended",
    "attends", "appeared", "appears", "presented", "presents", "refused", "refuses", "agreed", "agrees",
    "seemed", "seems", "looked", "looks", "confirmed", "denied", "became", "went", "goes", "came", "comes",
    "ran", "left", "returned", "arrived", "cried", "smiled", "laughed", "played", "continues", "remains",
    "wants", "wanted", "likes", "enjoys", "needs", "lives", "lived", "arrested", "will", "would", "can",
    "could", "did", "does", "and_his", "and_her", "and_their"])
NAME_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?;:]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=-\s))(?P<name>{_NAME_WORD}(?: {_NAME_WORD})?)"
    rf"(?=\s+(?:{_SUBJECT_VERBS})\b)"
)
# More of what people do, after a name opening a sentence that is no English word ("Karwan missing from placement",
# "Skyla moved to Grace Academy", "Tanvir loves Sonic"): an English word there is more often a thing's name.
_MORE_SUBJECT_VERBS = trie([
    "moved", "moves", "missing", "missed", "misses", "took", "takes", "loves", "loved", "watching", "watches",
    "watched", "talked", "talks", "showed", "shows", "sleeps", "slept", "brings", "brought", "worries", "worried",
    "plays", "playing", "settled", "stayed", "stays", "wrote", "drew", "hit", "kicked", "shouted", "screamed",
    "threw", "walked", "woke", "uses", "used", "started", "starts", "got", "gets", "gave", "made", "feels", "felt",
    "thinks", "thought", "knows", "knew", "hasn't", "isn't", "wasn't", "didn't", "doesn't", "won't", "can't",
    "should", "must", "disclosed", "reported", "remained", "obsessed", "hungry", "quiet", "tearful", "upset",
    "crying", "asleep", "sat", "stood", "climbed", "fell", "ate", "eats", "drank", "drinks", "swore", "acknowledged",
    "accepted", "admitted", "whispered", "sanctioned"])
NAME_SUBJECT_MORE = re.compile(
    rf"(?:^|(?<=[.!?;:]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=-\s))(?P<name>{_NAME_WORD})(?=\s+(?:{_MORE_SUBJECT_VERBS})\b)"
)
# A name opening what someone says or reports, before what people do ("Mum Folake reports Oluwaseun has not slept",
# "says Phuong is always with her", "asked that Tobi does not go"): read as NAME_SUBJECT_MORE is.
NAME_REPORTED_SUBJECT = re.compile(
    r"\b(?:says|said|reports|reported|confirmed|confirms|explained|explains|thinks|thought|feels|felt|believes|"
    r"believed|stated|states|disclosed|discloses|knows|told me|tells me|asked|asks|worried|worries|added|adds|"
    r"but|because|although|though|while|whilst|when|until|unless|so|and|or)"
    rf"(?: that)? (?P<name>{_NAME_WORD})(?=\s+(?:{_SUBJECT_VERBS}|{_MORE_SUBJECT_VERBS})\b)"
)
# Several names opening a sentence, before what people do together ("Zion and Marley played", "Akua, Ama and
# Efua Boateng were seen").
_PLURAL_VERBS = trie([
    "were", "are", "have", "had", "attended", "attend", "played", "play", "moved", "both", "all", "said", "told",
    "went", "came", "left", "arrived", "refused", "agreed", "looked", "seemed", "appeared", "stayed", "live",
    "lived", "shared", "enjoyed", "need", "needed", "want", "wanted", "remain", "remained", "continue",
    "continued", "did", "do", "will", "would", "can", "could", "got", "missed", "spent", "visited", "met",
    "seen", "share", "sleep", "slept", "removed", "taken", "placed", "collected", "to be", "found", "returned",
    "took", "love", "loved", "like", "liked", "watched", "watch", "sat", "ran", "go", "goes"])
NAME_LIST_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?;:]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=-\s))(?P<list>{_NAME_WORD}(?: {_NAME_WORD})?"
    rf"(?:,\s*{_NAME_WORD}(?: {_NAME_WORD})?)*,?\s+(?:and|&)\s+"
    r"(?:(?:baby|little|husband|wife|partner|brother|sister)\s+)?"
    rf"{_NAME_WORD}(?: {_NAME_WORD})?)(?=\s+(?:{_PLURAL_VERBS})\b)")
_LIST_PART = re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD})?")
# A possessive before what belongs to a person ("Jordan's school", "Emre's GP"), not "St Mary's".
NAME_POSSESSIVE = re.compile(
    rf"(?<!\bSt )(?<!\bSt\. )(?<![\w'’-])(?P<name>{_NAME_WORD})['’]s\s+"
    r"(?=[a-z]|(?:GP|HV|DSL|SW|CP|SENCO|IRO|PEP|EHCP|IEP|CIN|LAC|CLA|CAMHS|ADHD|ASD|SEN|DLA|PIP|NHS|PA|TA|YOT|FSW)\b)"
)

# NOT_NAMES (role and policy vocabulary, days, months, pronouns...) and LANGUAGES (languages, nationalities,
# faiths): never a name on their own; validated data in never_names.yaml, read by word_lists.


def _children_listed(text: str, m: re.Match[str]) -> bool:
    """"children" straight before a list of names ("children Jayce and Myla", "children Exaucé, Divine and
    Merveille"): a label without ":" names them, as it does not in "children Social Care"."""
    return m["ctx"].lower() == "children" and not m["sep"].strip() and bool(NAME_AND.match(text, m.end("name")))


def _context_ok(context: str, separator: str) -> bool:
    """Titles are capitalised ("Ms Patel", "Dr. Khan"); a label ("Child") needs ":" "," "(" or "is";
    a contact verb ("spoke to") only a space; nothing but a title may end in a full stop."""
    word = context.lower()
    if word in TITLES:
        return context[0].isupper() and not separator.strip(" \t.")
    if "." in separator:
        return False
    if word in _VERB_ONLY:
        return not separator.strip()
    return bool(separator.strip()) or word not in _BARE_NOT_ALLOWED


_LEADING_WORD = re.compile(r"([A-Z][a-z]+) (?=[A-Z])")


def _without_opening_starters(text: str, start: int, end: int, tags: Tags) -> tuple[int, int]:
    """A name found without the words of ``STARTERS`` opening the sentence before it ("Observed Jenson (3)" is
    "Jenson"; "Visited", "Phoned", "Advised"...), nor a verb there on no name list ("Told Tia it was fine")."""

    while (m := _LEADING_WORD.match(text, start, end)) and tags.opens_sentence(start) and (
            m.group(1) in STARTERS or (not on_a_name_list(m.group(1))
                                       and tags.at(start) in ("VB", "VBD", "VBN", "VBP", "VBZ"))):
        start = m.end()
    return start, end


def _name_span(start: int, name: str, strict: bool) -> tuple[int, int] | None:
    """The span of ``name`` (at ``start``) without trailing non-name words, nor leading ones unless ``strict``."""
    words = name.split(" ")
    offsets, pos = [], start
    for w in words:
        offsets.append(pos)
        pos += len(w) + 1
    keep = [i for i, w in enumerate(words) if w not in NOT_NAMES]
    if not keep or (strict and keep[0] != 0):
        return None
    first = keep[0]
    last = first
    while last + 1 < len(words) and words[last + 1] not in NOT_NAMES:
        last += 1
    return offsets[first], offsets[last] + len(words[last])


_WORD_BEFORE = re.compile(rf"(?<![\w'’-])({_NAME_WORD}) $")
_WORD_AFTER = re.compile(rf" ({_NAME_WORD})(?![\w-])")
_WORD_REACH = 80
"""How far back a search for the word straight before a place looks: longer than any name word and its particle
(searching the whole text before it costs time in proportion to where in the note it is)."""


def _whole(text: str, start: int, end: int) -> tuple[int, int]:
    """A found name widened to the capitalised name words right beside it, so that no part of a name is
    left behind ("Jayden Smith's" found by its possessive becomes all of "Jayden Smith")."""
    while (m := _WORD_BEFORE.search(text, max(0, start - _WORD_REACH), start)) and m.group(1) not in NEVER_WIDEN:
        start = m.start(1)
    while (m := _WORD_AFTER.match(text, end)) and m.group(1) not in NEVER_WIDEN:
        end = m.end(1)
    return start, _with_a_place_surname(text, start, end)


def _names(text: str) -> list[tuple[str, int, int]]:
    """Names in context, including lists that follow one ("siblings, Tom and Amy Smith"), each widened to
    the whole name."""
    return [(kind, *_whole(text, start, end)) for kind, start, end in _names_found(text)]


_BRACKET_AFTER = re.compile(r"\s*\(")


_THING_BEFORE = re.compile(
    r"\b(?:group|group chat|chat|page|account|channel|server|game|app|show|programme|program|film|movie|song|band|"
    r"book|club|site|website|gang|business|company|shop|pub|place)\s+$", re.IGNORECASE)
"""What a name after "called" or "named" is not a person's in ("a WhatsApp group called 'England Lads'")."""


_THINGS_DO = re.compile(r"\s+(?:was|is|has|had|have|appeared|appears|seemed|seems|looked|looks|remains|continues|"
                        r"became|went|goes|came|comes|left|returned|arrived|will|would|can|could|did|does)\b")
"""What things as well as people do, after a sentence's subject ("Phone was", "Card left"); not what only people
do ("disclosed", "said", "refused")."""


def _a_thing_once(text: str, words: str, end: int) -> bool:
    """Words opening a sentence before what things do as well as people (``_THINGS_DO``), all English words on no
    name list, that the note writes nowhere else: a thing ("Phone was seized by police", "Fridge had Sunny D and
    crisps"). A child whose name is such a word is named again in the note ("Will attended the review. Will
    said…", "Ocean arrived crying"), as the sets of notes show, or does what only people do ("Oakley disclosed"),
    and stays a name."""
    return bool(_THINGS_DO.match(text, end)) and all(common_word(w) for w in words.split(" ")) and len(re.findall(
        rf"(?<![\w-])(?<!\w['’]){re.escape(words)}(?![\w-])", text)) == 1


_LISTED_PRONOUNS = frozenset(("Me", "Him", "Her", "Us", "Them"))
"""Pronouns a child lists with a name as a sentence's subject ("Me and Alfie play Fortnite", "Him and Tyler were
fighting"): not names, and no reason to doubt the name beside them."""
_SURNAME_TITLES = frozenset(("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "PC", "DC", "DS", "Sgt"))
"""Titles and police ranks before which a surname that is also a word on the never-names lists is a surname
("Mrs Ward", "PC Ward", "Mr Young", "Mr English")."""


def _a_titled_surname(m: re.Match[str]) -> tuple[int, int] | None:
    """The name after a title or police rank whose first word is on the name lists though it is also a word that
    is never a name on its own ("Ward", "Young", "June"): "PC Ward seized the phone", "Mrs Ward said", "with Mrs
    June Ackroyd"."""

    words = m["name"].split(" ")
    if m["ctx"] not in _SURNAME_TITLES or not on_a_name_list(words[0]):
        return None
    end = m.start("name") + len(words[0])
    for word in words[1:]:  # "Mrs June Ackroyd"
        if word in NOT_NAMES:
            break
        end += 1 + len(word)
    return m.start("name"), end


_TITLE_WORD = re.compile(rf"{_TITLE}(?= )")


def _with_titles_inside(text: str) -> list[re.Match[str]]:
    """``NAME_CONTEXT``'s matches, and the match from each capitalised title that one of them swallowed ("told
    Learning Mentor Mr Bishop": the name after "told" is cut at the title, so "Mr Bishop" is read from "Mr")."""
    matches = list(NAME_CONTEXT.finditer(text))
    for title in _TITLE_WORD.finditer(text):
        if (any(m.start("name") <= title.start() < m.end("name") for m in matches)
                and (more := NAME_CONTEXT.match(text, title.start()))):
            matches.append(more)
    return matches


def _names_found(text: str) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for pattern in (NAME_CONTEXT, NAME_BEFORE, NAME_SUBJECT, NAME_POSSESSIVE):
        for m in (_with_titles_inside(text) if pattern is NAME_CONTEXT else pattern.finditer(text)):
            if pattern is NAME_CONTEXT and (not (_context_ok(m["ctx"], m["sep"]) or _children_listed(text, m)) or (
                    m["ctx"].lower() in ("called", "named") and _THING_BEFORE.search(text, 0, m.start()))):
                continue
            if pattern in (NAME_SUBJECT, NAME_POSSESSIVE) and m["name"].split(" ")[0] in STARTERS:
                continue
            if pattern is NAME_SUBJECT and _a_thing_once(text, m["name"], m.end()):
                continue  # a thing opening a sentence: "Phone was seized", "Fridge had crisps"
            span = _name_span(m.start("name"), m["name"], pattern is not NAME_BEFORE)
            if span is None and pattern is NAME_CONTEXT:
                span = _a_titled_surname(m)
            if pattern is NAME_BEFORE and span is not None and span[1] != m.end("name") and (
                    m["name"].split(" ")[-1] in _ROLE_HEADS | NOT_NAMES):
                continue  # a role in a list of roles: "Present: Probation Officer, Team Manager" (not "Officer")
            if (span is None and pattern is NAME_BEFORE and m["name"] in MONTH_NAMES
                    and _BRACKET_AFTER.match(text, m.end())):
                span = m.span("name")  # "May (11)", "June (9)": a month is a name before an age in brackets
            if span is None or _not_a_person_in_context(text, *span):
                continue
            out.append(("name", *span))
            if pattern is NAME_CONTEXT:
                end = span[1]
                while (more := NAME_AND.match(text, end)) and (nxt := _name_span(more.start(1), more.group(1), True)):
                    if not (_not_a_person_in_context(text, *nxt) or text[nxt[0]:nxt[1]] in _ROLE_WORDS):
                        out.append(("name", *nxt))  # not a role after a name: "Regards, Manon Parry, Pennaeth"
                    end = nxt[1]
    for m in NICKNAME_AFTER.finditer(text):
        if not (_THING_BEFORE.search(text, 0, m.start()) or stop_word(m["name"].split()[0])
                or _not_a_person_in_context(text, *m.span("name"))):
            out.append(("name", *m.span("name")))
    for m in [*NAME_SUBJECT_MORE.finditer(text), *NAME_REPORTED_SUBJECT.finditer(text)]:
        word = m["name"]
        if (word in STARTERS or word in NOT_NAMES or stop_word(word) or common_word(word) or word in LANGUAGES
                or word in _PLACE_WORDS or _not_a_person_in_context(text, *m.span("name"))):
            continue
        out.append(("name", *m.span("name")))
    for m in NAME_LIST_SUBJECT.finditer(text):
        parts = list(_LIST_PART.finditer(text, m.start("list"), m.end("list")))
        parts = [part for part in parts if part.group() not in _LISTED_PRONOUNS]  # "Me and Alfie play"
        words = [w for part in parts for w in part.group().split()]
        if any(w in STARTERS or w in NOT_NAMES or w in LANGUAGES or w in _PLACE_WORDS for w in words):
            continue  # "Mum and Dad were", "Police and Health attended": not a list of names
        out += [("name", part.start(), part.end()) for part in parts
                if not _not_a_person_in_context(text, part.start(), part.end())]
    return out


def _candidates(text: str) -> list[tuple[str, int, int]]:
    """Every candidate finding, most certain type first (that order settles overlaps)."""
    births = [("date_of_birth", m.start(1), m.end(1)) for m in BORN_AFTER.finditer(text)]
    return shaped(text) + births + addresses(text, stop_word) + _names(text)


# Words that make a span the model calls a PERSON a place, an agency or a thing instead.
_PLACE_WORDS = frozenset((
    "School", "Primary", "Academy", "Nursery", "College", "University", "Hospital", "Infirmary", "Centre", "Center",
    "Court",
    "House", "Surgery", "Practice", "Police", "Council", "Services", "Service", "Team", "Unit", "Ward", "Trust",
    "Point", "Credit", "Road", "Street", "Avenue", "Lane", "Close", "Drive", "Way", "Park", "Hall", "Church",
    "Mosque", "Temple", "Library", "Clinic", "Group", "Project", "Foundation", "Charity", "Housing", "Homes",
    "Estate", "Station", "Prison", "Refuge", "Aid", "Head", "Virtual", "Universal", "Benefit", "Benefits",
    "Ysgol", "Ward", "Road", "Gardens", "Crescent", "Terrace", "Grove", "Hill", "Green", "Square", "Market",
    "Hub", "Start", "Allowance", "Protocol", "Lodge", "Farm", "Wing", "High",
    "Executive", "Authority", "Board", "Partnership", "Association", "Society", "Agency", "Department", "Commission",
    "Network", "Club", "Arms", "Rescue", "Foodbank", "United", "City", "Wanderers", "Rovers", "Athletic", "Albion",
    "Rangers",
))
_NEXT_WORD = re.compile(r"(?:['’]s?)?\s+([^\s,;:()]+)")
_INSTITUTION_WORDS = _PLACE_WORDS - {"Court", "House", "Point", "Road", "Street", "Lane", "Close", "Way", "Park",
                                     "Hall", "Church", "Head", "Ward", "Hill", "Green", "Square", "Market", "Grove",
                                     "Gardens"}
"""Place words that are not also English surnames (Hill, Green, Hall, Church... are)."""


_NOT_A_TOWN = MODEL_STOP | NOTE_LABELS
"""Words that are no town after an address (a word opening a note's line, a pronoun, a family word)."""


_PARTICLES = frozenset(_PARTICLE_LOW.strip("(?:)").replace(" ", "|").split("|"))


def _a_lower_case_word_after_a_name(words: list[tuple[int, int, str]]) -> bool:
    """The last word of a model span is a word in lower case after a capitalised one, on no name list and no name's
    particle: a verb or a noun the model took with the name ("Jo rang", "Tia cried"), not a surname typed in lower
    case ("Kayden smith") nor "de", "van", "bin"."""

    word = words[-1][2]
    return (len(words) > 1 and word.isalpha() and word.islower() and word not in _PARTICLES
            and any(w[:1].isupper() for _, _, w in words[:-1])
            and not on_a_name_list(as_name(word)))


def _a_lower_case_word_before_a_name(words: list[tuple[int, int, str]]) -> bool:
    """The first word of a model span is a word in lower case before a capitalised one, on no name list and no
    name's particle: a verb the model took with the name ("and rang Mum Kerry"), not a given name typed in lower
    case ("kayden Smith") nor "de", "van", "bin"."""

    word = words[0][2]
    return (len(words) > 1 and word.isalpha() and word.islower() and word not in _PARTICLES
            and any(w[:1].isupper() for _, _, w in words[1:])
            and not on_a_name_list(as_name(word)))


def _an_acronym_before_a_name(words: list[tuple[int, int, str]]) -> bool:
    """A word of three or more capitals before more words: a role or an agency ("ISVA Jane Smith", "ASYE Tom Hill"),
    not part of the name (two capitals may be initials: "KJ Smith")."""
    word = words[0][2].rstrip(".:")
    return len(words) > 1 and len(word) >= 3 and word.isalpha() and word.isupper()


def _model_span(text: str, start: int, end: int, lower_case: bool = False) -> tuple[int, int] | None:
    """A PERSON span from the model, without titles, roles and family words at its edges; None when what is
    left holds a digit, a place or agency word, or no word that could be a name: none capitalised, unless
    ``lower_case`` (the recogniser trained on case notes, which finds names written in lower case)."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"[^\s,;:()]+", text[start:end])]
    while words and (stop_word(words[0][2].rstrip(".")) or words[0][2].lower().rstrip(".") in TITLES
                     or _a_lower_case_word_before_a_name(words) or _an_acronym_before_a_name(words)):
        words.pop(0)
    while words and (stop_word(words[-1][2]) or _a_lower_case_word_after_a_name(words)):
        words.pop()
    if not words:
        return None
    plain = [_unpossessive(w) for _, _, w in words]
    if not any((w[:1].isupper() or lower_case) and not stop_word(w) for w in plain):
        return None
    first, last = words[0][0], words[-1][1]
    possessive = re.search(r"['’]s$", text[first:last])
    return first, last - (2 if possessive else 0)


_TITLED = re.compile(rf"{_TITLE}\s+$")


def _not_a_person_in_context(text: str, start: int, end: int) -> bool:
    """A span the rules found by its context ("spoke to Rose Hill", "GP: Dr Patel, Brookfield Surgery") that
    reads as an agency or a place instead: it holds a place word that is not also a surname ("Surgery", but not
    "Hill"), is a language or nationality ("interpreter (Polish)"), is a "Royal" hospital ("Royal Stoke") or
    comes before a place word ("Rose Hill Primary")."""
    words = text[start:end].split()
    if any(_unpossessive(w) in _INSTITUTION_WORDS for w in words) or all(w in LANGUAGES for w in words):
        return True
    if words[0] == "Royal" and len(words) > 1:
        return True  # a hospital by its town: "born at Royal Oldham, DOB …", "Bev Lloyd, Royal Stoke"
    if len(words) > 1 and words[-1] in _ROLE_HEADS and not any(w in given_names() for w in words[:-1]):
        return True  # "told Learning Mentor his stepdad"
    after = _NEXT_WORD.match(text, end)
    if (after and _qualifies_a_role(words, after.group(1)) and not text.startswith(("'", "’"), end)
            and not _TITLED.search(text, max(0, start - 8), start)):
        return True  # "told Form Tutor Mr Greenwood": "Form" says which tutor (not "Oluwaseun's carer", "Mrs Foster")
    return bool(after and after.group(1).rstrip(".,") in _PLACE_WORDS) or (
        len(words) == 1 and words[0] not in given_names() and (
            _institution_follows(text, end) or bool(after and after.group(1).rstrip(".,") in _AGENCY_ACRONYMS)))


_NAMED_LAW_AFTER = re.compile(r"['’]s (?:Law|Principle)\b")
_THE_TITLE_AFTER = re.compile(r" the ([A-Z][a-z]+)")
_CAPITALISED_RUN = re.compile(r"(?:['’]s?)?(?:\s+(?:and|&|of|the)?\s*(?:[A-Z][A-Za-z'’]*|[IVX]+)\b)*")
"""The capitalised words after a span, joined by "and", "&", "of" or "the" ("and Jill Day Nursery")."""
_AGENCY_ACRONYMS = frozenset(("CSC", "CAMHS", "MASH", "LADO", "EDT", "YOT", "YJS", "ICB", "CCG", "LSCB", "SCP", "FC",
                              "AFC"))
"""Agencies that a place's name comes before ("Bolton CSC", "Leeds MASH", "Oldham CAMHS")."""


def _unpossessive(word: str) -> str:
    """A word without its possessive ("Kelly's", "Kelly’s", "Jones'" -> "Kelly", "Kelly", "Jones"); a word ending
    in "s" keeps it ("Lewis", "Wanderers")."""
    return re.sub(r"['’]s?$", "", word)


def _institution_follows(text: str, end: int) -> bool:
    """The capitalised words after a span (``_CAPITALISED_RUN``), leaving out initials at its end, end in an
    institution word that is no given name: the span is the first part of an institution's name."""
    following = _CAPITALISED_RUN.match(text, end)
    run = following.group().split() if following else []
    while run and run[-1].isupper() and len(run[-1]) > 1:
        run.pop()  # "Devon and Cornwall Police POLIT team"
    return bool(run) and (last := _unpossessive(run[-1])) in _INSTITUTION_WORDS \
        and last not in given_names()


def _not_a_person(text: str, start: int, end: int) -> bool:
    """A span the model or the list would call a name that reads as a place or an agency instead: it holds a
    digit, a character of an address or a code (@ / + _ =) or a place word, is a language or nationality
    ("interpreter (Polish)"), is or follows a saint's "St", "Holy" or "Our Lady" ("St Mary's", "Holy Trinity"),
    is all capitals (SCBU), comes before a place word ("Rose Hill Primary", "Eden Boys' School"), names a law
    ("Clare's Law"), ends in a street's "St" ("Brinkburn St"), comes before an agency's initials and holds no given
    name ("Bolton CSC"), or is a single word,
    no given name, before a role ("Foster Carers", "Asthma Nurse") or a dose ("Sertraline 50mg")."""
    words = text[start:end].split()
    if not words or any(ch.isdigit() or ch in "@/+_=" for ch in text[start:end]):
        return True
    if all(w in LANGUAGES for w in words):
        return True
    saint = re.search(r"\b(?:St\.?|Holy|Our Lady(?: of)?)\s+$", text[max(0, start - 16):start])
    if (saint or words[0].rstrip(".") in ("St", "Holy", "Royal") or words[:2] == ["Our", "Lady"]
            or (words[0].startswith("Lady") and re.search(r"\bOur\s+$", text[max(0, start - 5):start]))
            or all(w.isupper() and len(w) > 1 for w in words)):
        return True
    if len(words) > 1 and words[-1].rstrip(".") == "St" and not re.match(r"\.?\s*[A-Z]", text[end:end + 3]):
        return True  # a street: "on Brinkburn St", "Margaret St." (not a surname's saint: "Tia St. Clair")
    plain = [_unpossessive(w) for w in words]
    if any(w in _PLACE_WORDS for w in plain) and not _named_with_a_place_surname(plain):
        return True
    after = _NEXT_WORD.match(text, end)
    if len(words) == 1 and _DOSE_AFTER.match(text, end) and words[0] not in given_names():
        return True  # a medicine: "Sertraline 50mg"
    law = words[-1] in ("Law", "Principle") and (re.search(r"['’]s$", words[0]) if len(words) == 2 else (
        len(words) == 1 and re.search(r"['’]s $", text[max(0, start - 3):start])))
    if _NAMED_LAW_AFTER.match(text, end) or law:
        return True  # "Clare's Law", "Sarah's Law"
    if plain[-1] in _ROLE_HEADS and not any(w in given_names() for w in plain[:-1]):
        return True  # "Learning Mentor", "Appropriate Adult", "Dietitian"
    title = _THE_TITLE_AFTER.match(text, end) or _THE_TITLE_AFTER.search(text, start, end)
    if title and title.group(1) not in WEEKDAYS | MONTH_NAMES:
        return True  # "Thomas the Tank Engine", "Dennis the Menace"
    if _institution_follows(text, end):
        return True  # "Jack and Jill Day Nursery", "King Edward VI Primary", "Devon and Cornwall Police POLIT"
    agency = words[-1] in _AGENCY_ACRONYMS or (after and after.group(1).rstrip(".,") in _AGENCY_ACRONYMS)
    if agency and not any(w in given_names() for w in plain):
        return True  # a council or service by its place: "Bolton CSC", "Oldham CAMHS"
    return bool(after and (after.group(1).rstrip(".,") in _PLACE_WORDS or _qualifies_a_role(words, after.group(1))))


_PLACE_SURNAMES = frozenset(("Green", "Hall", "Hill", "Ward"))
"""Place words that are also common surnames ("Carol Hill", "Kathleen Ward"). Not "Church": churches are
often named so ("Grace Church", "Emmanuel Church"), so "Sarah Church" is still missed."""


def _named_with_a_place_surname(words: list[str]) -> bool:
    """Given names then one of ``_PLACE_SURNAMES`` and nothing else: a person ("Carol Hill rang"); a place
    word after it still makes it a place ("Rose Hill Primary", checked by the caller)."""
    return (len(words) >= 2 and words[-1] in _PLACE_SURNAMES
            and all(w in given_names() and w not in _PLACE_WORDS for w in words[:-1]))


def _with_a_place_surname(text: str, start: int, end: int) -> int:
    """The end of a name widened over one of ``_PLACE_SURNAMES`` straight after it, when the name is given names
    only and no place word follows the surname ("Kathleen Ward and her children", but not "Rose Hill Primary"):
    "Ward" is also a stop word, so widening alone stops before it and would leave the surname behind."""
    m = _WORD_AFTER.match(text, end)
    if not m or m.group(1) not in _PLACE_SURNAMES or not _named_with_a_place_surname(
            [*text[start:end].split(), m.group(1)]):
        return end
    after = _NEXT_WORD.match(text, m.end(1))
    return end if after and after.group(1).rstrip(".,") in _PLACE_WORDS else m.end(1)


_DOSE_AFTER = re.compile(r"\s*\d+(?:\.\d+)?\s?(?:mg|ml|mcg|micrograms?)\b", re.IGNORECASE)


def _qualifies_a_role(words: list[str], following: str) -> bool:
    """A single word that is no given name, straight before a role ("Asthma Nurse", "Foster Carers", "Foster carer
    Jackie"), says what kind of role: it is not a person's name (a surname needs a given name or a title before it
    here)."""
    return len(words) == 1 and words[0] not in given_names() and following.rstrip(".,").capitalize() in _ROLE_HEADS


_CAPITALISED = re.compile(rf"(?<![\w'’-])[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}][{LOWER}]+)?(?![\w-])")


def _widen(text: str, start: int, end: int, tags: Tags) -> tuple[int, int]:
    """As ``_whole``, for the model's and the list's findings: never into a stop word, nor into a word that
    opens the sentence unless it is a given name, or no English word tagged as a proper noun ("Collect Jordan"
    stays "Jordan"; "Oliwia Kowalczyk moved" is found whole; "Staying" in "Staying Put" is a verb)."""

    while ((m := _WORD_BEFORE.search(text, max(0, start - _WORD_REACH), start)) and not stop_word(m.group(1))
           and (not tags.opens_sentence(m.start(1)) or m.group(1) in given_names()
                or (no_english_word(m.group(1)) and tags.at(m.start(1)) in ("NNP", "NNPS")))):
        start = m.start(1)
    while (m := _WORD_AFTER.match(text, end)) and not stop_word(m.group(1)):
        end = m.end(1)
    return start, _with_a_place_surname(text, start, end)


def _model_names(text: str, found: Sequence[tuple[str, int, int]] = (),
                 tags: Tags | None = None) -> list[tuple[str, int, int]]:
    """Names the statistical model adds (``names_model``): its PERSON entities, and capitalised given names from
    the list (``given_names``) not opening a sentence, or opening one and either no English word ("Shanice rang":
    the small tagger calls such words nouns or adjectives) or tagged as a proper noun ("Hope, her sister" but not
    "Hope this helps"); each widened to the whole name. None without the model.

    ``found`` are the rules' findings, which ``detect`` takes first: a word inside one of them, or inside a
    PERSON span that will be taken, would be dropped there anyway, so it is not tagged (the tagger costs about
    half as much again as the model; skipping it changes no finding)."""
    from assistant.privacy import names_model

    persons = names_model.persons(text)
    if persons is None:
        return []
    trained = names_model.trained()
    names, tags = given_names(), tags or Tags(text)
    people = []
    for start, end in (part for s, e in persons for part in _parts(text, s, e)):
        span = _model_span(text, start, end, lower_case=trained)
        if span is not None:
            span = _without_common_words(text, *_widen(text, *_without_opening_verb(text, *span, tags), tags))
        if span is not None:
            people.append(span)
    named = {text[s:e] for kind, s, e in found if kind == "name"}
    people = [(s, e) for s, e in people if not _not_a_person(text, s, e) and not _after_place_word(text, s, e)
              and not (_a_medicine(text, s, e) and text[s:e] not in named) and not _consumed(text, s, e)]
    people = [(s, e) for s, e in people if not _an_english_plural(text, s, e) and not _part_of_a_term(text, s, e)
              and not (tags.opens_sentence(s) and _a_thing_once(text, text[s:e], e))]  # "Kitchen had 2 bags"
    people = [(s, e) for s, e in people if not _used_as_a_word(text, s, e, tags)
              and not (trained and _a_city_abroad(text, s, e))]
    doubtful = [s for s, e in people if trained and _maybe_an_ordinary_word(text, s, e, tags)]
    tags.prefetch(doubtful)
    people = [(s, e) for s, e in people
              if s not in doubtful or (tags.at(s) in ("NNP", "NNPS") and not _a_verb_form(text[s:e]))]
    things = [(s, e) for s, e in people if _names_a_thing(text, s, e, tags)]
    named |= {text[s:e] for s, e in people if (s, e) not in things}
    people = [(s, e) for s, e in people if (s, e) not in things or text[s:e] in named]
    covered = [(s, e) for _, s, e in found]
    covered += [(s, e) for s, e in people if not _overlaps(s, e, covered)]
    listed = [m.span() for m in _CAPITALISED.finditer(text)
              if listed_name(m.group(), names) and not stop_word(m.group())
              and m.group() not in COMMON_WORDS and not _overlaps(*m.span(), covered)]
    lower_candidates = lower_case_candidates(text, covered)
    asked = [s for s, e in listed if tags.opens_sentence(s) and not no_english_word(text[s:e])]
    tags.prefetch(asked + [start for start, _, _, marked in lower_candidates if not marked])
    out = [_widen(text, s, e, tags) for s, e in listed if s not in asked or tags.at(s) in ("NNP", "NNPS")]
    out = [(s, e) for s, e in out if not _not_a_person(text, s, e) and not _after_place_word(text, s, e)
           and not (_names_a_thing(text, s, e, tags) and text[s:e] not in named) and not _an_english_plural(text, s, e)
           and not _used_as_a_word(text, s, e, tags)]
    lower = lower_case_names(tags, lower_candidates)
    for rule in UNTAGGED_RULES:
        lower += rule(text, covered + [(s, e) for _, s, e in lower])
    return [("name", s, e) for s, e in people + out] + lower


_PARTICIPLES = frozenset(("known", "seen", "taken", "given", "gone", "done", "written", "spoken", "told", "sent",
                          "met"))


def _a_verb_form(word: str) -> bool:
    """A past tense or participle of an English verb, on no name list ("Rushed", "Replied", "Forwarded", "Known"):
    a note's opening verb, not a name, even where the tagger calls it a proper noun. "Sayed" and "Ahmed" are on the
    lists; "Ted" and "Fred" are too short to be read so."""
    from assistant.privacy import names_model

    if not word.isalpha() or on_a_name_list(word):
        return False
    lower, english = word.lower(), names_model.english_words()
    if lower in _PARTICIPLES:
        return True
    if not lower.endswith("ed") or len(lower) < 5:
        return False
    stems = {lower[:-2], lower[:-1], lower[:-3] + "y" if lower.endswith("ied") else "", lower[:-3]}
    return any(len(st) >= 3 and st in english for st in stems)


def _maybe_an_ordinary_word(text: str, start: int, end: int, tags: Tags) -> bool:
    """A single word the model calls a person that may be an ordinary word: an English word opening a sentence or a
    quote ("Passport seized.", "Replied and copied", "Mark as urgent"), or an English word on no name list written in
    lower case ("reduce to 14 cases", "on a BN(O) visa"). The recogniser trained on case notes finds names in lower
    case and at a sentence's start, and takes such words for them now and then; with it, ``_model_names`` keeps one
    only where the tagger calls it a proper noun, as it does for a listed given name opening a sentence."""
    word = _unpossessive(text[start:end])
    if " " in word:
        return False
    if word[:1].islower():
        return common_word(word)
    opens = tags.opens_sentence(start) or _QUOTE_OPENS_BEFORE.search(text, max(0, start - 3), start)
    return bool(opens) and not no_english_word(word)


_TRIP_BEFORE = re.compile(r"\b(?:to|from|via|in|visit|visiting|visited)\s+$", re.IGNORECASE)


def _a_city_abroad(text: str, start: int, end: int) -> bool:
    """A city outside the UK (``towns.cities_abroad``) on no name list, one word, after "to", "from", "via", "in" or
    "visit" ("took Kavin to Jaffna", "brought him via Tirana", "visit Kumasi in summer"): a trip, not a person. Used
    with the recogniser trained on case notes, which takes such a town for a person now and then; "Kobe", "Florence"
    and "Lincoln" are given names and stay names, and "to Khartoum's" is no town."""
    from assistant.privacy.towns import cities_abroad

    word = text[start:end]
    if " " in word or text.startswith(("'s", "’s"), end) or on_a_name_list(word):
        return False
    return word in cities_abroad() and bool(_TRIP_BEFORE.search(text, max(0, start - 12), start))


def _part_of_a_term(text: str, start: int, end: int) -> bool:
    """Words the model alone calls a person, all English words on no name list, written beside a word of a
    service, a process, an order or a plan (``word_lists.TERM_WORDS``): a term ("Placement Order", "Legal
    Gateway"), not a person. "Mum Marvellous" and "Landlady Pat" stay names: a family word or a role says a person
    follows."""
    if not all(common_word(w) for w in text[start:end].split()):
        return False
    beside = (_WORD_BEFORE.search(text, max(0, start - _WORD_REACH), start), _WORD_AFTER.match(text, end))
    return any(m and m.group(1) in TERM_WORDS for m in beside)


_CONSUMED_BEFORE = re.compile(
    r"\b(?:drinks|drinking|drank|smokes|smoking|smoked|vapes|vaping|vaped|plays|playing|played|eats|eating|ate|"
    r"wears|wearing|wore|uses|using|used|prescribed|obsessed with|mad about|fan of|shoplifting|"
    r"shoplifted|stole|stealing)\s+$", re.IGNORECASE)
"""What people do to things, not to people (not "gave", "bought", "loves", "watching": "Nan watching Tobi")."""


def _consumed(text: str, start: int, end: int) -> bool:
    """Words the model alone calls a person, none of them on a name list, straight after what people do to things
    ("drinks Tyskie", "using Diprobase", "plays Fortnite", "shoplifting Prime"): a product, a game or a brand. A
    word on a name list stays."""

    if not _CONSUMED_BEFORE.search(text, max(0, start - 20), start) or _owns_something(text, end):
        return False  # "stole Tobi's phone" is a person's
    return not any(listed_name(w, given_names()) or w in surnames()
                   for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text[start:end]))


_THING_AFTER = re.compile(r" ([a-z]+)(?![\w'’-])")


_PRONOUN_AFTER = re.compile(r" (?:you|you're|me|him|them|us|it|all|all['’]s|everyone|everything)\b", re.IGNORECASE)
_MODAL_BEFORE = re.compile(r"\b(?:could|would|can|will|may|might|should|must|shall)\s+$", re.IGNORECASE)
_OF_A_TITLE_AFTER = re.compile(r" of (?:the )?[A-Z]")


_QUOTE_OPENS_BEFORE = re.compile(r"(?:^|\s)[\"'“‘]$")
"""A quote opens a sentence too ("said 'Sue me then'")."""


def _used_as_a_word(text: str, start: int, end: int, tags: Tags) -> bool:
    """A single word the model or the list alone calls a person, used as an ordinary word: a verb before a
    pronoun, opening a sentence or a quote, or tagged as a verb ("Hope you are well", "said 'Sue me then'"; not
    "told Tia it was fine"), a verb after a modal ("could Sue the school"), or the head of a title
    ("Duke of Edinburgh", "Angel of the North")."""
    word = text[start:end]
    if " " in word:
        return False
    opens = tags.opens_sentence(start) or _QUOTE_OPENS_BEFORE.search(text, max(0, start - 3), start)
    if _PRONOUN_AFTER.match(text, end) and (opens or tags.at(start) in ("VB", "VBP")):
        return True
    return bool(_MODAL_BEFORE.search(text, max(0, start - 8), start) or _OF_A_TITLE_AFTER.match(text, end))


def _an_english_plural(text: str, start: int, end: int) -> bool:
    """A single word on no name list that is an English noun's plural ("Cubs", "Beavers", "Skittles", "Crocs"):
    a club, a brand or a group, not a person; given names and surnames ending in "s" are on the lists ("Miles",
    "Brooks", "Banks")."""
    from assistant.privacy import names_model

    word = text[start:end]
    if not word.isalpha() or not word.endswith("s") or on_a_name_list(word):
        return False
    return plural_of_english(word.lower(), names_model.english_words())


def _names_a_thing(text: str, start: int, end: int, tags: Tags) -> bool:
    """Words the model or the list alone calls a person, straight before a noun for a thing (``_GOODS``, tagged as
    a noun there): the name of a brand, a team, a programme or a service ("Stella cans", "Andrew Tate videos",
    "Florence Nightingale ward"). A possessive stays a person's ("Tia's toys"), as does a word before a verb
    ("Mum books")."""
    after = _THING_AFTER.match(text, end)
    return bool(after and after.group(1) in _GOODS and tags.at(after.start(1)) in ("NN", "NNS"))


def _without_opening_verb(text: str, start: int, end: int, tags: Tags) -> tuple[int, int]:
    """A span of several words that opens a sentence with a verb on no name list ("Observed Jenson (3)", "Says
    Elsa", "Smokes Richmond"): the words after it."""

    first = text[start:end].split(" ", 1)
    if (len(first) == 2 and tags.opens_sentence(start) and not on_a_name_list(first[0])
            and tags.at(start).startswith("VB")):
        return start + len(first[0]) + 1, end
    return start, end


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A model span cut at a spaced dash ("Alder Hey - Oisín"): no name holds one, and each side is judged
    on its own."""
    cuts = [m.span() for m in re.finditer(r"\s[-–]\s", text[start:end])]
    bounds = [0, *(x for c in cuts for x in c), end - start]
    return [(start + a, start + b) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if b > a]


def _without_common_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A PERSON span of several words from the model, holding an English word on no name list and no word on a
    name list, reads as a thing, not a person ("Peppa Pig", "Alcoholics Anonymous", "Premier Inn", "Salford
    Royal"): None. Such words only before a given name are a role or a verb ("Recovery Coordinator Jo"): what
    follows them. A span with a name on the lists stays ("Rob Marsh", "Wang Fang"), as does a single word: the
    word index holds many given names the lists do not ("Pat", "Delilah", "Kobe")."""

    words = [(m.start() + start, m.end() + start, re.sub(r"['’]s?$", "", m.group()))
             for m in re.finditer(r"\S+", text[start:end])]
    if len(words) < 2:
        return start, end
    common = [common_word(w) for _, _, w in words]
    if not any(common):
        return start, end
    lead = next((i for i, c in enumerate(common) if not c), len(words))
    rest = words[lead:]
    if lead and rest and not any(common[lead:]) and rest[0][2] in given_names():
        return rest[0][0], rest[-1][1]
    if any(on_a_name_list(w) for _, _, w in words):
        return start, end
    return None


_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|around|outside|across|born (?:at|in)|(?:moved|move|moving|trip|travel(?:led|ling)?|went|go|going|"
    r"gone|flew|fly|back|visit(?:ed|ing)?|(?:took|take|taken|taking|brought|bring)(?: (?:him|her|them|me|us))?) to|"
    r"speaks?|speaking|(?:(?:a|the|his|her|their) )?(?:dog|cat|puppy|kitten|pet|rabbit|hamster)"
    r"|next|last|this|RAG|rated|rating:?)[\s(]+$", re.IGNORECASE)
_AT_PLACE = re.compile(r"\bat\s+$")
_AT_A_PERSON = re.compile(
    r"\b(?:shout|scream|yell|swor|swear|laugh|look|star|glar|point|lung|spat|spit|angry|annoyed|cross|upset|furious|"
    r"snap|wav|smil|aim|bark|went|go|gone|threw|throw|lash|hit)\w*(?: \w+){0,3} at\s+$", re.IGNORECASE)
_FROM_PLACE = re.compile(r"\b(?:originally|is|are|was|were|comes?|came|moved|moving|lads|boys|girls|group|gang|drove|"
                         r"driven|driving|travelled|travelling|walked|flew|flown) from\s+$", re.IGNORECASE)
_INSTITUTION_COMMA = re.compile(r"[A-Z][a-z]+ (?:" + "|".join(sorted(_PLACE_WORDS)) + r"),\s+$")
"""Where a place is expected: after "at" (not after what is done at a person: "shouted at", "threw a cup at"),
after "originally from", "are from", "lads from" (not "a call from"), and after an institution's name and a
comma ("Jack and Jill Day Nursery, Dudley")."""
_TIME_BEFORE = re.compile(r"\b(?:since|until|till|from|early|mid|late|(?:end|start|beginning|middle) of)\s+$",
                          re.IGNORECASE)
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?(?: of)?\s+$", re.IGNORECASE)
_DAY_OR_YEAR_AFTER = re.compile(r"\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?\b(?![/.:]\d)|['’]?\d{2}\b|\d{4}\b)", re.IGNORECASE)
_FEAST_BEFORE = re.compile(r"\b(?:Christmas|New Year['’]?s)\s+$")
_SEASON_AFTER = re.compile(r"\s+(?:term|holidays?|half[- ]term|break|fair)\b", re.IGNORECASE)


_WELSH_PLACE_BEFORE = re.compile(r"\b(?:Ysgol|Ysbyty|Canolfan|Meithrinfa|Coleg|Prifysgol|Cylch Meithrin)(?: y| yr)? $")


def _after_place_word(text: str, start: int, end: int) -> bool:
    """A word the model or the list alone calls a name where a place, a language, a pet or a time is expected:
    "in Bolton", "moved to Milton Keynes", "took her to Glasgow", "speaks Lingala", "his dog Bella", "next Summer",
    "Autumn term", "not weighed since Jan", "08 Jan 25", "Jan 14th 2025", "Christmas Eve", "works at Wingstop",
    "originally from Chelsea", "Day Nursery, Dudley" (a name after those words is almost always a possessive: "in
    Jayden's room", "at Aimee's"). Not after "visited" or "supports", which people do to people, nor "shouted at"."""
    if _SEASON_AFTER.match(text, end) and text[start:end] in ("Spring", "Summer", "Autumn", "Winter"):
        return True
    if text[start:end] in MONTH_NAMES and (_TIME_BEFORE.search(text, max(0, start - 20), start)
                                            or _DAY_BEFORE.search(text, max(0, start - 8), start)
                                            or _DAY_OR_YEAR_AFTER.match(text, end)):
        return True
    if text[start:end] == "Eve" and _FEAST_BEFORE.search(text, max(0, start - 20), start):
        return True
    if _WELSH_PLACE_BEFORE.search(text, max(0, start - 16), start):
        return True  # "Ysgol y Deri", "Ysbyty Gwynedd": Welsh names the institution first
    if text.startswith(("'s", "’s"), end):
        return False
    if ((_AT_PLACE.search(text, max(0, start - 5), start) and not _AT_A_PERSON.search(text, max(0, start - 40), start))
            or _FROM_PLACE.search(text, max(0, start - 20), start)
            or _INSTITUTION_COMMA.search(text, max(0, start - 40), start)):
        return True
    return bool(_PLACE_BEFORE.search(text, max(0, start - 40), start))


def model_names(text: str) -> list[Finding]:
    """The names the model (with the given-names list) finds on its own, without the rules (for measuring)."""
    return [Finding(kind, s, e, text[s:e]) for kind, s, e in sorted(_model_names(text), key=lambda f: f[1])]


def model_problem() -> str | None:
    """Why names are found by the rules alone (the name model missing or not the expected files), or None."""
    from assistant.privacy import names_model

    return names_model.problem()


_COORD_AFTER = re.compile(rf"(?:\s*,\s*|\s+and\s+|\s*&\s*)({_CAPITALISED.pattern})")
_COORD_BEFORE = re.compile(rf"({_CAPITALISED.pattern})(?:\s*,\s*|\s+and\s+|\s*&\s*)$")
_BARE_AGE = r"\s+\d{1,2}(?:\s*(?:months?|mths?|yrs?|years?|weeks?|wks?))?(?![\w/:.-]\d)"
_BARE_AGE_AFTER = re.compile(_BARE_AGE + r"(?=\s*,|\s+and\b|\s*&|\s*[.;)]|$)")
"""A bare age after a name in a list of children ("Alesha 14, Marcus 12, Nia 9 and Josiah 6 months")."""
_AGED_COORD_AFTER = re.compile(rf"(?:\s*,\s*|\s+and\s+|\s*&\s*)({_CAPITALISED.pattern}){_BARE_AGE_AFTER.pattern}")
_AGED_COORD_BEFORE = re.compile(
    rf"((?:{_CAPITALISED.pattern} )?{_CAPITALISED.pattern}){_BARE_AGE}(?:\s*,\s*|\s+and\s+|\s*&\s*)$")


_AGED_ITEM = rf"{_CAPITALISED.pattern}{_BARE_AGE}"
_AGED_LIST = re.compile(rf"{_AGED_ITEM}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_AGED_ITEM})+")
"""Two or more capitalised words listed each with a bare age ("Gabija 5 and Emilija 2", "Exaucé 10, Divine 7 and
Merveille 3"), whether or not one of them is found already."""


_NAME_BEFORE_IDENTIFIER = re.compile(
    rf"(?<![\w'’-])(?P<name>(?:{_CAPITALISED.pattern} ){{0,2}}{_CAPITALISED.pattern}|[{LOWER}]+(?:-[{LOWER}]+)?)"
    r"(?:['’]s)?\s*[:,]?\s*\(?\s*(?:NHS|NI|DOB|Dob|dob|D\.O\.B\.?|d\.o\.b\.?|b\.|born)(?:\s*(?:no\.?|number|num))?"
    r"\s*[:-]?\s*$")
_IDENTIFIES_A_PERSON = frozenset(("nhs_number", "ni_number", "date_of_birth"))
_NAME_IN_BRACKETS_AFTER = re.compile(rf"\s*\((?P<name>(?:{_CAPITALISED.pattern} ){{0,2}}{_CAPITALISED.pattern})\)")


def _named_by_identifier(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``taken`` with the names of the people whose NHS number, NI number or date of birth it holds: the words
    straight before the identifier and its label ("Sumaiya NHS 7485143689", "Maisie-Jo NHS …", "Rumana Khatun b.
    30/06/2011", "kenzie (DOB …)", "Kenzie's NHS number …", "Jax Cope dob 4/10/22"), or in brackets straight after
    it ("DOB May 3rd 2015 (Macy Lord)"): one to three capitalised words, or one lower-case given name. Not a stop
    word ("Mum DOB", "Child DOB"), a place or agency, or opening with an English word on no name list ("Correct
    DOB"); a surname after a given name may be one ("Cope", "Church"). A part of such a name found already gives
    way to the whole ("Campbell" of "Tanisha Campbell d.o.b …")."""

    out = list(taken)
    for kind, start, end in taken:
        if kind not in _IDENTIFIES_A_PERSON:
            continue
        for m in (_NAME_BEFORE_IDENTIFIER.search(text, max(0, start - 70), start),
                  _NAME_IN_BRACKETS_AFTER.match(text, end)):
            if m is None:
                continue
            s, e = m.span("name")
            words = m.group("name").split()
            if words[0].islower():
                title = as_name(words[0])
                if not listed_name(title, given_names()) or title in COMMON_WORDS:
                    continue
            elif any(stop_word(w) or w in COMMON_WORDS for w in words) or common_word(words[0]):
                continue
            inside = [f for f in out if s < f[2] and e > f[1]]
            if _not_a_person(text, s, e) or any(k != "name" or ts < s or te > e for k, ts, te in inside):
                continue
            out = [f for f in out if f not in inside] + [("name", s, e)]
    return out


_NAME_BEFORE_A_DATE = re.compile(
    rf"(?<![\w'’-])(?P<name>(?:{_CAPITALISED.pattern} ){{0,2}}{_CAPITALISED.pattern}),?[ \t]+(?P<date>(?i:{DATE}))"
    r"(?![\w/:]|[.-]\w)")


def _named_by_birth_date(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One to three capitalised words straight before a date three or more years before this one (a birth date,
    as ``_dates_with_names`` reads it after a name found) name a person even when nothing else does ("Re: Reggie
    Fairbrother 7/7/2010", "older sis Anaya 14.1.2009"): both are taken. Not when a word is a stop word, a day,
    or an English word on no name list ("Moved 12/03/2018"), nor a place or agency; one word must be on a name
    list and none a UK town."""
    from assistant.privacy.baby_names import baby_names
    from assistant.privacy.towns import uk_towns

    found: list[tuple[str, int, int]] = []
    for m in _NAME_BEFORE_A_DATE.finditer(text):
        if _years_ago(m.group("date")) < _YEARS_BEFORE_A_BIRTH_DATE:
            continue
        s, e = m.span("name")
        words = m.group("name").split()
        if any(stop_word(w) or w in WEEKDAYS or w in COMMON_WORDS or (common_word(w) and w not in surnames())
               for w in words) or _not_a_person(text, s, e):
            continue
        if not any(listed_name(w, given_names()) or w in surnames() or listed_name(w, baby_names())
                   for w in words) or any(w in uk_towns() for w in words):
            continue  # a word on a name list, none a town: "Ofsted 12/03/2019", "Rochdale 12/03/2018" are not people
        if any(s < te and e > ts for _, ts, te in taken + found):
            continue
        found.append(("name", s, e))
        ds, de = m.span("date")
        if not any(ds < te and de > ts for _, ts, te in taken + found):
            found.append(("date_of_birth", ds, de))
    return found


def _the_same_name_elsewhere(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Every other use in the note of a one-word name found ("Mum said Tobi earned them … Tobi is proud"): the
    same capitalised word, standing alone or as a possessive, not inside another finding. Not a stop word, a
    language, or a word on the common-words list; not a use that reads as a place, an agency or a role ("Holly
    Lodge", "Angel Nursery"), a thing ("Chelsea shirt") or a term ("Autumn term"); and not an English word, which
    may be a name in one place and a word in another ("Summer holidays plan: Summer and Jayden…")."""
    from assistant.privacy import names_model

    found: list[tuple[str, int, int]] = []
    english = names_model.english_words()
    words = {text[s:e] for kind, s, e in taken if kind == "name" and " " not in text[s:e] and text[s:e][:1].isupper()}
    for word in sorted(words):
        if (stop_word(word) or word in COMMON_WORDS or word in LANGUAGES or not word.isalpha()
                or word.lower() in english):
            continue  # an English word may be a name in one place and a word in another ("Summer", "Ruby slippers")
        for p in _occurrences(text, word):
            s, e = p, p + len(word)
            if text[e:e + 1] in ("'", "’") and not re.match(r"['’]s\b", text[e:e + 3]):
                continue  # a quote, not a possessive ("'Tobi'" is taken as it is)
            thing = _THING_AFTER.match(text, e)
            if (thing and thing.group(1) in _GOODS) or _SEASON_AFTER.match(text, e):
                continue  # "Chelsea shirt", "Autumn term"
            if _not_a_person(text, s, e) or any(s < te and e > ts for _, ts, te in taken + found):
                continue
            found.append(("name", s, e))
    return found


_NICK = rf"[{UPPER}][{UPPER}{LOWER}'’-]*(?: [{UPPER}][{UPPER}{LOWER}'’-]*)?"
_NICKNAME_IN_BRACKETS = re.compile(
    rf"(?<![\w'’-])(?P<name>[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)*(?: [{UPPER}][{LOWER}]+)?)"
    rf" \(\s*[\"'“‘](?P<nick>{_NICK})[\"'”’]\s*\)")
_NICKNAME_AFTER = re.compile(
    rf"\b(?i:known(?: to [a-z]+)? as|calls? (?:me|him|her|himself|herself)|nicknamed|a\.?k\.?a\.?)"
    rf",? [\"'“‘]?(?P<nick>{_NICK})[\"'”’]")


def _nicknames(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A nickname in quotes, in brackets after a name ("Kenzo ("KJ")", "Temitope ('Temi')": both are names) or after
    "known as", "calls me", "nicknamed" or "aka" ("known to everyone as "Sunny"", "everyone calls me 'Big
    T'"), and every other place the note writes the nickname ("KJ is named in police reports"). Not a stop word."""
    found: list[tuple[str, int, int]] = []

    def add(s: int, e: int) -> None:
        if not stop_word(text[s:e]) and not any(s < te and e > ts for _, ts, te in taken + found):
            found.append(("name", s, e))

    nicks = []
    for m in _NICKNAME_IN_BRACKETS.finditer(text):
        if not any(stop_word(w) for w in m["name"].split()):
            add(*m.span("name"))
            nicks.append(m["nick"])
    nicks += [m["nick"] for m in _NICKNAME_AFTER.finditer(text)]
    for nick in dict.fromkeys(nicks):
        for m in re.finditer(rf"(?<![\w-]){re.escape(nick)}(?![\w-])", text):  # in quotes or not
            add(*m.span())
    return found


def _not_a_listed_name(text: str, word: str, start: int, end: int) -> bool:
    """``word``, listed with names at ``text[start:end]``, is none: a stop word, a weekday, a place or agency word, a
    language, or a word straight before a noun for a thing (the list names things: "Anna and Elsa pyjamas")."""
    return (stop_word(word) or word in WEEKDAYS or _not_a_person(text, start, end)
            or bool(before_a_thing(text, end)))


def _aged_lists(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The words of a list of children each with a bare age (``_AGED_LIST``) when two or more of them are names by
    the same tests as a word listed with a name found (``_coordinated``): a list of things numbered has English
    words ("Room 4 and Room 5", "Year 9 and Year 11") or months ("May 5 and June 3")."""
    found: list[tuple[str, int, int]] = []
    for m in _AGED_LIST.finditer(text):
        items = [w.span() for w in _CAPITALISED.finditer(text, m.start(), m.end())]
        names = [(s, e) for s, e in items if not (common_word(text[s:e]) or _not_a_listed_name(text, text[s:e], s, e))]
        if len(names) >= 2:  # "Leart 7 and Ema 4", though "Ema" is found already
            found += [("name", s, e) for s, e in names if not any(s < te and e > ts for _, ts, te in taken)]
    return found


def _coordinated(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Capitalised words listed with a name found ("Precious, Divine and Godswill Eze", "Jaden and Kemar" once
    one of them is found), or listed each with an age as it is with its own ("Alesha 14, Marcus 12, Nia 9"; not
    a thing numbered, "Room 4"): names too, unless a stop word, a place or agency word, a language, or a word
    straight before a noun for a thing ("Barbie and Ken dolls")."""
    found = _aged_lists(text, taken)
    names = [(s, e) for kind, s, e in taken + found if kind == "name"]
    while names:
        start, end = names.pop()
        aged = _BARE_AGE_AFTER.match(text, end)  # a list of children with their ages: each item has one
        listed = (_AGED_COORD_AFTER.match(text, aged.end()),
                  _AGED_COORD_BEFORE.search(text, max(0, start - _WORD_REACH - 12), start)) if aged else ()
        for m in (_COORD_AFTER.match(text, end), _COORD_BEFORE.search(text, max(0, start - _WORD_REACH), start),
                  *listed):
            if m is None:
                continue
            s, e = m.span(1)
            word = m.group(1)
            if m.re in (_COORD_AFTER, _AGED_COORD_AFTER):
                e = _whole(text, s, e)[1]  # and the surname after it: "Helen and Rob Jessop"
            if m.re in (_AGED_COORD_AFTER, _AGED_COORD_BEFORE) and common_word(word.split()[0]):
                continue  # "Room 4, Kayden 6": a thing numbered
            if (_not_a_listed_name(text, word, s, e)
                    or any(s < te and e > ts for _, ts, te in taken + found)):
                continue
            found.append(("name", s, e))
            names.append((s, e))
    return found


_SHIFT_HELD = re.compile(r"\b([A-Z])([A-Z][a-z]{2,})\b")
"""A word typed with the shift key held a letter too long ("STuart", "ALfie-Ray", "CAlled"); not a plural
abbreviation ("GPs", "SWs")."""


def detect(text: str, model: bool = True, address_town: bool | None = None) -> list[Finding]:
    """The identifiers in ``text``, sorted by position and never overlapping: the rules' findings, then the
    names the model adds (``model=False``, or the model not installed: the rules alone), then the capitalised
    words listed with a name. ``address_town``: the town and postcode written after an address are part of the
    address (``True``) or left as a place and a postcode (``False``); by default the council's setting,
    ``ASSISTANT_ADDRESS_TOWN``. Words typed with the shift key held too long are read as written once
    ("STuart" as "Stuart"); each finding's text is the note's own."""
    read = _SHIFT_HELD.sub(lambda m: m.group(1) + m.group(2).lower(), text)
    if read == text:
        return _detect(text, model, address_town)
    return [Finding(f.type, f.start, f.end, text[f.start:f.end]) for f in _detect(read, model, address_town)]


def _detect(text: str, model: bool, address_town: bool | None) -> list[Finding]:
    taken: list[tuple[str, int, int]] = []
    rules = _candidates(text)
    sentences = Tags(text, tagger=model)  # where sentences open, and words' tags (with the model)
    by_model = _model_names(text, rules, sentences) if model and any(c.isalpha() for c in text) else []
    for kind, start, end in rules + by_model:
        if end > start and all(end <= s or start >= e for _, s, e in taken):
            taken.append((kind, start, end))
    if model:
        taken = _named_by_identifier(text, taken)
        taken += _named_by_birth_date(text, taken)
    taken += _coordinated(text, taken)
    taken += _dates_with_names(text, taken)
    if model:
        taken += _nicknames(text, taken)
        taken += _the_same_name_elsewhere(text, taken)
    addresses = {e for kind, _, e in taken if kind == "address"}
    not_people = named_not_people(text)
    local = word_lists.spans(text)
    taken = [(kind, s, e) for kind, s, e in taken
             if not (kind == "name" and not_a_name(text, s, e, taken, addresses, not_people, local))]
    taken = [("name", *_without_opening_starters(text, *_after_a_role(text, s, e), sentences)) if kind == "name"
             else (kind, s, e) for kind, s, e in taken]
    if address_town if address_town is not None else address_town_setting():
        taken = with_towns(text, taken, _NOT_A_TOWN)
    return [Finding(kind, s, e, text[s:e]) for kind, s, e in sorted(taken, key=lambda f: f[1])]


_DATE_STRAIGHT_AFTER_NAME = re.compile(rf",?[ \t]+((?i:{DATE}))(?![\w/:]|[.-]\w)")
_YEARS_BEFORE_A_BIRTH_DATE = 3
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def _years_ago(date_text: str) -> int:
    """How many years before this one a date's four-digit year is (0 for a date with no four-digit year)."""
    m = _YEAR.search(date_text)
    return datetime.date.today().year - int(m.group(1)) if m else 0


def _dates_with_names(text: str, taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Dates of birth written beside a name with no label: in brackets straight after a name found ("Kayden
    (01/06/2017)", "Callum Firth (24.10.2007, 17)"), or without brackets when its year is three or more years
    before this one ("Aidan Kerr 02/11/2019 seen today", "Oliver Penrose, 14/06/2017": a visit or meeting written
    after a name is recent; not the first of two dates joined by a dash, "Kyle 03/05/2019-04/05/2019"), and every
    date in a list of two or more names each followed by a date ("Kids: Leo 04/04/2016, Maisie 30/10/2019"), when
    one of those names is found and none of the words before the dates is a day of the week or a stop word ("Mon
    12/03, Tue 13/03"); every name in such a list is then a name too ("Maisie"), unless a place or agency."""
    names = [(s, e) for kind, s, e in taken if kind == "name"]
    found: list[tuple[str, int, int]] = []
    for _, end in names:
        m = DATE_AFTER_NAME.match(text, end) or _DATE_STRAIGHT_AFTER_NAME.match(text, end)
        if m and (m.re is DATE_AFTER_NAME or _years_ago(m.group(1)) >= _YEARS_BEFORE_A_BIRTH_DATE):
            found.append(("date_of_birth", m.start(1), m.end(1)))
    for m in DATES_LISTED_WITH_NAMES.finditer(text):
        pairs = list(_NAME_DATE_PAIR.finditer(m.group()))
        words = [w for p in pairs for w in p.group(1).split()]
        if any(w in WEEKDAYS or stop_word(w) for w in words) or not any(
                _overlaps(m.start() + p.start(1), m.start() + p.end(1), names) for p in pairs):
            continue
        found += [("date_of_birth", m.start() + p.start(2), m.start() + p.end(2)) for p in pairs]
        found += [("name", m.start() + p.start(1), m.start() + p.end(1)) for p in pairs  # and every name listed
                  if not _not_a_person(text, m.start() + p.start(1), m.start() + p.end(1))]
    out: list[tuple[str, int, int]] = []
    for f in found:
        if not any(f[1] < e and f[2] > s for _, s, e in taken + out):
            out.append(f)
    return out


_WORD_IN_SPAN = re.compile(r"\S+")


def _after_a_role(text: str, start: int, end: int) -> tuple[int, int]:
    """A name found with the role before it ("Recovery Coordinator Jo", "Safeguarding Nurse Bev Lloyd") is the
    words after the role: the role is not redacted."""
    words = list(_WORD_IN_SPAN.finditer(text, start, end))
    for i in range(len(words) - 2, -1, -1):
        if words[i].group() in _ROLE_WORDS:
            return words[i + 1].start(), end
    return start, end


def redact(text: str, address_town: bool | None = None) -> tuple[str, list[Finding]]:
    """``text`` with every identifier replaced by its label (``[NAME]``...), and the findings (original offsets);
    ``address_town`` as for ``detect``."""
    findings = detect(text, address_town=address_town)
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos:f.start], LABELS[f.type]]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), findings
