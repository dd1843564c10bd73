"""A real PostgreSQL server for tests: Debian's ``postgresql`` binaries, a new cluster in a temporary
folder, on a free loopback port, started with ``pg_ctl`` as a user that is not root (``nobody`` when the
tests run as root, since PostgreSQL refuses to run as root), stopped afterwards. Skipped, with the reason,
where the binaries are not installed (``make test`` installs them as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers.appserver import free_port


def binaries_folder() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_postgres_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def running_postgres(base: Path):
    """Yield the SQLAlchemy URL of a new, empty PostgreSQL server (database ``postgres``, user ``assistant``)."""
    binaries = binaries_folder()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (as root: apt-get install postgresql; `make test` does this)")
    # as root, the cluster goes in a folder of its own under /tmp that ``nobody`` can reach (pytest's
    # temporary folders are private to root)
    home = Path(tempfile.mkdtemp(prefix="assistant-pg-")) if os.geteuid() == 0 else base
    data = home / "pgdata"
    data.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(home, "nobody")
        shutil.chown(data, "nobody")
        os.chmod(data, 0o700)
    port = free_port()
    subprocess.run(_as_postgres_user([str(binaries / "initdb"), "-D", str(data), "-U", "assistant", "-A", "trust",
                                      "-E", "UTF8", "--no-locale", "--no-instructions"]),
                   check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                                      "-l", str(data / "server.log"), "start"]),
                   check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://assistant@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, timeout=120)
        if home != base:
            shutil.rmtree(home, ignore_errors=True)
