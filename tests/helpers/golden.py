"""Golden files: compare an export with the reviewed copy in tests/golden/.

Run with UPDATE_GOLDEN=1 to write the current output as the new golden file (then review the
diff in git before committing it).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def check_golden(name: str, actual: str) -> None:
    """Fail with a unified diff if ``actual`` differs from tests/golden/``name``."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"No golden file {path}: run with UPDATE_GOLDEN=1 to create it, then review it.")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual", n=2))
        pytest.fail(f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n{diff[:6000]}")
