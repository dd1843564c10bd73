"""The app's Streamlit settings (.streamlit/config.toml), as Streamlit itself reads them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from helpers.support import ROOT, cli_env


def effective(env_extra: dict[str, str] | None = None) -> dict[str, str]:
    """`streamlit config show` run from the project folder: option name -> value as printed."""
    env = {k: v for k, v in cli_env().items() if not k.startswith("STREAMLIT_")}
    env.update(env_extra or {})
    out = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    section, options = "", {}
    for line in out.splitlines():
        if m := re.match(r"^\[(\w+)\]$", line):
            section = m[1]
        elif m := re.match(r"^(\w+) = (.*)$", line):
            options[f"{section}.{m[1]}"] = m[2]
    return options


@pytest.fixture(scope="module")
def options() -> dict[str, str]:
    return effective()


def test_offline_and_loopback_by_default(options):
    assert options["browser.gatherUsageStats"] == "false"
    assert options["server.address"] == '"127.0.0.1"'
    assert options["server.headless"] == "true"


def test_a_dropped_tab_keeps_its_unsaved_answers_for_a_working_day(options):
    """Streamlit's default keeps a disconnected session 2 minutes; a laptop closed between visits
    came back to an empty session (tests/system/test_browser.py shows both ways)."""
    assert int(options["server.disconnectedSessionTTL"]) >= 8 * 3600


def test_the_session_ttl_can_be_overridden_from_the_environment():
    assert effective({"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "600"})["server.disconnectedSessionTTL"] == "600"


def test_uploads_are_capped_at_the_real_limit_not_streamlits_200_mb(options):
    from assistant.config import Settings

    assert options["server.maxUploadSize"] == "20"
    assert Settings.model_fields["max_file_mb"].default == 20.0

