"""The walk-through's navigation in AppTest: the way back to Check your answers after a "Change" link,
the draft's status in the sidebar, and the frame that opens a step at its heading (what that frame
does in a browser: tests/system/test_browser_navigation.py)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from helpers.apptest import click, run
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.casework.pathways import load_pathways
from assistant.ui import keys, resources, scroll

STEPS = load_pathways()["step-down"].steps
REFERENCES = (f"LL-2468{n:02d}" for n in itertools.count())
"""A case reference of its own for each test (a draft saved under one already would be offered instead)."""


@pytest.fixture
def reference() -> str:
    return next(REFERENCES)


@pytest.fixture
def app(folders, reference):
    """The walk-through of a new step-down checklist, at its first step."""
    return start(reference)


def start(reference: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.radio(key=keys.START_PATHWAY).set_value("step-down")
    at.text_input(key=keys.START_REFERENCE).input(reference)
    at.date_input(key=keys.start_date("start")).set_value(date(2026, 8, 31))
    at.button(key=keys.START_GO).click().run()
    assert not at.exception, at.exception
    assert at.session_state[keys.AREA] == "Walk-through"
    return at


def buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button]


def step_title(at: AppTest) -> str:
    return at.subheader[0].value


def sidebar_text(at: AppTest) -> str:
    kinds = ("caption", "markdown", "error", "success", "warning", "info", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at.sidebar, kind))


def frames(at: AppTest) -> list[str]:
    """The documents of the scroll frames drawn in this run."""
    return [e.proto.srcdoc for e in at.main.children.values() if e.type == "iframe"]


# -- Return to Check your answers ---------------------------------------------------------------------
def test_after_a_change_link_the_step_offers_the_way_back_to_check_your_answers(app):
    assert keys.NAV_RETURN not in buttons(app)  # not without a "Change" link
    app.session_state[keys.RETURN_TO_CHECK] = True  # as the "Change" link on Check your answers sets it
    app.session_state[keys.STEP] = STEPS[2].id
    run(app)
    assert step_title(app) == STEPS[2].title
    assert app.button(key=keys.NAV_RETURN).label == "Return to Check your answers"
    assert {keys.NAV_BACK, keys.NAV_NEXT} <= set(buttons(app))  # beside Back and Next
    click(app, keys.NAV_NEXT)  # it stays on offer while the user moves through the steps
    assert step_title(app) == STEPS[3].title
    assert keys.NAV_RETURN in buttons(app)
    click(app, keys.NAV_RETURN)
    assert app.session_state[keys.AREA] == "Check your answers"
    assert [h.value for h in app.header] == ["Check your answers"]
    assert keys.RETURN_TO_CHECK not in app.session_state  # used: not offered again
    app.sidebar.radio(key=keys.AREA).set_value("Walk-through")
    run(app)
    assert step_title(app) == STEPS[3].title
    assert keys.NAV_RETURN not in buttons(app)


def test_the_answer_typed_before_returning_is_kept(app):
    from assistant.casework.drafts import Draft

    item = STEPS[0].items[0].id
    app.session_state[keys.RETURN_TO_CHECK] = True
    run(app)
    app.text_area(key=keys.item_note(item)).input("Changed after checking")
    click(app, keys.NAV_RETURN)
    assert app.session_state[keys.AREA] == "Check your answers"
    held = Draft.model_validate(app.session_state[keys.DRAFT]["draft"])
    assert held.answers.items[item].note == "Changed after checking"


def test_on_the_last_step_check_your_answers_is_the_one_way_back(app):
    app.session_state[keys.RETURN_TO_CHECK] = True
    app.session_state[keys.STEP] = STEPS[-1].id
    run(app)
    assert keys.NAV_CHECK in buttons(app)
    assert keys.NAV_RETURN not in buttons(app)  # not two buttons that do the same thing
    click(app, keys.NAV_CHECK)
    assert app.session_state[keys.AREA] == "Check your answers"
    assert keys.RETURN_TO_CHECK not in app.session_state


# -- Draft status in the sidebar ----------------------------------------------------------------------
def test_a_draft_with_a_file_shows_no_path_and_no_save_button(app, folders, reference):
    path = folders.draft_folder / f"{reference}-step-down.json"
    # however the draft got its file (Start, or Save)
    app.session_state[keys.DRAFT] = {**app.session_state[keys.DRAFT], "path": str(path)}
    app.text_area(key=keys.item_note(STEPS[0].items[0].id)).input("Seen at school")
    run(app)
    shown = sidebar_text(app)
    assert "Saved on this computer. Every change is saved as you go." in shown
    assert str(folders.draft_folder) not in shown and ".json" not in shown
    assert keys.WALK_SAVE not in [b.key for b in app.sidebar.button]
    assert path.exists()  # saved as you go

    app.session_state[keys.AUTOSAVE_ERROR] = "The drafts folder is full."
    run(app)
    assert "Autosave failed: The drafts folder is full." in [e.value for e in app.sidebar.error]


def test_saving_from_the_sidebar_then_shows_the_saved_caption_without_the_path(app, folders):
    app.session_state[keys.DRAFT] = {**app.session_state[keys.DRAFT], "path": None}  # a draft without a file yet
    run(app)
    assert "Not saved yet" in sidebar_text(app)
    app.sidebar.button(key=keys.WALK_SAVE).click()
    run(app)
    shown = sidebar_text(app)
    assert "Saved on this computer. Every change is saved as you go." in shown
    assert str(folders.draft_folder) not in shown
    assert keys.WALK_SAVE not in [b.key for b in app.sidebar.button]


def test_on_a_shared_server_the_draft_is_a_download(folders, reference, monkeypatch):
    monkeypatch.setattr(resources, "settings", lambda: folders.model_copy(update={"shared_server": True}))
    app = start(reference)
    assert "download the draft to keep them" in sidebar_text(app)
    assert [b.label for b in app.sidebar.get("download_button")] == ["Save draft (download the file)"]
    assert str(folders.draft_folder) not in sidebar_text(app)


# -- Opening a step -----------------------------------------------------------------------------------
def test_each_step_opens_at_its_heading_once(app):
    """A frame that brings the heading into view is drawn on the run that opens a step (Start, Next,
    Back, coming from another page), and not when the step is redrawn after an answer."""
    block = scroll.css_class(keys.step_block(STEPS[0].id))
    [first] = frames(app)
    assert block in first
    app.radio(key=keys.item_status(STEPS[0].items[0].id)).set_value("evidenced")
    run(app)
    assert frames(app) == []
    click(app, keys.NAV_NEXT)
    [second] = frames(app)
    assert scroll.css_class(keys.step_block(STEPS[1].id)) in second and second != first
    run(app)
    assert frames(app) == []
    click(app, keys.NAV_BACK)
    [back] = frames(app)
    assert block in back and back != first  # a new frame each time, so its script runs again
    app.sidebar.radio(key=keys.AREA).set_value("Check your answers")
    run(app)
    app.sidebar.radio(key=keys.AREA).set_value("Walk-through")
    run(app)
    assert len(frames(app)) == 1  # back from another page, at the same step


def test_a_steps_questions_are_drawn_in_a_container_of_its_own(app):
    """So an opened policy passage is not carried over to the next step."""
    def block():
        [keyed] = [b for b in app.main.children.values() if b.type == "flex_container" and b.proto.id]
        return keyed

    first = block()
    assert first.proto.id.endswith(keys.step_block(STEPS[0].id))
    assert first.subheader[0].value == STEPS[0].title  # the heading the frame brings into view is in it
    assert first.text_area(key=keys.item_note(STEPS[0].items[0].id))
    click(app, keys.NAV_NEXT)
    second = block()
    assert second.proto.id.endswith(keys.step_block(STEPS[1].id)) and second.proto.id != first.proto.id
    assert second.subheader[0].value == STEPS[1].title


def test_the_frame_carries_no_user_text():
    html = scroll.frame_html("evidence", 7)
    assert "st-key-walk-step-evidence" in html and "<!-- 7 -->" in html
    assert scroll.css_class("nav:next") == "st-key-nav-next"
