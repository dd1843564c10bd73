"""The headless load client of benchmarks/load.py (Streamlit's websocket protocol, nothing rendered) drives
a real app session: a page switch, a question answered from the index, and back (so the load figure in
docs/performance.md keeps measuring real work)."""

from __future__ import annotations

import asyncio
import sys

import pytest
from helpers.appserver import running_app
from helpers.support import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_one_headless_session_switches_page_and_gets_an_answer(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from load import load

    with running_app(tmp_path) as app:
        times = asyncio.run(load(app.url.removeprefix("http://"), sessions=2, rounds=1))
    assert len(times) == 6 and all(0 < t < 120 for t in times)
