"""benchmarks/server_parts.py finds and measures every part of the server layout (so the memory and cores
table in docs/deployment.md keeps measuring what it says): PostgreSQL, the Chroma server, nginx and the app
process, each with memory, the app's with its models loaded."""

from __future__ import annotations

import re
import sys

import pytest
from helpers.support import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_every_part_of_the_layout_is_measured(capsys):
    sys.path.insert(0, str(ROOT))
    from benchmarks.server_parts import main

    assert main(["--apps", "1", "--sessions", "2", "--rounds", "1", "--think", "0"]) == 0
    out = capsys.readouterr().out
    rows = {cells[0]: cells[1:] for line in out.splitlines() if line.startswith("| ") and "MiB" in line
            for cells in [[c.strip() for c in line.strip("|").split("|")]]}
    assert set(rows) == {"PostgreSQL", "Chroma server", "nginx", "app process 1"}
    idle = {part: int(re.fullmatch(r"(\d+) MiB", cells[0]).group(1)) for part, cells in rows.items()}
    assert all(mib > 0 for mib in idle.values()), idle
    assert idle["app process 1"] > 300, idle  # the embedding and name models are loaded
    assert float(rows["app process 1"][2]) > 0  # the load reached the app through nginx
    assert re.search(r"actions p50 \d+ ms, p95 \d+ ms", out)
