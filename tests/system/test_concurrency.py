"""Twenty sessions at once on one app server: walk-throughs and searches in parallel, in real
browser sessions on loopback; no errors, and no session ever sees another's case data.

(streamlit.testing's AppTest cannot be used for this: its instances share one mock runtime and
break each other when run in threads.)
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from pathlib import Path

import pytest
from helpers.appserver import CHROMIUM, FLAGS, NOTHING_STALE, cpu_seconds, question, running_app

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]
SESSIONS = 20
FIRST_ITEM = "sd-initial-concern"
QUESTIONS = [
    "When must the service manager record the step-down on Liquid Logic?",
    "What happens at the 15 month review conference?",
    "What should the CP chair confirm before the review meeting?",
    "When is a Legal Planning Meeting needed?",
]


async def timed(timings: list[float], action, wait) -> None:
    began = time.perf_counter()
    await action()
    await wait()
    timings.append(time.perf_counter() - began)


def saved_note(folder: Path, reference: str) -> str:
    """What the draft store holds for the case's first answer: tells a note never sent from one lost after."""
    found = list(folder.rglob(f"{reference}-*.json"))
    if not found:
        return "no draft file"
    answers = json.loads(found[0].read_text(encoding="utf-8")).get("answers", {})
    return f"the draft file holds {answers!r}"


async def drawn(page) -> None:
    """Wait for the run to end (the step's Next button drawn and nothing stale) before typing (``NOTHING_STALE``)."""
    await page.get_by_role("button", name="Next").wait_for()
    await page.wait_for_function(NOTHING_STALE)


async def one_session(browser, url: str, n: int, folder: Path) -> dict:
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(120_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    timings: list[float] = []
    reference, note = f"LL-{n:06d}", f"Session {n} own note"
    await page.goto(url)
    await page.get_by_text("Start a new checklist").wait_for()
    await page.get_by_role("textbox", name="Case reference").fill(reference)
    await page.get_by_role("textbox", name="Case reference").press("Tab")
    await timed(timings, lambda: page.get_by_role("button", name="Start the checklist").click(),
                lambda: page.get_by_role("heading", name="Triangulating the evidence").wait_for())
    await drawn(page)
    box = question(page, FIRST_ITEM).note
    await box.fill(note)
    await box.press("Tab")
    await timed(timings, lambda: page.get_by_role("button", name="Next").click(),
                lambda: page.get_by_role("heading", name="Strengths that amount to safety").wait_for())
    await timed(timings, lambda: page.get_by_role("button", name="Back").click(),
                lambda: page.get_by_role("heading", name="Triangulating the evidence").wait_for())
    from playwright.async_api import expect

    note_box = question(page, FIRST_ITEM).note
    try:  # the page redraws element by element: wait for the note to come back
        await expect(note_box).to_have_value(note, timeout=60_000)
    except AssertionError as exc:  # say whether the note reached the saved draft: box or store
        raise AssertionError(f"session {n}: the box is empty after Next and Back; {saved_note(folder, reference)}"
                             ) from exc
    finally:
        kept = await note_box.input_value()
    sidebar = page.locator("[data-testid='stSidebar']")
    await sidebar.get_by_text("Ask the policy").click()
    chat = page.get_by_placeholder("Ask about the local child protection policy")
    await chat.fill(QUESTIONS[n % len(QUESTIONS)])
    await timed(timings, lambda: chat.press("Enter"),
                lambda: page.get_by_text("From the indexed policies", exact=False).or_(
                    page.get_by_text("don't cover this", exact=False)).first.wait_for())
    chat_text = await page.locator("[data-testid='stMainBlockContainer']").inner_text()
    await sidebar.get_by_text("Check your answers").click()
    await page.get_by_role("heading", name="Check your answers").wait_for()
    await page.get_by_text(note).first.wait_for()
    review_text = await page.locator("[data-testid='stMain']").inner_text()
    await context.close()
    return {"n": n, "errors": errors, "kept": kept, "chat": chat_text, "review": review_text, "timings": timings}


async def run_sessions(url: str, folder: Path) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            await one_session(browser, url, SESSIONS, folder)  # warm-up: the first question loads the model (~7 s)
            return await asyncio.gather(*(one_session(browser, url, n, folder) for n in range(SESSIONS)))
        finally:
            await browser.close()


def test_twenty_sessions_at_once_stay_separate(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (as root: apt-get install chromium; `make test` does this)")
    pytest.importorskip("playwright.async_api")
    with running_app(tmp_path) as app:
        results = asyncio.run(run_sessions(app.url, tmp_path))
        server_cpu = cpu_seconds(app.pid)
    assert app.netguard_record.read_text() == ""
    for r in results:
        n = r["n"]
        assert r["errors"] == [], (n, r["errors"])
        assert r["kept"] == f"Session {n} own note"
        assert QUESTIONS[n % len(QUESTIONS)] in r["chat"]
        others = [f"Session {m} own note" for m in range(SESSIONS) if m != n]
        leaked = [o for o in others if o in r["review"] or o in r["chat"]]
        assert leaked == [], f"session {n} saw {leaked}"
        for other_question in set(QUESTIONS) - {QUESTIONS[n % len(QUESTIONS)]}:
            assert other_question not in r["chat"]
    timings = sorted(t for r in results for t in r["timings"])
    p95 = timings[max(0, int(0.95 * len(timings)) - 1)]
    print(f"\n{SESSIONS} browser sessions, {len(timings)} timed actions: p50 "
          f"{statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms; "
          f"(after a warm-up session); the app server used {server_cpu:.1f} CPU-s in all, on "
          f"{os.cpu_count()} cores shared with the {SESSIONS} browsers")
