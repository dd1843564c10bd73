"""Adding an uploaded policy document: checked before it is written, written atomically."""

from __future__ import annotations

import pytest
from helpers.support import make_docx, make_pdf

from assistant.errors import UploadError
from assistant.search.uploads import add_policy_file, safe_name


def test_a_good_document_is_added(settings):
    data = make_docx([("h1", "Escalation"), ("p", "Disputes go to the Head of Service within five working days.")])
    path = add_policy_file(settings, "Escalation protocol.docx", data)
    assert path == settings.knowledge_dir / "Escalation protocol.docx"
    assert path.read_bytes() == data


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.md", "passwd.md"),
    ("C:\\Users\\sw\\policy.md", "policy.md"),
    (".hidden.md", "hidden.md"),
    ("Policy <v2>;rm.md", "Policy _v2__rm.md"),
])
def test_names_lose_folders_and_odd_characters(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name, data, message", [
    ("policy.exe", b"MZ...", "'.exe' files are not supported"),
    ("policy", b"text", "'no extension' files are not supported"),
    ("empty.md", b"  \n", "empty.md was not added: the file is empty"),
    ("binary.md", b"\x00\x01\x02 binary", "binary.md was not added: it looks like a binary file"),
    ("locked.pdf", make_pdf(["Secret policy text"], user_password="pw"), "locked.pdf was not added"),
])
def test_bad_uploads_are_refused_and_nothing_is_written(settings, name, data, message):
    before = sorted(p.name for p in settings.knowledge_dir.iterdir())
    with pytest.raises(UploadError, match=message):
        add_policy_file(settings, name, data)
    assert sorted(p.name for p in settings.knowledge_dir.iterdir()) == before


def test_oversized_upload_is_refused(settings, monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1")
    from assistant.config import load_settings

    small = load_settings()
    with pytest.raises(UploadError, match=r"big.md: it is 1.5 MB, larger than the 1 MB limit"):
        add_policy_file(small, "big.md", b"# Policy\n\n" + b"x" * (1024 * 1024 + 512 * 1024 - 10))
    assert not (small.knowledge_dir / "big.md").exists()


def test_an_existing_document_is_replaced_only_when_asked(settings):
    name = "step-down-and-repeat-plans.md"
    original = (settings.knowledge_dir / name).read_bytes()
    with pytest.raises(UploadError, match="already in the knowledge folder"):
        add_policy_file(settings, name, b"# New\n\nnew text")
    assert (settings.knowledge_dir / name).read_bytes() == original
    add_policy_file(settings, name, b"# New\n\nnew text", replace=True)
    assert (settings.knowledge_dir / name).read_bytes() == b"# New\n\nnew text"
