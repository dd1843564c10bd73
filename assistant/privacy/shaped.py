"""Identifiers with a fixed shape: emails, NHS and National Insurance numbers, postcodes, phone numbers, dates of
birth after a label ("DOB", "born"), and addresses (a house number and street, a flat in a named building, a named
house with its street); and the town after an address, where the council has chosen to redact it.

Functions over a string, with the standard library ``re`` only. ``identifiers.detect`` takes these findings first,
before any name, and documents what each type covers; names, and the dates of birth read from a name beside them,
are its own.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Container

from assistant.config import choice
from assistant.privacy.vocabulary import DATE, LOWER, MONTHS, UPPER
from assistant.privacy.word_lists import NOT_NAMES

__all__ = ["POSTCODE", "WEEKDAYS", "address_town_setting", "addresses", "nhs_number_valid", "shaped", "with_towns"]

def nhs_number_valid(digits: str) -> bool:
    """True when ``digits`` (spaces and dashes ignored) is 10 digits with a valid NHS mod-11 check digit."""
    d = re.sub(r"[ -]", "", digits)
    if len(d) != 10 or not d.isascii() or not d.isdigit():
        return False
    check = 11 - sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1))) % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
NHS = re.compile(r"(?<![\w-])(\d{3}([ -]?)\d{3}\2\d{4})(?![\w-])")
_NI_A = "ABCEGHJKLMNOPRSTWXYZ"  # first letter: not D F I Q U V
_NI_B = "ABCEGHJKLMNPRSTWXYZ"  # second letter: not D F I Q U V, nor O
NI = re.compile(rf"(?<![\w-])([{_NI_A}][{_NI_B}]) ?(\d{{2}}) ?(\d{{2}}) ?(\d{{2}}) ?([A-D])(?![\w-])", re.IGNORECASE)
NI_BAD_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
POSTCODE = re.compile(
    r"(?<![\w-])(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][A-HJKPSTUW]?|[A-PR-UWYZ][0-9]{2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w-])",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+44[ -]?(?:\(0\)[ -]?)?\d{1,5}|\(0\d{2,5}\)|0\d{1,5}|\+(?!44)[1-9]\d{0,2})"
    r"(?:[ -]?\d{2,7}){1,4}(?![\w/])"
)
"""A UK number (+44, or a national number from 0), or a number abroad written with its country code ("+234 803 555
0192", family abroad)."""

DOB = re.compile(
    rf"(?:\bd\.? ?o\.? ?b\.?s?|\bd/o/b|\bdate of birth"
    rf"|\bborn(?: (?:at|in) (?:the )?(?-i:[A-Z])[^.;,\n]{{0,40}}? on)?(?: on)?(?: the)?"  # "born at the Jessop Wing on"
    rf"|\bbirthday(?: is)?|\bb\.|\(b)\s*"
    rf"(?:\((?:per|from|on|according to) [^()]{{1,25}}\)\s*)?(?:both\s+)?"
    rf"(?:[:=-]|is|was|(?:given |recorded |confirmed )?as)?\s*"
    rf"(?:\(\s*)?({DATE})\b", re.IGNORECASE,
)
DOB_MORE = re.compile(rf"\s*(?:,|&|and|\(?not|\(?or)\s*(?:\(\s*)?({DATE})\b", re.IGNORECASE)
BORN_IN = re.compile(rf"\bborn(?: in)?\s+((?:(?:{MONTHS})\.? )?(?:19|20)\d{{2}})\b(?![/.-]\d)", re.IGNORECASE)
"""A birth written as a year, or a month and a year ("born 1988", "born June 2013")."""
BIRTHDAY = re.compile(rf"\b(?:birthday|born on)(?: is)?(?: the)?\s+(\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{MONTHS}))\b",
                      re.IGNORECASE)
"""A birthday with no year ("his birthday is 14th February")."""

_STREET = ("Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Way|Crescent|Court|Place|Gardens|Grove|Terrace|"
           "Square|Hill|Park|Mews|Row|View|Walk|Rise|Green|Parade|Boulevard|Estate|Heights|Villas|Wharf|Cottages|"
           "Bank|Brow|Fold|Croft|Chase|Approach|Mount|Gate|Vale|Meadows|Garth|Wynd|Dale|Circus|Causeway")
_COMPASS = "(?: (?:North|South|East|West))?"
"""A street's part after its name ("Spring Bank West")."""
_SOFT_STREET = re.compile(rf"(?:Approach|Mount|Gate|Vale|Dale|Circus){_COMPASS}$")
"""Street words that are also the last words of other things ("a Whole Family Approach", "Signs of Safety
Approach"): a street only when none of the words before is one that is never a name ("3 Step Approach") or a
word of time or of a method (``_NOT_BEFORE_SOFT_STREET``: "2 Day Approach")."""
_NOT_BEFORE_SOFT_STREET = frozenset(("Day", "Days", "Week", "Weeks", "Hour", "Hours", "Stage", "Stages", "Point",
                                     "Whole", "Systemic", "Strengths"))
_LOWER_STREET = "street|road|avenue|lane|crescent|terrace|gardens|grove|mews"  # unambiguous in lower case
_FLAT = "Flat|Fflat|Apartment|Apt|Unit|Room|Plot"
_WELSH_STREET = r"(?:Heol|Stryd|Ffordd|Lôn|Lon|Rhodfa)(?: (?:y|yr|[A-Z][a-zâêîôûŵŷ'-]+)){1,3}\b"
"""Welsh streets name the street first: "12 Heol y Felin", "41 Stryd Fawr", "Lôn Glan Môr"."""
ADDRESS = re.compile(
    rf"(?:\b(?:{_FLAT})\.? (?:\d{{1,4}}[A-Za-z]?,? )?|\b(?i:no\.?|number) )?(?<![\w/.-])\d{{1,4}}[A-Za-z]?"
    rf"(?:[-–]\d{{1,4}}[A-Za-z]?)?,? (?:((?:[A-Z][a-z'-]+ ){{1,3}})(?:{_STREET}){_COMPASS}\b(?!-)"
    rf"|{_WELSH_STREET})"
    rf"|(?<![\w/.-])\d{{1,4}}[a-z]? ((?:[a-z][a-z'-]+ ){{1,2}})(?:{_LOWER_STREET})\b"
)
_NOT_STREET = {"Houses", "Family", "Youth", "Crown", "Magistrates", "County", "Care", "Child", "Children", "Protection",
               "The", "Section", "Plan", "Conference", "and", "the", "of", "to", "in", "on", "at", "a", "for"}
_BUILDING = "House|Court|Lodge|Tower|Towers|Mansions|Buildings|Point|Hall|Cottage|Cottages|Farm|Barn|Manor|Villa"
_STREET_AFTER = rf"(?:,? (?:\d{{1,4}}[A-Za-z]?,? )?(?:[A-Z][a-z'-]+ ){{1,3}}(?:{_STREET})\b(?!-))"
BUILDING_ADDRESS = re.compile(
    # a flat in a named building, and the street if it follows: "Flat 7, Argyle House, 40 Regent Street"
    rf"\b(?:{_FLAT})\.? \d{{1,4}}[A-Za-z]?,? ((?:[A-Z][a-z'-]+ ){{1,3}})(?:{_BUILDING})\b"
    rf"{_STREET_AFTER}?"
    # a named house with its street: "Hawthorn House, Church Lane"; a cottage or farm alone: "Rose Cottage"
    rf"|\b((?:[A-Z][a-z'-]+ ){{1,2}})(?:{_BUILDING}){_STREET_AFTER}"
    rf"|(?:(?<![\w/.-])\d{{1,4}}[A-Za-z]?,? )?\b((?:[A-Z][a-z'-]+ ){{1,2}})(?:Cottage|Cottages|Farm)\b"
)
HOUSE_ADDRESS = re.compile(
    # a named house before its street, after "at", "lives", "address": "at Rosebank, 2 Cotton Row", "living at
    # Fernlea, Manor Road", "lives at Ty Newydd, Lon Glan Mor"
    rf"\b(?i:at|address|lives|living|resides?|reside|moved to)\s*:?\s+((?:The )?[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?, "
    rf"(?:\d{{1,4}}[A-Za-z]?,? )?(?:(?:[A-Z][a-z'-]+ ){{1,3}}(?:{_STREET})\b(?!-)|{_WELSH_STREET}))"
    # a numbered house in a named building: "3 Marigold House"
    rf"|(?<![\w/.-])(\d{{1,4}}[A-Za-z]? ((?:[A-Z][a-z'-]+ ){{1,2}})(?:{_BUILDING}))\b(?!-)"
)
_NOT_BUILDING = _NOT_STREET | {"Town", "City", "Civic", "Council", "Police", "Community", "Health", "Medical",
                               "Register", "Registry", "Job", "Court", "Village", "Church", "School", "County"}


WEEKDAYS = frozenset(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
                      "Tues", "Wed", "Weds", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"))


def _phone_ok(digits: str, abroad: bool = False) -> bool:
    if abroad:  # a country code and a national number: 8 to 15 digits in all (ITU-T E.164)
        return 8 <= len(digits) <= 15
    if digits.startswith("44"):
        national = digits[2:]
        national = national[1:] if len(national) == 11 and national.startswith("0") else national
        return len(national) == 10 and national[0] in "123578"
    if digits.startswith(("0800", "0808")):  # freephone numbers may have 10 digits
        return len(digits) in (10, 11)
    return len(digits) == 11 and digits[0] == "0" and digits[1] in "123578"


def _phones(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in PHONE.finditer(text):
        candidate = m.group(0)
        # Trailing digit groups may belong to the next word ("07700 900123 12 times"): drop them until valid.
        while candidate:
            if _phone_ok(re.sub(r"\D", "", candidate), abroad=candidate.startswith("+") and not
                         candidate.startswith("+44")):
                out.append(("phone", m.start(), m.start() + len(candidate)))
                break
            cut = max(candidate.rfind(" "), candidate.rfind("-"))
            candidate = candidate[:cut] if cut > 0 else ""
    return out

def shaped(text: str) -> list[tuple[str, int, int]]:
    """Every email, NHS and NI number, postcode, phone number and labelled date of birth in ``text``, most certain
    type first (that order settles overlaps, in ``identifiers.detect``); ``addresses`` are taken after these."""
    found: list[tuple[str, int, int]] = [("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [("nhs_number", m.start(1), m.end(1)) for m in NHS.finditer(text) if nhs_number_valid(m.group(1))]
    found += [("ni_number", m.start(), m.end()) for m in NI.finditer(text)
              if (m.group(1).upper() not in NI_BAD_PREFIXES)]
    found += [("postcode", m.start(), m.end()) for m in POSTCODE.finditer(text)]
    found += _phones(text)
    for m in DOB.finditer(text):
        found.append(("date_of_birth", m.start(1), m.end(1)))
        end = m.end(1)
        while more := DOB_MORE.match(text, end):
            found.append(("date_of_birth", more.start(1), more.end(1)))
            end = more.end(1)
    for pattern in (BORN_IN, BIRTHDAY):
        found += [("date_of_birth", m.start(1), m.end(1)) for m in pattern.finditer(text)]
    return found


def addresses(text: str, not_a_house: Callable[[str], bool]) -> list[tuple[str, int, int]]:
    """The addresses in ``text``, the longest reading first ("Flat 7, Argyle House, 40 Regent Street" over "40
    Regent Street"). ``not_a_house``: a word that is never a house's name before its street (the name rules' stop
    words, ``identifiers``)."""
    addresses: list[tuple[str, int, int]] = []
    for m in BUILDING_ADDRESS.finditer(text):
        words = (m.group(1) or m.group(2) or m.group(3) or "").split()
        if not any(w in _NOT_BUILDING for w in words):
            addresses.append(("address", m.start(), m.end()))
    for m in HOUSE_ADDRESS.finditer(text):
        group = 1 if m.group(1) else 2
        words = m.group(group).replace(",", " ").split()
        if not any(w in _NOT_BUILDING or not_a_house(w) or w in WEEKDAYS for w in words[:2]):
            addresses.append(("address", m.start(group), m.end(group)))
    for m in ADDRESS.finditer(text):
        words = (m.group(1) or m.group(2) or "").split()
        soft = bool(m.group(1)) and bool(_SOFT_STREET.search(m.group()))
        if not any(w in _NOT_STREET or (soft and (w in NOT_NAMES or w in _NOT_BEFORE_SOFT_STREET)) for w in words):
            addresses.append(("address", m.start(), m.end()))
    return sorted(addresses, key=lambda a: a[1] - a[2])


def address_town_setting() -> bool:
    """Whether the council has chosen to redact the town after an address (``ASSISTANT_ADDRESS_TOWN=redact``)."""
    return _address_town(os.environ.get("ASSISTANT_ADDRESS_TOWN"))


@functools.lru_cache(maxsize=8)
def _address_town(raw: str | None) -> bool:
    """The setting's value, checked by the settings' own type (a wrong value is the same error as at start-up)."""
    return choice("address_town", raw) == "redact"


_TOWN = re.compile(rf",[ \t]*((?:[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*)"
                   rf"(?: (?:[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*))?)(?![\w'’-])")
_POSTCODE_GAP = re.compile(r",?[ \t]*")


def with_towns(text: str, taken: list[tuple[str, int, int]],
               not_a_town: Container[str]) -> list[tuple[str, int, int]]:
    """Each address widened over the places written after it, up to two ("41 Victoria Road, Wigan", "5 Jessop
    Close, Hillsborough, Sheffield"), and a postcode after those or straight after it ("…, Bury BL9 0TH"), so
    the whole address is one finding. A word that opens a note's line, a pronoun or a family word ("…, Mum
    said"; ``not_a_town``) is not a place."""
    widened: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(taken, key=lambda f: f[1]):
        if widened and start < widened[-1][2]:  # inside an address already widened
            last = widened.pop()
            widened.append((last[0], last[1], max(last[2], end)))
            continue
        if kind == "address":
            for _ in range(2):
                m = _TOWN.match(text, end)
                if not m or m.group(1).split()[0] in not_a_town:
                    break
                end = m.end()
            gap = _POSTCODE_GAP.match(text, end)
            code = POSTCODE.match(text, gap.end()) if gap else None
            if code:
                end = code.end()
        widened.append((kind, start, end))
    return widened
