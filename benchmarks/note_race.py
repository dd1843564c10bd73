"""How often a walk-through note comes back empty after Next and Back, with many browsers at once.

Each of N concurrent Chromium sessions (plus one warm-up) starts a step-down checklist, types a note
on the first step, presses Tab, Next and then Back, and checks the note is on screen again within 30 s.
A session that fails is then taken to "Check your answers" to tell whether the draft lost the note or
only the screen did. After each round every session's saved draft file is read: a note on screen but
not in the file is a save cut short (docs/reliability.md, "A run cut short while saving"). Prints one
line per round and the total. A measurement, not a test.

    make browser && PYTHONPATH=. .venv/bin/python benchmarks/note_race.py --sessions 20 --rounds 3

docs/decisions/0014-one-script-not-st-navigation.md records what it measured.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.appserver import CHROMIUM, FLAGS, running_app  # noqa: E402


async def one_session(browser, url: str, n: int) -> tuple[bool, bool | None]:
    """(note shown again, draft still had it: None when the note was shown)."""
    from playwright.async_api import expect

    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(120_000)
    note = f"Session {n} own note"
    try:
        await page.goto(url)
        await page.get_by_text("Start a new checklist").wait_for()
        await page.get_by_role("textbox", name="Case reference").fill(f"LL-{n:06d}")
        await page.get_by_role("textbox", name="Case reference").press("Tab")
        await page.get_by_role("button", name="Start the checklist").click()
        await page.get_by_role("heading", name="Triangulating the evidence").wait_for()
        box = page.get_by_role("textbox", name="Your evidence note").first
        await box.fill(note)
        await box.press("Tab")
        await page.get_by_role("button", name="Next").click()
        await page.get_by_role("heading", name="Strengths that amount to safety").wait_for()
        await page.get_by_role("button", name="Back").click()
        await page.get_by_role("heading", name="Triangulating the evidence").wait_for()
        try:
            await expect(page.get_by_role("textbox", name="Your evidence note").first).to_have_value(
                note, timeout=30_000)
            return True, None
        except AssertionError:
            await page.locator("[data-testid='stSidebar']").get_by_text("Check your answers").click()
            await page.get_by_role("heading", name="Check your answers").wait_for()
            await page.wait_for_timeout(2000)
            return False, note in await page.locator("[data-testid='stMain']").inner_text()
    finally:
        await context.close()


def note_in_file(base: Path, n: int) -> bool:
    """Whether session ``n``'s saved draft file holds its note."""
    from assistant.casework.drafts import load_draft

    path = base / "data" / "drafts" / f"LL-{n:06d}-step-down.json"
    answer = load_draft(path).answers.items.get("sd-initial-concern") if path.exists() else None
    return answer is not None and answer.note == f"Session {n} own note"


async def one_round(sessions: int) -> tuple[list[tuple[bool, bool | None]], int]:
    """Each session's (shown, kept), and how many saved files lack their note."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp, running_app(Path(tmp)) as app:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            try:
                await one_session(browser, app.url, sessions)  # warm-up: loads the model
                results = await asyncio.gather(*(one_session(browser, app.url, n) for n in range(sessions)))
            finally:
                await browser.close()
        await asyncio.sleep(2)  # the last runs finish
        return results, sum(1 for n in range(sessions) if not note_in_file(Path(tmp), n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run `make browser` first", file=sys.stderr)
        return 2
    lost_on_screen = lost_in_draft = lost_in_file = total = 0
    for round_number in range(1, args.rounds + 1):
        results, not_in_file = asyncio.run(one_round(args.sessions))
        screen = sum(1 for shown, _ in results if not shown)
        draft = sum(1 for shown, kept in results if not shown and not kept)
        print(f"round {round_number}: note empty on screen after Back in {screen} of {len(results)} sessions "
              f"(draft lost it in {draft}); saved file without the note in {not_in_file}", flush=True)
        lost_on_screen, lost_in_draft, total = lost_on_screen + screen, lost_in_draft + draft, total + len(results)
        lost_in_file += not_in_file
    print(f"total: {lost_on_screen} of {total} sessions showed an empty note after Back; "
          f"the draft lost it in {lost_in_draft}; the saved file lacked it in {lost_in_file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
