"""A package's data file is read only when it is the pinned one; a missing or changed file is logged and not used."""

from __future__ import annotations

import hashlib
import logging

from assistant.privacy.package_data import package_file, read_pinned

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
