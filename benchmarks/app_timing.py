"""App timings (a benchmark, not a test): cold start to first page, and a rerun after answering.

1. Cold start: from launching `python -m streamlit run app.py` (index already built) to the
   Start page drawn in headless Chromium: server process start -> health check answers -> page
   loaded -> "Start a new checklist" visible. Fresh server process each time; median of N.
2. First question: a fresh server, the Start page open for 10 s, then a question in "Ask the
   policy"; Enter -> first passage drawn. With ASSISTANT_WARM_UP on (the default) and off,
   servers alternating, median of N each; and, on the same servers, "Next" clicked in the first
   seconds after opening (while the model loads in the background when warm-up is on).
3. Rerun after answering a step, two ways:
   - server side: the app script's rerun time in streamlit.testing's AppTest after setting an
     item's status and note (what the server spends; no network, no drawing), p50/p95 of 40;
   - in the browser: click "Next" on a walked step until the next step's heading is visible
     (server rerun + websocket + drawing), median of N, 15 s after opening the app (warm-up done).

Every "drawn" time is read in the page: a MutationObserver (``WATCH``, installed before the page loads) notes
the wall-clock moment the awaited text first appears in the page, and the benchmark subtracts the moment it
launched the server or pressed the key. Playwright's own waiting is used only to know when to read that moment:
it polls, and on 2026-12-04 it saw the first question's passages about 400 ms after they were in the page
(833 ms against 422 ms in one run), so figures measured before then with it are high by up to that much.

Run from the project root (needs /usr/bin/chromium; `make test` installs it as root):

    PYTHONPATH=. .venv/bin/python benchmarks/app_timing.py [--runs 5]
    PYTHONPATH=. .venv/bin/python benchmarks/app_timing.py --runs 4 --against ../other-checkout  # first question only
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


WATCH = """
(() => {
  window.__drawn = {};
  const watching = [];
  const check = () => {
    for (const w of watching) {
      if (w.key in window.__drawn) continue;
      for (const el of document.querySelectorAll(w.selector)) {
        if (el.textContent.includes(w.text)) { window.__drawn[w.key] = Date.now(); break; }
      }
    }
  };
  window.__watch = (key, selector, text) => {
    delete window.__drawn[key];
    for (let i = watching.length - 1; i >= 0; i--) if (watching[i].key === key) watching.splice(i, 1);
    watching.push({key, selector, text});
    check();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true});
  window.__watch("start", "h1, h2, h3, h4, h5, h6, p", "Start a new checklist");
})();
"""
"""Notes (``Date.now()``, wall-clock ms) when each watched text first appears in an element matching its
selector; ``window.__watch(key, selector, text)`` starts watching anew."""


def new_page(browser):
    page = browser.new_page()
    page.add_init_script(WATCH)
    page.set_default_timeout(120_000)
    return page


def watch(page, key: str, selector: str, text: str) -> None:
    """Start watching for ``text`` (call before the action that should draw it)."""
    page.evaluate("([key, selector, text]) => window.__watch(key, selector, text)", [key, selector, text])


def drawn(page, key: str, since: float) -> float:
    """Seconds from ``since`` (``time.time()``) to the moment the watched text appeared (waits for it)."""
    page.wait_for_function("key => key in window.__drawn", arg=key)
    return page.evaluate("key => window.__drawn[key]", key) / 1000 - since


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    shutil.copytree(ROOT / "knowledge", base / "knowledge")
    env.update(ASSISTANT_KNOWLEDGE_DIR=str(base / "knowledge"), ASSISTANT_DATA_DIR=str(base / "data"),
               PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "assistant", "index", "--quiet"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str, float]:
    """The server process, its address, and when it was launched (``time.time()``)."""
    port = free_port()
    began = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url, began
        except OSError:
            time.sleep(0.05)


def cold_starts(browser, env: dict[str, str], runs: int) -> list[tuple[float, float]]:
    """(seconds to health, seconds to Start page visible) per fresh server."""
    out = []
    for _ in range(runs):
        proc, url, began = start_server(env)
        healthy = time.time() - began
        page = new_page(browser)
        page.goto(url)
        out.append((healthy, drawn(page, "start", began)))
        page.close()
        proc.terminate()
        proc.wait()
    return out


_REFERENCES = itertools.count(1000)


def browser_next(browser, env: dict[str, str], runs: int, settle: float = 0.0) -> list[float]:
    """Seconds from "Next" clicked to the next step drawn; ``settle`` seconds after opening first."""
    proc, url, _ = start_server(env)
    page = new_page(browser)
    page.goto(url)
    page.wait_for_timeout(settle * 1000)
    page.get_by_text("Start a new checklist").wait_for()  # the Start page drawn, as the browser tests wait
    reference = f"LL-{next(_REFERENCES)}"  # a new case each time: the app will not start over an existing draft
    page.get_by_role("textbox", name="Case reference").fill(reference)
    page.get_by_role("textbox", name="Case reference").press("Tab")
    page.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()  # as tests/system/test_browser.py
    page.keyboard.type("31082026")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Start the checklist").click()
    page.get_by_role("heading", name="Triangulating the evidence").wait_for()
    times = []
    for _ in range(runs):
        page.locator("[data-testid='stMain']").get_by_role("radiogroup").first.get_by_text(
            "Evidenced", exact=True).click()
        page.wait_for_timeout(300)
        watch(page, "next", "h1, h2, h3, h4, h5, h6", "Strengths that amount to safety")
        began = time.time()
        page.get_by_role("button", name="Next").click()
        times.append(drawn(page, "next", began))
        page.get_by_role("button", name="Back").click()
        page.get_by_role("heading", name="Triangulating the evidence").wait_for()
    proc.terminate()
    proc.wait()
    return times


THINK_SECONDS = 10
"""How long the user looks at the Start page before asking a question (typing it, say)."""


def first_question(browser, env: dict[str, str], warm_up: bool) -> float:
    """Fresh server: open the app, wait THINK_SECONDS, ask a question; seconds from Enter to the
    first passage drawn. With warm-up off, the embedding model loads during this question."""
    proc, url, _ = start_server({**env, "ASSISTANT_WARM_UP": "true" if warm_up else "false"})
    page = new_page(browser)
    page.goto(url)
    page.get_by_text("Start a new checklist").wait_for()
    page.wait_for_timeout(THINK_SECONDS * 1000)
    page.locator("section[data-testid='stSidebar']").get_by_text("Ask the policy").click()
    box = page.get_by_placeholder("Ask about the local child protection policy")
    box.fill("How long before the review does the service manager record the step down on Liquid Logic?")
    watch(page, "answer", "p", "From the indexed policies, word for word")
    began = time.time()
    box.press("Enter")
    took = drawn(page, "answer", began)
    page.close()
    proc.terminate()
    proc.wait()
    return took


def server_reruns(env: dict[str, str], runs: int) -> list[float]:
    os.environ.update({k: v for k, v in env.items() if k.startswith("ASSISTANT_")})
    os.environ["ASSISTANT_WARM_UP"] = "false"  # the script's own time, not a model loading beside it
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.text_input(key="start:reference").input("LL-2000")
    at.date_input(key="start:start").set_value(date(2026, 8, 31))
    at.button(key="start:go").click().run()
    times = []
    for n in range(runs):
        status = ("evidenced", "partly_evidenced")[n % 2]
        at.radio(key="item:sd-initial-concern:status").set_value(status)
        at.text_area(key="item:sd-initial-concern:note").input(f"Note {n}")
        began = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - began)
        assert not at.exception, at.exception
    return times


NOTE = ("Visited the home with the health visitor. Mum said things are calmer since the core group; the "
        "children were at school. Spoke to the DSL by phone: attendance is up and the children are settled. "
        "Dad was not present. The kitchen was clean and there was food in the fridge. Next visit agreed for "
        "Tuesday after school, and the family support worker will call in on Friday to go through the routine.")


def note_reruns(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Rerun time with three 400-character evidence notes on the step, each checked for identifiers on
    every rerun: with the name model, and with the rules alone (the model made unavailable), alternating."""
    os.environ.update({k: v for k, v in env.items() if k.startswith("ASSISTANT_")})
    os.environ["ASSISTANT_WARM_UP"] = "false"
    from streamlit.testing.v1 import AppTest

    from assistant.privacy import names_model

    with_model = names_model._LOADER
    without = names_model._Loader()
    without._tried, without.problem = True, "switched off for this measurement"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.text_input(key="start:reference").input("LL-2001")
    at.date_input(key="start:start").set_value(date(2026, 8, 31))
    at.button(key="start:go").click().run()
    notes = [a.key for a in at.text_area if str(a.key).endswith(":note")][:3]
    for n, key in enumerate(notes):
        at.text_area(key=key).input(f"{NOTE} ({n})")
    at.run()
    times: dict[str, list[float]] = {"rules + model": [], "rules alone": []}
    for n in range(runs):
        for label, loader in (("rules + model", with_model), ("rules alone", without)):
            names_model._LOADER = loader
            at.radio(key="item:sd-initial-concern:status").set_value(("evidenced", "partly_evidenced")[n % 2])
            began = time.perf_counter()
            at.run()
            times[label].append(time.perf_counter() - began)
            assert not at.exception, at.exception
    names_model._LOADER = with_model
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def first_questions_against(other: Path, runs: int) -> None:
    """The first question (warm-up on) on this checkout and on ``other`` (another checkout of the project, run
    with this Python), fresh servers alternating, so the two are measured side by side in one run."""
    global ROOT
    from playwright.sync_api import sync_playwright

    roots = [ROOT, other.resolve()]
    envs, times = {}, {root: [] for root in roots}
    with tempfile.TemporaryDirectory() as tmp:
        for n, root in enumerate(roots):
            ROOT = root
            envs[root] = prepare(Path(tmp) / str(n))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for n in range(runs):
                for root in (roots if n % 2 == 0 else roots[::-1]):
                    ROOT = root
                    times[root].append(first_question(browser, envs[root], True))
            browser.close()
    ROOT = roots[0]
    for root in roots:
        print(f"first question {THINK_SECONDS} s after opening, warm-up on, {root}: median "
              f"{ms(statistics.median(times[root]))} ({', '.join(ms(t) for t in times[root])})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="only the first question, alternating with another checkout of the project")
    args = parser.parse_args()
    if args.against:
        first_questions_against(args.against, args.runs)
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            cold = cold_starts(browser, env, args.runs)
            nexts = browser_next(browser, env, args.runs, settle=15)
            firsts: dict[bool, list[float]] = {True: [], False: []}
            early_nexts: dict[bool, list[float]] = {True: [], False: []}
            for n in range(args.runs):  # alternating, so a busy spell falls on both alike
                for warm in ((True, False) if n % 2 == 0 else (False, True)):
                    firsts[warm].append(first_question(browser, env, warm))
                    early_nexts[warm] += browser_next(browser, {**env, "ASSISTANT_WARM_UP": str(warm).lower()}, 3)
            browser.close()
        reruns = server_reruns(env, 40)
    health = statistics.median(h for h, _ in cold)
    first = statistics.median(f for _, f in cold)
    p95 = sorted(reruns)[int(0.95 * len(reruns)) - 1]
    print(f"cold start, process launch -> health check: median {ms(health)} ({args.runs} runs: "
          f"{', '.join(ms(h) for h, _ in cold)})")
    print(f"cold start, process launch -> Start page drawn in Chromium: median {ms(first)} "
          f"({', '.join(ms(f) for _, f in cold)})")
    print(f"rerun after answering (server script, AppTest): p50 {ms(statistics.median(reruns))}, p95 {ms(p95)} "
          f"({len(reruns)} reruns)")
    with_notes = note_reruns(env, 20)
    for label, values in with_notes.items():
        print(f"rerun with three 400-character notes, {label}: p50 {ms(statistics.median(values))}, "
              f"p95 {ms(sorted(values)[int(0.95 * len(values)) - 1])} ({len(values)} reruns)")
    print(f"'Next' clicked 15 s after opening -> next step drawn in Chromium: median {ms(statistics.median(nexts))} "
          f"({', '.join(ms(t) for t in nexts)})")
    for warm in (True, False):
        print(f"first question {THINK_SECONDS} s after opening the app, Enter -> passages drawn, warm-up "
              f"{'on (default)' if warm else 'off'}: median {ms(statistics.median(firsts[warm]))} "
              f"({', '.join(ms(t) for t in firsts[warm])})")
    for warm in (True, False):
        print(f"'Next' in the first seconds after opening (3 clicks per fresh server), warm-up "
              f"{'on (default)' if warm else 'off'}: median {ms(statistics.median(early_nexts[warm]))} "
              f"({len(early_nexts[warm])} clicks)")


if __name__ == "__main__":
    main()
