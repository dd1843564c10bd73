"""Shared by the browser tests: one headless Chromium per module (Debian's, not Playwright's download)."""

from __future__ import annotations

import pytest
from helpers.appserver import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (as root: apt-get install chromium; `make test` does this)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()
