"""Moving between walk-through steps in a real browser (`streamlit run app.py`, Chromium via Playwright).

After Next, Back or a "Change" link the step opens at its heading (Streamlit keeps the scroll position,
so without help it opened where Next was pressed: at the foot); a policy passage opened on one step is
closed on the next; and typing into the step being left, in the moment before the next one arrives, is
never silently lost (the step being left takes no input). Without assistant/ui/scroll.py and the
step's own container all three fail.
"""

from __future__ import annotations

import pytest
from helpers.appserver import NOTHING_STALE, question, running_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
FIRST, SECOND, MANAGERS = ("Triangulating the evidence", "Strengths that amount to safety",
                        "Team manager and service manager oversight")
LAST_ITEM = "sd-recent-decision"  # the first step's last question


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("browser-navigation")) as app:
        yield app.url


def open_walkthrough(browser, url: str, viewport: dict, reference: str):
    """A new tab at the first step of a new step-down checklist, all of it drawn."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_text("Start a new checklist").wait_for()
    page.get_by_role("textbox", name="Case reference").fill(reference)
    page.get_by_role("button", name="Start the checklist").click()
    page.get_by_role("heading", name=FIRST).wait_for()
    settle(page)
    return context, page


def settle(page) -> None:
    """Wait for the run to end: the step's last element (Next) is drawn and nothing is stale."""
    page.get_by_role("button", name="Next").wait_for()
    page.wait_for_function(NOTHING_STALE)
    page.wait_for_timeout(300)


def heading_box(page, title: str) -> dict:
    box = page.get_by_role("heading", name=title).bounding_box()
    assert box is not None
    return box


def assert_at_the_top(page, title: str) -> None:
    """The step's heading is in the viewport, near its top and below the app's fixed header."""
    page.wait_for_function(
        """(title) => {
            const h = [...document.querySelectorAll('h3')].find(e => e.textContent.includes(title));
            if (!h) return false;
            const r = h.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
        }""", arg=title, timeout=15_000)
    settle(page)  # and it is still there once everything is drawn
    box, height = heading_box(page, title), page.viewport_size["height"]
    header = page.locator("[data-testid='stHeader']").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    assert box["y"] < height / 4, f"{title} is in view but not at the top: {box}"
    assert header is None or box["y"] >= header["y"] + header["height"] - 1, f"{title} is under the header"


@pytest.mark.parametrize("viewport, reference", [(DESKTOP, "LL-700001"), (PHONE, "LL-700011")],
                         ids=["desktop", "phone"])
def test_next_and_back_open_the_step_at_its_heading(browser, server, viewport, reference):
    context, page = open_walkthrough(browser, server, viewport, reference)
    try:
        page.get_by_role("button", name="Next").scroll_into_view_if_needed()
        assert heading_box(page, FIRST)["y"] < 0  # a long step: at its foot, its heading is far above
        page.get_by_role("button", name="Next").click()
        page.get_by_role("heading", name=SECOND).wait_for()
        assert_at_the_top(page, SECOND)

        page.get_by_role("button", name="Back").scroll_into_view_if_needed()
        assert heading_box(page, SECOND)["y"] < 0
        page.get_by_role("button", name="Back").click()
        page.get_by_role("heading", name=FIRST).wait_for()
        assert_at_the_top(page, FIRST)
    finally:
        context.close()


def test_a_change_link_opens_the_step_at_its_heading(browser, server):
    context, page = open_walkthrough(browser, server, DESKTOP, "LL-700002")
    try:
        page.locator("section[data-testid='stSidebar']").get_by_text("Check your answers").click()
        page.get_by_role("heading", name="Check your answers").wait_for()
        # an item of the sixth step (Streamlit also draws a hidden copy of a button, to measure it)
        change = page.locator(".st-key-change-sd-tm-triangulate button:visible")
        change.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        change.click()
        # until the run ends, the page left may still show the step's name as a heading of its own (stale)
        page.get_by_role("heading", name=MANAGERS).first.wait_for()
        settle(page)
        assert_at_the_top(page, MANAGERS)
        page.get_by_role("button", name="Return to Check your answers").click()
        page.get_by_role("heading", name="Check your answers").wait_for()
    finally:
        context.close()


def test_a_passage_opened_on_one_step_is_closed_on_the_next(browser, server):
    context, page = open_walkthrough(browser, server, DESKTOP, "LL-700003")
    main = page.locator("[data-testid='stMain']")
    try:
        main.get_by_text("Whole policy passage").first.click()
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] details[open]') !== null")
        page.get_by_role("button", name="Next").click()
        page.get_by_role("heading", name=SECOND).wait_for()
        settle(page)
        states = main.locator("details").evaluate_all("all => all.map(d => d.open)")
        assert states and not any(states), states  # the next step's passages, all closed
    finally:
        context.close()


ATTEMPTS = 5


def test_typing_as_the_next_step_comes_is_never_silently_lost(browser, server):
    """Type a note, press Next and at once click back into the note and carry on typing (the step
    being left is on screen for a moment yet). Either that typing is refused (the box no longer takes
    input) or it is kept in the draft; what must not happen is the box taking it and the draft not.
    On a fast machine the next step can come before the test clicks back: it tries again (a fresh
    checklist each time), and says so by skipping if the moment never comes."""
    for attempt in range(ATTEMPTS):
        context, page = open_walkthrough(browser, server, DESKTOP, f"LL-7001{attempt:02d}")
        main = page.locator("[data-testid='stMain']")
        note = question(main, LAST_ITEM).note  # the one beside Next
        note.click()
        page.keyboard.type("Seen at school.")
        box = note.element_handle()
        page.get_by_role("button", name="Next").click()
        where = box.bounding_box()
        if where is not None:
            page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
            before = box.evaluate("el => ({on_page: el.isConnected, focused: document.activeElement === el})")
            if before["on_page"]:
                break
        context.close()
    else:
        pytest.skip(f"in {ATTEMPTS} tries the next step always came before the test could type into the old one")
    try:
        page.keyboard.type(" And at home.")
        after = box.evaluate("el => ({focused: document.activeElement === el, value: el.value})")
        taken = before["focused"] or after["focused"] or "And at home." in after["value"]

        page.get_by_role("heading", name=SECOND).wait_for()
        settle(page)
        page.get_by_role("button", name="Back").click()
        page.get_by_role("heading", name=FIRST).wait_for()
        settle(page)
        saved = question(main, LAST_ITEM).note.input_value()
        assert saved.startswith("Seen at school.")
        assert not taken or saved == "Seen at school. And at home.", (
            f"the box took the typing ({before}, {after}) but the draft kept {saved!r}")
    finally:
        context.close()
