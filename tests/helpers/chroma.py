"""A real Chroma server (``chroma run``, from the installed chromadb) on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from helpers.appserver import free_port
from helpers.support import stop_process


@contextmanager
def running_chroma(base: Path):
    """Yield ``(port, pid)`` of a Chroma server keeping its data under ``base``; stopped afterwards."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        raise RuntimeError(f"the chroma executable is not next to the interpreter: {chroma}")
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = open(base / "server.log", "wb")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(base / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}:\n"
                                   f"{(base / 'server.log').read_text()[-3000:]}")
            try:
                with no_proxy.open(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chroma run did not answer its heartbeat within 60 s:\n"
                                   f"{(base / 'server.log').read_text()[-3000:]}")
            time.sleep(0.25)
        yield port, proc.pid
    finally:
        stop_process(proc, timeout=15)
        log.close()
