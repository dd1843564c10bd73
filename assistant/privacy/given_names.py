"""Given names, for a capitalised word with no other context ("collect Tiana from nursery").

The lists are Faker's (``faker`` on PyPI, MIT licence, maintained): the first names of its person
providers for the locales below, which cover the languages most spoken in English councils' families.
Each list's source is named in Faker's code (docs/privacy.md records them: the ONS and the US Social
Security Administration's published baby-name tables, Wikipedia's lists of given names, name
dictionaries); none is derived from leaked personal data. Read once per process, only from the
installed package; nothing is fetched.

A name from the list is flagged only where the name model tags the word as a proper noun, so "Will" in
"Will attend" or "Hope" in "Hope this helps" stays (names_model.py), and never for the words in
``identifiers.NOT_NAMES`` and ``COMMON_WORDS``.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

LOCALES = ("en_GB", "en_US", "en_IE", "ga_IE", "en_IN", "hi_IN", "en_PK", "en_NG", "yo_NG", "ig_NG", "ha_NG",
           "tw_GH", "sw", "zu_ZA", "pl_PL", "ro_RO", "lt_LT", "lv_LV", "cs_CZ", "sk_SK", "hu_HU", "bg_BG",
           "uk_UA", "pt_PT", "pt_BR", "es_ES", "it_IT", "fr_FR", "de_DE", "tr_TR", "ar_AA", "fa_IR", "vi_VN", "en_NZ")
"""Faker person providers whose first names are read."""

_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_unisex")
_SURNAME_ATTRIBUTES = ("last_names", "last_names_male", "last_names_female")
_WORD = re.compile(r"^[^\W\d_]{2,}(?:[-'’][^\W\d_]+)?$")

COMMON_WORDS = frozenset((
    "Art", "Bar", "Born", "Can", "Case", "Date", "Hall", "Home", "Lane", "Long", "Love", "Major", "Mark", "Mercy",
    "Money", "Page", "Park", "Parks", "Patience", "Price", "Rich", "Royal", "Sale", "Say", "See", "Sign", "Ward",
    "White", "Will", "Young",
))
"""Words a note far more often uses as ordinary words even when capitalised (a heading, a ward name), though
many are given names or surnames on the lists ("Mark", "Patience", "Ward"; others, such as "Will" or "Home", the
name model may take for a name): never flagged from the list alone (the rules and the model may still find them)."""


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Every first name in the locales' lists, as written (capitalised), or empty without Faker."""
    return _read(_ATTRIBUTES)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Every last name in the same locales' lists (Faker's; "Hill", "Ward", "Marsh", "Okafor"...): a word that is
    also an English word but is a surname here is not taken for an ordinary word (``identifiers``)."""
    return _read(_SURNAME_ATTRIBUTES)


def on_a_name_list(word: str) -> bool:
    """``word`` as written is a given name or a surname on the lists ("Rose", "Hill", "Okafor")."""
    return word in given_names() or word in surnames()


def _read(attributes: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attribute in attributes:
            for name in getattr(provider, attribute, ()) or ():  # a list, or a dict of weights by name
                if isinstance(name, str) and _WORD.match(name) and name[0].isupper():
                    names.add(name)
    return frozenset(names)
