"""A local OpenID Connect provider for sign-in tests: ``oidc-provider-mock`` on a free loopback port, with
predefined users (their claims) signed in with one click on its authorise page; and the Streamlit secrets
file that points ``st.login`` at it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from helpers.appserver import free_port
from helpers.support import stop_process


@contextmanager
def running_provider(users: list[dict]):
    """Yield the provider's base URL; each of ``users`` is a claims dict with a ``sub``."""
    port = free_port()
    args = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read() if proc.stdout else ""
                    raise RuntimeError(f"the OpenID provider did not start: {output}") from None
                time.sleep(0.25)
        yield url
    finally:
        stop_process(proc)


def secrets_file(folder: Path, provider: str, app_port: int) -> Path:
    """Streamlit's ``[auth]`` secrets for an app reached at ``app_port`` (its own, or its proxy's) signing in at
    ``provider``."""
    path = folder / "secrets.toml"
    path.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "test-cookie-secret-0123456789abcdef"
client_id = "cp-pathways-test"
client_secret = "test-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    return path
