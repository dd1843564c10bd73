"""A package's data file is read only when it is the pinned one; a missing or changed file is logged and not used;
each list is read once per process (``read_once``)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time

import pytest

from assistant.privacy.package_data import package_file, read_once, read_pinned

log = logging.getLogger("test-package-data")


def test_the_pinned_file_is_read(tmp_path):
    path = tmp_path / "names.txt"
    path.write_bytes(b"Alfie\nKian\n")
    assert read_pinned(path, hashlib.sha256(b"Alfie\nKian\n").hexdigest(), "The list", "pkg", "fewer", log) \
        == b"Alfie\nKian\n"


def test_a_changed_file_is_not_used_and_the_log_says_which(tmp_path, caplog):
    path = tmp_path / "names.txt"
    path.write_bytes(b"changed")
    with caplog.at_level(logging.ERROR, logger=log.name):
        assert read_pinned(path, hashlib.sha256(b"original").hexdigest(), "The list", "pkg", "fewer", log) is None
    assert "not the expected file" in caplog.text and str(path) in caplog.text


def test_a_missing_file_is_not_used_and_the_log_says_what_is_lost(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger=log.name):
        assert read_pinned(tmp_path / "absent", "0" * 64, "The list", "pkg", "fewer names are known", log) is None
        assert read_pinned(None, "0" * 64, "The list", "pkg", "fewer names are known", log) is None
    assert "The list (pkg) is not installed; fewer names are known." in caplog.text


def test_a_package_not_installed_has_no_file():
    assert package_file("no_such_package_here", "data/x.json") is None
    assert package_file("faker", "py.typed") is not None


def test_read_once_reads_once_for_callers_at_the_same_moment_and_again_after_cache_clear():
    reads = []

    @read_once
    def words() -> frozenset[str]:
        """The words."""
        reads.append(1)
        time.sleep(0.1)
        return frozenset({"kian"})

    got: list[frozenset[str]] = []
    threads = [threading.Thread(target=lambda: got.append(words())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and got == [frozenset({"kian"})] * 8
    assert words.__doc__ == "The words." and words.__name__ == "words"
    words.cache_clear()
    assert words() == frozenset({"kian"}) and len(reads) == 2


def test_read_once_tries_again_after_a_read_that_raised():
    outcomes = [OSError("disk"), frozenset({"mia"})]

    @read_once
    def words() -> frozenset[str]:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with pytest.raises(OSError, match="disk"):
        words()
    assert words() == frozenset({"mia"}) and words() == frozenset({"mia"}) and outcomes == []
