"""Names of medicines, so that "Melatonin for sleep" or "after taking 12 Sertraline" is not redacted as a person.

The list is the dictionary of ``drug-named-entity-recognition`` 2.0.9 (Fast Data Science, MIT licence, maintained):
generic and brand names from the DrugBank open data (CC0), MeSH (the US National Library of Medicine, public
domain), the NHS website's medicines pages and Wikipedia (CC BY-SA); docs/privacy.md records the sources. Only the
single-word names are kept. The package is not imported (its import reads and writes a cache in the home folder):
its dictionary file is read once per process, after its SHA-256 is checked against the value pinned here, with an
unpickler that builds nothing but Python's own containers. A file that is missing or differs leaves the list empty:
the detector then redacts such a word as it did before, the safe direction.
"""

from __future__ import annotations

import bz2
import io
import logging
import pickle
import re
from pathlib import Path

from assistant.privacy.package_data import package_file, read_once, read_pinned

log = logging.getLogger(__name__)

PACKAGE = "drug_named_entity_recognition"
FILE = "drug_ner_dictionary.pkl.bz2"
FILE_SHA256 = "ec10a1c7b633fc4bae8d0eecff053892c0e37f49e18eaf59c8a1e9f40fc80d9d"
"""SHA-256 of the dictionary in drug-named-entity-recognition==2.0.9."""

_WORD = re.compile(r"[a-z]{3,}")

UK_PRODUCTS = frozenset((
    # emollients and skin
    "epaderm", "diprobase", "doublebase", "oilatum", "aveeno", "cetraben", "hydromol", "zerobase", "zeroderm",
    "dermol", "aquamax", "balneum", "emollin", "epimax", "cerave", "metanium", "bepanthen", "canesten", "daktarin",
    # babies, teething, rehydration, laxatives
    "dioralyte", "infacol", "dentinox", "colief", "bonjela", "anbesol", "medised", "movicol", "laxido", "senokot",
    "dulcolax", "snufflebabe", "karvol",
    # inhalers, rescue medicines, ADHD, opioid reversal
    "clenil", "easyhaler", "symbicort", "flutiform", "buccolam", "epistatus", "medikinet", "xaggitin", "delmosart",
    "xenidate", "prenoxad",
    # feeds and formula
    "nutrini", "peptamen", "paediasure", "fortini", "fortisip", "neocate", "nutramigen", "aptamil", "kendamil",
    "infatrini",
    # over the counter
    "piriteze", "benadryl", "sudafed", "lemsip", "beechams", "strepsils", "olbas", "hedrin", "nytol", "kalms",
))
"""Medicines, feeds and pharmacy products UK notes name that the dictionary lacks ("Epaderm and Hydrocortisone
prescribed", "PEG feeds: Nutrini and Peptamen"): the project's own list, kept by hand, lower case."""


class _OnlyContainers(pickle.Unpickler):
    """An unpickler that refuses every class: the dictionary holds only dicts, lists, sets and strings."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"the medicines dictionary may not hold {module}.{name}")


def dictionary_file() -> Path | None:
    """The installed dictionary file, or None when the package is not installed (found without importing it)."""
    return package_file(PACKAGE, FILE)


@read_once
def medicine_words() -> frozenset[str]:
    """Lower-case single-word names of medicines ("melatonin", "sertraline", "calpol"), with ``UK_PRODUCTS``; only
    those when the package is missing or its file is not the expected one (logged, with the reason). Read once per
    process: sessions asking at the same moment wait for the one read (half a second of CPU) rather than each doing
    it."""
    path = dictionary_file()
    data = read_pinned(path, FILE_SHA256, "The medicines list", PACKAGE, "medicine names may be redacted as names", log)
    if data is None:
        return UK_PRODUCTS
    try:
        variants = _OnlyContainers(bz2.BZ2File(io.BytesIO(data))).load()["drug_variant_to_canonical"]
    except (pickle.UnpicklingError, KeyError, TypeError, OSError, EOFError) as exc:
        log.error("The medicines list %s could not be read (%s); not used.", path, type(exc).__name__)
        return UK_PRODUCTS
    return UK_PRODUCTS | frozenset(word for word in variants if isinstance(word, str) and _WORD.fullmatch(word))

