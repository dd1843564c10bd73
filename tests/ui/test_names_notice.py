"""The identifier check in the app, with and without the name model: a bare name in an evidence note is
flagged; where the model is missing, the note is checked by the rules alone and the page says so."""

from __future__ import annotations

from datetime import date

from helpers.apptest import click, run
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.privacy import names_model
from assistant.ui import keys

NOTE = "Collected Chantelle from nursery with the nursery manager; she was settled."


def walk_with_note(reference: str) -> AppTest:
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.radio(key=keys.START_PATHWAY).set_value("step-down")
    at.text_input(key=keys.START_REFERENCE).input(reference)
    at.date_input(key=keys.start_date("start")).set_value(date(2026, 10, 1))
    at.date_input(key=keys.start_date("conference")).set_value(date(2027, 1, 5))
    click(run(at), keys.START_GO)
    at.text_area(key=keys.item_note("sd-initial-concern")).input(NOTE)
    return run(at)


def test_a_bare_name_in_a_note_is_flagged(folders):
    at = walk_with_note("LL-990001")
    assert any("This may contain personal details (a name)" in w.value for w in at.warning)
    assert not any("checked by rules alone" in c.value for c in at.caption)


def test_without_the_model_the_page_says_names_are_checked_by_rules_alone(folders, monkeypatch):
    monkeypatch.setattr(names_model, "model_dir", lambda: None)
    monkeypatch.setattr(names_model, "_LOADER", names_model._Loader())
    at = walk_with_note("LL-990002")
    assert not any("personal details" in w.value for w in at.warning)  # the rules miss a bare name
    notice = [c.value for c in at.caption if "checked by rules alone" in c.value]
    assert notice and "is not installed" in notice[0]
