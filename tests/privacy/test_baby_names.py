"""US baby names widen the given-names list: read from the pinned file only, refused when it differs, and never
an English word."""

from __future__ import annotations

import hashlib
import logging

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from assistant.privacy import baby_names
from assistant.privacy.identifiers import detect


@pytest.fixture
def fresh_list():
    baby_names.baby_names.cache_clear()
    yield
    baby_names.baby_names.cache_clear()


def test_the_installed_file_is_the_pinned_one_and_holds_names_faker_lacks():
    path = baby_names.data_file()
    assert path is not None and path.is_file()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == baby_names.FILE_SHA256
    names = baby_names.baby_names()
    assert {"Freddie", "Maisie", "Reggie", "Lexi", "Esme"} <= names
    assert not {"Hunter", "Royal", "Chance", "Boston", "Justice"} & names  # English words and places stay words
    assert 5_000 < len(names) < 20_000


def _names_file(tmp_path, rows):
    path = tmp_path / "babynames.parquet"
    pq.write_table(pa.table({"year": [r[0] for r in rows], "sex": ["F"] * len(rows), "name": [r[1] for r in rows],
                             "n": [r[2] for r in rows], "prop": [0.0] * len(rows)}), path)
    return path


def test_a_changed_file_is_not_used_and_the_reason_is_logged(tmp_path, monkeypatch, caplog, fresh_list):
    changed = _names_file(tmp_path, [(2000.0, "Kayden", 5000)])
    monkeypatch.setattr(baby_names, "data_file", lambda: changed)
    with caplog.at_level(logging.ERROR, logger=baby_names.__name__):
        assert baby_names.baby_names() == frozenset()
    assert "not the expected file" in caplog.text


def test_only_names_given_often_since_1960_and_no_english_words(tmp_path, monkeypatch, fresh_list):
    rows = [(2000.0, "Zuleika", 600), (2001.0, "Zuleika", 600),  # 1,200 since 1960: kept
            (1950.0, "Ethelred", 5000),  # before 1960 only
            (2005.0, "Rarename", 20),  # too few
            (2005.0, "Hunter", 90000)]  # an English word
    path = _names_file(tmp_path, rows)
    monkeypatch.setattr(baby_names, "data_file", lambda: path)
    monkeypatch.setattr(baby_names, "FILE_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    assert baby_names.baby_names() == frozenset({"Zuleika"})


def test_a_missing_package_leaves_the_list_empty(monkeypatch, fresh_list):
    monkeypatch.setattr(baby_names, "data_file", lambda: None)
    assert baby_names.baby_names() == frozenset()


@pytest.mark.parametrize("text, expected", [
    ("rang lexi x2, no answer.", ["lexi"]),  # on no Faker list
    ("saw him outside Greggs with kian and an older lad.", ["kian"]),
    ("rushed: deshawn excluded again, mum at work.", ["deshawn"]),
    ("The bus stop is 2 miles away.", []),  # "Miles" is a name; "miles" is not
])
def test_names_faker_lacks_are_found_in_lower_case(text, expected):
    assert [f.text for f in detect(text) if f.type == "name"] == expected
