"""A council's own pathway in a real browser, with no code change: `streamlit run app.py` over a pathways
folder holding the shipped pathways and the fixture's family-time pathway (``helpers.council``), walked in
Chromium from Start to a downloaded PDF. Screenshots go to ``screenshots/``."""

from __future__ import annotations

import io
import re

import pytest
from helpers.appserver import question, running_app
from helpers.council import FIXTURE, council_folders
from helpers.support import ROOT

SHOTS = ROOT / "screenshots"
TITLE = "Family time during a CP Plan (fictional test pathway)"

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser-council")
    pathways, _ = council_folders(base / "council")
    policy = (FIXTURE / "knowledge" / "family-time-reviews.md").read_text(encoding="utf-8")
    with running_app(base, {"family-time-reviews.md": policy}, settings={"pathways_dir": pathways}) as app:
        yield app.url, base


def test_walk_the_councils_own_pathway_and_download_the_pdf(browser, server, tmp_path):
    from playwright.sync_api import expect
    from pypdf import PdfReader

    url, base = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(url)
        page.get_by_text("Start a new checklist").wait_for()
        page.get_by_text(TITLE).click()
        page.get_by_role("textbox", name="Case reference").fill("LL-616161")
        page.get_by_role("textbox", name="Case reference").press("Tab")
        page.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()  # dd/mm/yyyy, typed by keyboard
        page.keyboard.type("01092026")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Start the checklist").click()
        page.get_by_role("heading", name="Planning family time").wait_for()
        main = page.locator("[data-testid='stMain']")
        # the council's policy is quoted beside its question, and its deadline rule works
        main.get_by_text("must agree a written family time plan with the parents within 10 working days").first \
            .wait_for()
        sidebar = page.locator("section[data-testid='stSidebar']")
        expect(sidebar).to_contain_text(re.compile("first review", re.IGNORECASE))
        expect(sidebar).to_contain_text("1 December 2026")
        plan = question(main, "ft-written-plan")
        plan.status.get_by_text("Evidenced", exact=True).click()
        note = plan.note
        note.fill("Plan agreed with both parents on 8 September (LL-616161)")
        note.press("Tab")
        page.wait_for_timeout(500)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "council-01-walk-through.png"), full_page=True)
        page.get_by_role("button", name="Next").click()
        page.get_by_role("heading", name="Reviewing family time").wait_for()
        main.get_by_text("seek the child's views on family time").first.wait_for()
        sidebar.get_by_text("Check your answers").click()
        page.get_by_role("heading", name="Check your answers").wait_for()
        page.get_by_role("button", name="Download PDF").wait_for()
        page.screenshot(path=str(SHOTS / "council-02-check-your-answers.png"), full_page=True)
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download PDF").click()
        download = download_info.value
        assert download.suggested_filename == "LL-616161-family-time.pdf"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
        assert TITLE in text
        assert "Plan agreed with both parents on 8 September (LL-616161)" in text
        assert "Has a written family time plan been agreed with the parents" in text
        assert "family-time-reviews.md" in text
    finally:
        context.close()
