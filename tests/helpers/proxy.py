"""nginx in front of several app processes, as on a council's server: session affinity by a cookie (every
request of a browser goes to the same process, websockets included), and the next process when one is down.
Debian's nginx, on a free loopback port, in a folder of its own; skipped, with the reason, without nginx.

The configuration is the one docs/deployment.md shows (``CONFIG``); ``X-Upstream`` says which process
answered, for tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers.appserver import free_port
from helpers.support import stop_process

CONFIG = """
daemon off;
worker_processes 1;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {home}/temp/body; proxy_temp_path {home}/temp/proxy;
  fastcgi_temp_path {home}/temp/fastcgi; uwsgi_temp_path {home}/temp/uwsgi; scgi_temp_path {home}/temp/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # session affinity: a browser keeps the process its first request was sent to (Streamlit keeps each
  # session in one process's memory); a new browser gets a random one
  map $cookie_cpaffinity $affinity {{ "" $request_id; default $cookie_cpaffinity; }}
  upstream app {{
    hash $affinity consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout http_502 http_503;
      add_header Set-Cookie "cpaffinity=$affinity; Path=/; HttpOnly; SameSite=Lax" always;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


@contextmanager
def running_nginx(backends: list[int], port: int | None = None):
    """Yield the proxy's URL, in front of app processes on 127.0.0.1 at ``backends``, listening on ``port``
    (a free one if None; sign-in needs it before the apps start, for their redirect address)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (as root: apt-get install nginx-light; `make test` does this)")
    home = Path(tempfile.mkdtemp(prefix="assistant-nginx-"))
    (home / "temp").mkdir()
    os.chmod(home / "temp", 0o777)  # nginx's worker runs as nobody when started by root
    port = port or free_port()
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=60s;" for p in backends)
    conf = home / "nginx.conf"
    conf.write_text(CONFIG.format(home=home, port=port, servers=servers), encoding="utf-8")
    proc = subprocess.Popen([nginx, "-p", str(home), "-c", str(conf), "-e", str(home / "error.log")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {(home / 'error.log').read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)
        shutil.rmtree(home, ignore_errors=True)
