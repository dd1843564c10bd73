"""Run the real app (`streamlit run app.py`) on a free loopback port for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.ui import keys
from assistant.ui.scroll import css_class
from helpers.support import ROOT, cli_env, copy_knowledge, stop_process

CHROMIUM = Path("/usr/bin/chromium")
NOTHING_STALE = "() => document.querySelector('[data-stale=\"true\"]') === null"
"""For ``page.wait_for_function``: the run has ended. While a run draws a page, Streamlit can still show
elements of the run before in the places new ones will take (stale, or "retained" widgets). It does not say
the page is all mounted: find a question's widgets by ``question``, never by their place on the page."""


@dataclass(frozen=True)
class Question:
    """The part of the page drawn for one question of a walk-through step (Playwright locators, sync or async)."""

    note: Any
    """Its evidence-note box."""
    status: Any
    """Its radio group ("How well is this evidenced?")."""


def question(page, item_id: str) -> Question:
    """Question ``item_id`` of the step on screen, found by the keys the app draws its widgets with.

    Never "the first box named 'Your evidence note'": while a step mounts, its boxes do not appear in the page's
    order. Seen in the 20-session test in a working copy: just after the step's Next button was drawn and nothing
    was stale, the page held no note box yet, and the first box to appear was the third question's; the note typed
    into "the first box" went into it (two fresh-clone CI runs failed so, with the fourth and fifth questions)."""
    return Question(
        note=page.locator(f".{css_class(keys.item_note(item_id))}").get_by_role("textbox", name="Your evidence note"),
        status=page.locator(f".{css_class(keys.item_status(item_id))}").get_by_role("radiogroup"))


FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


@dataclass(frozen=True)
class App:
    url: str
    pid: int
    netguard_record: Path
    """Outbound connection attempts by the server (the socket guard's record): must stay empty."""


@contextmanager
def running_app(base: Path, extra_knowledge: dict[str, str] | None = None, server_args: tuple[str, ...] = (),
                settings: dict[str, object] | None = None, port: int | None = None):
    """The app serving a copy of knowledge/ (plus ``extra_knowledge`` files), index built, with the
    socket guard installed in the server process; ``server_args`` are more ``streamlit run`` options and
    ``settings`` more ASSISTANT_* settings (``{"pathways_dir": folder}`` sets ASSISTANT_PATHWAYS_DIR)."""
    from helpers.netguard import subprocess_env

    knowledge = copy_knowledge(base / "knowledge")
    for name, text in (extra_knowledge or {}).items():
        (knowledge / name).write_text(text, encoding="utf-8")
    env, record = subprocess_env(cli_env(knowledge_dir=knowledge, data_dir=base / "data", **(settings or {})), base)
    subprocess.run([sys.executable, "-m", "assistant", "index", "--quiet"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *server_args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield App(url, proc.pid, record)
    finally:
        stop_process(proc)
