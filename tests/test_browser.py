"""End to end in a real browser: `streamlit run app.py` on loopback, driven by Playwright in Chromium.

Walks the step-down pathway, asks the policy a question and downloads the DOCX. Screenshots go to
``screenshots/`` (git-ignored). Chromium comes from Debian (``make test`` installs it as root);
without it the test is skipped with the reason.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, cli_env, copy_knowledge

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    env = cli_env(knowledge_dir=copy_knowledge(base / "knowledge"), data_dir=base / "data")
    subprocess.run([sys.executable, "-m", "assistant", "index", "--quiet"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (as root: apt-get install chromium; `make test` does this)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    url, _ = server
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_text("Start a new checklist").wait_for()
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_walk_a_pathway_and_download_the_docx(page, server, tmp_path):
    from docx import Document

    _, base = server
    main = page.locator("[data-testid='stMain']")
    assert "never replaces" in main.inner_text()
    shot(page, "01-start")
    page.get_by_role("textbox", name="Case reference").fill("LL-424242")
    page.get_by_role("textbox", name="Case reference").press("Tab")
    page.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()  # dd/mm/yyyy, typed by keyboard
    page.keyboard.type("31082026")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Start the checklist").click()
    page.get_by_role("heading", name="Triangulating the evidence").wait_for()
    assert "such decisions must be fully evidenced through triangulation" in main.inner_text()
    first = main.get_by_role("radiogroup").first
    first.get_by_text("Evidenced", exact=True).click()
    note = page.get_by_role("textbox", name="Your evidence note").first
    note.fill("School and GP agree – “no new marks” (LL-424242)")
    note.press("Tab")
    page.wait_for_timeout(500)
    shot(page, "02-walk-through")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="Strengths that amount to safety").wait_for()
    page.get_by_role("button", name="Back").click()
    page.get_by_role("heading", name="Triangulating the evidence").wait_for()
    assert page.get_by_role("textbox", name="Your evidence note").first.input_value().startswith("School and GP agree")

    page.locator("section[data-testid='stSidebar']").get_by_text("Check your answers").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    assert "not ready for manager sign-off" in main.inner_text()
    shot(page, "03-check-your-answers")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download Word (DOCX)").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "LL-424242-step-down.docx"
    text = "\n".join(p.text for p in Document(target).paragraphs)
    assert "School and GP agree – “no new marks” (LL-424242)" in text
    assert "not ready for manager sign-off" in text
    assert not (base / "data" / "drafts").exists()  # nothing saved until the user asks


def test_ask_the_policy_in_the_chat(page):
    page.locator("section[data-testid='stSidebar']").get_by_text("Ask the policy").click()
    box = page.get_by_placeholder("Ask about the local child protection policy")
    box.fill("When must the service manager record the step-down on Liquid Logic?")
    box.press("Enter")
    page.get_by_text("Role of the Service Manager").first.wait_for()
    assert "48 hours" in page.locator("body").inner_text()
    shot(page, "04-ask-the-policy")
