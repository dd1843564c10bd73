"""Medicine names: read from the pinned dictionary file only, refused when it differs, and never taken for a
person where the model alone would have."""

from __future__ import annotations

import bz2
import collections
import hashlib
import logging
import pickle

import pytest

from assistant.privacy import medicines
from assistant.privacy.identifiers import detect


@pytest.fixture
def fresh_list():
    medicines.medicine_words.cache_clear()
    yield
    medicines.medicine_words.cache_clear()


def names(text: str) -> list[str]:
    return [f.text for f in detect(text) if f.type == "name"]


def test_the_installed_dictionary_is_the_pinned_one_and_holds_medicines():
    path = medicines.dictionary_file()
    assert path is not None and path.is_file()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == medicines.FILE_SHA256
    words = medicines.medicine_words()
    assert {"melatonin", "sertraline", "calpol", "methadone", "epaderm"} <= words
    assert all(w.isalpha() and w.islower() for w in words) and len(words) > 20_000


def test_a_changed_file_is_not_used_and_the_reason_is_logged(tmp_path, monkeypatch, caplog, fresh_list):
    changed = tmp_path / medicines.FILE
    changed.write_bytes(bz2.compress(pickle.dumps({"drug_variant_to_canonical": {"jordan": "x"}})))
    monkeypatch.setattr(medicines, "dictionary_file", lambda: changed)
    with caplog.at_level(logging.ERROR, logger=medicines.__name__):
        assert medicines.medicine_words() == medicines.UK_PRODUCTS
    assert "not the expected file" in caplog.text


def test_a_missing_package_leaves_only_the_projects_own_list(monkeypatch, fresh_list):
    monkeypatch.setattr(medicines, "dictionary_file", lambda: None)
    assert medicines.medicine_words() == medicines.UK_PRODUCTS


def test_the_unpickler_builds_no_objects(tmp_path, monkeypatch, caplog, fresh_list):
    """Even a file with the pinned hash could not run code: only Python's containers are built."""
    evil = tmp_path / medicines.FILE
    evil.write_bytes(bz2.compress(pickle.dumps({"drug_variant_to_canonical": collections.OrderedDict(x="y")})))
    monkeypatch.setattr(medicines, "dictionary_file", lambda: evil)
    monkeypatch.setattr(medicines, "FILE_SHA256", hashlib.sha256(evil.read_bytes()).hexdigest())
    with caplog.at_level(logging.ERROR, logger=medicines.__name__):
        assert medicines.medicine_words() == medicines.UK_PRODUCTS
    assert "could not be read (UnpicklingError)" in caplog.text


@pytest.mark.parametrize("text, expected", [
    ("Paediatrician Dr Oyelaran: Ezra has FASD, Melatonin for sleep.", ["Oyelaran", "Ezra"]),
    ("Faduma presented at A&E after taking 12 Sertraline.", ["Faduma"]),
    # a brand name that is also a given name stays a name where the rules find it in the note
    ("Tobi told me he was fine at school.", ["Tobi"]),
    # after a possessive, or listed with another medicine, even where the rules would take it for a person
    ("Kacey gets mum's Sertraline and Baclofen from Superdrug pharmacy.", ["Kacey"]),
    # UK products the dictionary lacks (the project's own list)
    ("Amir (2) has eczema; Epaderm and Hydrocortisone prescribed.", ["Amir"]),
    ("Khadija's PEG feeds: Nutrini and Peptamen from Nutricia.", ["Khadija"]),
    ("Lola has D&V. Dioralyte in the house.", ["Lola"]),
])
def test_medicines_are_not_people(text, expected):
    assert names(text) == expected


def test_sessions_asking_at_once_read_the_list_once(monkeypatch, fresh_list):
    import threading
    import time

    reads = []
    real = medicines.dictionary_file

    def slow():
        reads.append(1)
        time.sleep(0.2)
        return real()

    monkeypatch.setattr(medicines, "dictionary_file", slow)
    threads = [threading.Thread(target=medicines.medicine_words) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and "melatonin" in medicines.medicine_words()


def test_the_projects_own_products_are_lower_case_words_and_no_names():
    from assistant.privacy.given_names import given_names, surnames

    assert all(w.isalpha() and w.islower() for w in medicines.UK_PRODUCTS)
    assert not [w for w in medicines.UK_PRODUCTS if w.capitalize() in given_names() | surnames()]
