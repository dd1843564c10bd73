"""Governing the policy library: who may change it, removal that archives, and each document's record."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from assistant.config import load_settings
from assistant.errors import LibraryError
from assistant.search.library import REGISTER, archive_policy_file, archived, listing, read_register
from assistant.search.policies import read_policies
from assistant.search.uploads import add_policy_file

STEP_DOWN = "step-down-and-repeat-plans.md"
WHEN = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("env, allowed", [
    ({}, True),  # a laptop: the practitioner's own copy
    ({"ASSISTANT_SHARED_SERVER": "true"}, False),
    ({"ASSISTANT_SHARED_SERVER": "true", "ASSISTANT_LIBRARY_EDITABLE": "true"}, True),
    ({"ASSISTANT_LIBRARY_EDITABLE": "false"}, False),
])
def test_who_may_change_the_library_follows_the_settings(monkeypatch, env, allowed):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_settings().may_change_library is allowed


def test_where_changes_are_off_adding_and_removing_are_refused_naming_who_may(knowledge_dir, monkeypatch):
    monkeypatch.setenv("ASSISTANT_SHARED_SERVER", "true")
    monkeypatch.setenv("ASSISTANT_LIBRARY_CONTACT", "the QA team (qa@council.example)")
    settings = load_settings()
    before = sorted(p.name for p in knowledge_dir.iterdir())
    with pytest.raises(LibraryError, match=r"Adding policy documents is switched off here: .* only by the QA team"):
        add_policy_file(settings, "escalation.md", b"# Escalation\n\nDisputes go to the Head of Service.")
    with pytest.raises(LibraryError, match=r"Removing policy documents is switched off here: .* only by the QA team"):
        archive_policy_file(settings, STEP_DOWN)
    assert sorted(p.name for p in knowledge_dir.iterdir()) == before


def test_removing_moves_the_file_to_the_archive_and_records_it(settings):
    original = (settings.knowledge_dir / STEP_DOWN).read_bytes()
    target = archive_policy_file(settings, STEP_DOWN, when=WHEN)
    assert not (settings.knowledge_dir / STEP_DOWN).exists()
    assert target == settings.knowledge_dir / ".archive" / f"20261202T093000Z-{STEP_DOWN}"
    assert target.read_bytes() == original
    (entry,) = archived(settings)
    assert (entry.source, entry.path, entry.sha256) == (STEP_DOWN, target.name, hashlib.sha256(original).hexdigest())
    # the archive is never read as policy
    assert [d.source for d in read_policies(settings).documents] == ["long-plans-over-2-years.md"]


def test_the_same_name_archived_twice_keeps_both(settings):
    first = archive_policy_file(settings, STEP_DOWN, when=WHEN)
    (settings.knowledge_dir / STEP_DOWN).write_text("# Step-down v2\n\nNew text.\n")
    second = archive_policy_file(settings, STEP_DOWN, when=WHEN.replace(minute=31))
    assert first.exists() and second.exists() and first != second
    assert len(archived(settings)) == 2


def test_an_archive_folder_can_be_set(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LIBRARY_ARCHIVE_DIR", str(tmp_path / "kept"))
    target = archive_policy_file(load_settings(), STEP_DOWN, when=WHEN)
    assert target.parent == tmp_path / "kept" and target.exists()


@pytest.mark.parametrize("source", ["../outside.md", "missing.md", ".library.json", "/etc/passwd", ""])
def test_only_a_document_in_the_folder_can_be_removed(settings, tmp_path, source):
    (tmp_path / "outside.md").write_text("# Not policy\n")
    with pytest.raises(LibraryError, match="is not a document in the knowledge folder"):
        archive_policy_file(settings, source)
    assert (tmp_path / "outside.md").exists()


def test_listing_gives_title_version_sha_and_when_added(settings):
    add_policy_file(settings, "escalation.md", b"---\nversion: v3\n---\n# Escalation protocol\n\nDisputes go to the "
                                               b"Head of Service within five working days.\n")
    documents = read_policies(settings).documents
    rows = {row.source: row for row in listing(settings, documents)}
    added = rows["escalation.md"]
    assert added.title == "Escalation protocol" and added.version == "v3"
    assert added.sha256 == hashlib.sha256((settings.knowledge_dir / "escalation.md").read_bytes()).hexdigest()
    assert added.added == read_register(settings).added["escalation.md"].astimezone().strftime("%Y-%m-%d %H:%M")
    assert rows[STEP_DOWN].added.startswith("not recorded (file dated 20")


def test_a_damaged_register_is_an_error_and_is_never_overwritten(settings):
    damaged = b"{not json"
    (settings.knowledge_dir / REGISTER).write_bytes(damaged)
    with pytest.raises(LibraryError, match=r"\.library\.json cannot be read"):
        archive_policy_file(settings, STEP_DOWN, when=WHEN)
    assert (settings.knowledge_dir / REGISTER).read_bytes() == damaged
    assert (settings.knowledge_dir / STEP_DOWN).exists() and not (settings.knowledge_dir / ".archive").exists()
    # an upload still succeeds (only its date goes unrecorded), and the listing falls back to file dates
    add_policy_file(settings, "escalation.md", b"# Escalation\n\nDisputes go to the Head of Service.\n")
    assert (settings.knowledge_dir / REGISTER).read_bytes() == damaged
    rows = listing(settings, read_policies(settings).documents)
    assert all(row.added.startswith("not recorded") for row in rows)
