"""One case, two browsers, one server: nobody's work is silently undone (Playwright in Chromium).

- A social worker keeps a tab open while a team manager records a review in another browser; the
  social worker then changes a status: the saved draft keeps both (it used to lose the review).
- Two tabs change the same note: the second is told, by role, and nothing is overwritten; "Load the
  saved version" shows the other person's note.
- Starting a checklist whose case and pathway are already saved asks first, and "Start a separate
  draft" gets a file of its own.
"""

from __future__ import annotations

import pytest
from helpers.appserver import question, running_app

from assistant.casework.drafts import load_draft

pytestmark = [pytest.mark.browser, pytest.mark.integration]
FIRST_ITEM = "Go back to the worry that brought this family"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("two-hands")
    with running_app(base) as app:
        yield app.url, base


@pytest.fixture
def open_tab(browser, server):
    """A new browser (its own context: its own session) on the app's Start page."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(server[0])
        page.get_by_text("Start a new checklist").wait_for()
        return page

    yield make
    for context in contexts:
        context.close()


def draft_file(server, reference: str, suffix: str = ""):
    found = list(server[1].rglob(f"{reference}-step-down{suffix}.json"))
    assert len(found) == 1, found
    return found[0]


def start_checklist(page, reference: str) -> None:
    page.get_by_role("textbox", name="Case reference").fill(reference)
    page.get_by_role("textbox", name="Case reference").press("Tab")
    page.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()
    page.keyboard.type("31082026")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Start the checklist").click()


class FirstItem:
    """The first question of the first step: its status radio and its evidence note."""

    def __init__(self, page) -> None:
        main = page.locator("[data-testid='stMain']")
        main.get_by_text(FIRST_ITEM).first.wait_for()
        found = question(main, "sd-initial-concern")
        self.radio, self.note = found.status, found.note

    def status(self, label: str) -> None:
        self.radio.get_by_text(label, exact=True).click()


def first_item(page) -> FirstItem:
    return FirstItem(page)


def menu(page, area: str) -> None:
    page.locator("section[data-testid='stSidebar']").get_by_text(area, exact=True).click()


def wait_for_saved(path, check, tries: int = 60) -> None:
    import time

    for _ in range(tries):
        if check(load_draft(path)):
            return
        time.sleep(0.25)
    raise AssertionError(f"{path.name} never reached the expected state: {load_draft(path)}")


def choose_saved(page, reference: str) -> None:
    """Pick the draft in "Saved drafts on this computer" (typed into the box, as a keyboard user does)."""
    box = page.get_by_role("combobox", name="Saved drafts on this computer")
    box.click()
    page.keyboard.type(f"{reference}-step-down")
    page.keyboard.press("Enter")
    from playwright.sync_api import expect

    expect(box).to_have_value(f"{reference}-step-down")


def open_for_review(page, reference: str) -> None:
    menu(page, "Manager review")
    choose_saved(page, reference)
    page.get_by_role("button", name="Open for review").click()
    page.get_by_text("Your decision").wait_for()


def test_a_status_changed_in_a_stale_tab_keeps_the_managers_review(open_tab, server):
    worker = open_tab()
    start_checklist(worker, "LL-880001")
    worker.get_by_role("heading", name="Triangulating the evidence").wait_for()
    first_item(worker).status("Partly evidenced")
    path = draft_file(server, "LL-880001")
    wait_for_saved(path, lambda d: "sd-initial-concern" in d.answers.items)

    manager = open_tab()
    open_for_review(manager, "LL-880001")
    manager.get_by_role("textbox", name="Your overall rationale").fill("Chronology still needed.")
    manager.get_by_role("button", name="Record my review").click()
    manager.get_by_text("Review recorded as team manager").wait_for()
    wait_for_saved(path, lambda d: "team_manager" in d.reviews)

    # the social worker's tab still holds the version from before the review
    first_item(worker).status("Evidenced")
    wait_for_saved(path, lambda d: d.answers.items["sd-initial-concern"].status == "evidenced")
    saved = load_draft(path)
    assert saved.reviews["team_manager"].rationale == "Chronology still needed."
    assert [c.role for c in saved.history][-2:] == ["team_manager", "social_worker"]


def test_the_same_note_changed_in_two_tabs_is_refused_and_said_by_role(open_tab, server):
    one = open_tab()
    start_checklist(one, "LL-880002")
    one.get_by_role("heading", name="Triangulating the evidence").wait_for()
    path = draft_file(server, "LL-880002")

    two = open_tab()  # the same social worker on another computer resumes the draft
    choose_saved(two, "LL-880002")
    two.get_by_role("button", name="Resume this draft").click()
    two.get_by_role("heading", name="Triangulating the evidence").wait_for()

    note_one = first_item(one).note
    note_one.fill("Seen at home on 2 November: routines in place.")
    note_one.press("Tab")
    wait_for_saved(path, lambda d: "sd-initial-concern" in d.answers.items)
    before = path.read_bytes()

    note_two = first_item(two).note
    note_two.fill("School reports good attendance.")
    note_two.press("Tab")
    two.get_by_text("Your latest changes are not saved").wait_for()
    assert two.get_by_text("changed by the social worker").count() >= 1
    assert path.read_bytes() == before  # the refused write changed nothing

    two.get_by_role("button", name="Load the saved version").click()
    two.get_by_text("What you had, to make your changes again").wait_for()
    from playwright.sync_api import expect

    expect(first_item(two).note).to_have_value("Seen at home on 2 November: routines in place.")
    assert two.get_by_text("School reports good attendance.").count() >= 1  # what they typed is shown


def test_a_second_checklist_for_the_same_case_asks_and_never_overwrites(open_tab, server):
    first = open_tab()
    start_checklist(first, "LL-880003")
    first.get_by_role("heading", name="Triangulating the evidence").wait_for()
    path = draft_file(server, "LL-880003")
    before = path.read_bytes()

    again = open_tab()
    start_checklist(again, "LL-880003")
    again.get_by_text("is already saved on this computer").wait_for()
    again.get_by_role("button", name="Start a separate draft").click()
    again.get_by_role("heading", name="Triangulating the evidence").wait_for()
    assert path.read_bytes() == before
    assert load_draft(draft_file(server, "LL-880003", "-2")).case_reference == "LL-880003"
