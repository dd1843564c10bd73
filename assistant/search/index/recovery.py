"""Crash safety for the embedded index: the writers' lock, the "sync in progress" marker,
and moving an unreadable store aside.

The index is only ever derived from the knowledge folder. A sync writes the marker
``index.syncing`` into the data folder before it changes anything and removes it only when it
has finished; the next sync that finds it rebuilds the index from the knowledge folder. A store
that cannot be read at all (a corrupt ``chroma.sqlite3``) is moved aside to
``chroma.broken-<timestamp>`` and rebuilt.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import IndexUnavailable

SYNC_MARKER = "index.syncing"
"""In the data folder while a sync is changing the index; left behind by one that did not finish."""
LOCK_TIMEOUT: float = 600
"""Seconds to wait for another process's index update."""


def store_errors() -> tuple[type[BaseException], ...]:
    """What Chroma's embedded store raises when its files are damaged ("file is not a database" ...)."""
    import sqlite3

    from chromadb.errors import InternalError

    return (InternalError, sqlite3.DatabaseError)


def forget_shared_system(path: str, stop: bool = True) -> None:
    """Drop this process's shared Chroma system for ``path`` (so the store can be moved or re-opened).

    Chroma shares one "system" per path in a process; a broken one must not be reused.
    ``stop=False`` leaves the old connection working for whoever still holds it.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient
    except ImportError:  # pragma: no cover - another chromadb layout
        return
    system = SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)
    if system is not None and stop:
        try:
            system.stop()
        except Exception:
            pass


def move_aside(store: Path, location: str) -> str:
    """Rename the unreadable store folder to ``chroma.broken-<timestamp>``; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = store.with_name(f"chroma.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = store.with_name(f"chroma.broken-{stamp}-{n}")
    try:
        shutil.move(str(store), str(target))
    except OSError as exc:
        raise IndexUnavailable(
            f"The index at {location} cannot be read and could not be moved aside ({exc}). "
            "Stop the app, delete that folder and run `python -m assistant index` again."
        ) from None
    return target.name


@contextmanager
def writer_lock(data_dir: Path, location: str) -> Iterator[None]:
    """Only one process writes the index at a time."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(data_dir / "index.lock"), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise IndexUnavailable(
            f"Another process has been updating the index at {location} for over "
            f"{int(LOCK_TIMEOUT // 60)} minutes. Wait for it to finish, or stop it and run "
            "`python -m assistant index` again."
        ) from None
    try:
        yield
    finally:
        lock.release()
