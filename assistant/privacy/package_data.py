"""Data files read from installed packages (given names, medicines, towns), each checked against a SHA-256 pinned in
the module that reads it, as the models' weights are. Found without importing the package; a file that is missing or
differs is not used, and the log says which. Each list is read once per process (``read_once``)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class read_once(Generic[T]):
    """A function of no arguments whose value is computed once per process: sessions asking at the same moment wait
    for the one read (under a lock) rather than each doing it, and later calls take no lock. A read that raises is
    tried again on the next call. ``cache_clear()`` forgets the value (for tests)."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._value: T | None = None
        self._done = False
        functools.update_wrapper(self, read)

    def __call__(self) -> T:
        if not self._done:
            with self._lock:
                if not self._done:
                    self._value = self._read()
                    self._done = True
        return cast(T, self._value)

    def cache_clear(self) -> None:
        with self._lock:
            self._value, self._done = None, False


def package_file(package: str, file: str) -> Path | None:
    """The installed package's data file, or None when the package is not installed (found without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / file


def read_pinned(path: Path | None, sha256: str, what: str, package: str, without: str,
                log: logging.Logger) -> bytes | None:
    """The file's bytes when its SHA-256 is ``sha256``; else None, with a warning when it is missing ("``what``
    (``package``) is not installed; ``without``.") or an error when it differs."""
    if path is None or not path.is_file():
        log.warning("%s (%s) is not installed; %s.", what, package, without)
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        log.error("%s %s is not the expected file (SHA-256 %s…, expected %s…); not used.", what, path, digest[:12],
                  sha256[:12])
        return None
    return data
