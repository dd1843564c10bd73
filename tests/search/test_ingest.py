"""Folder scan and chunking: provenance, sections never mixed, stable content ids,
and the policy wording carried into chunks verbatim."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from helpers.support import (
    KNOWLEDGE,
    LONG_PLANS,
    ROOT,
    SERVICE_MANAGER_SECTION,
    STEP_DOWN,
    body_of,
    clean_settings,
    cli_env,
)

from assistant.errors import UnreadableFile
from assistant.search.ingest import SECTION_SEPARATOR, chunk_document, load_chunks, scan_folder
from assistant.search.readers import ParsedDocument, Section, read_document

MB = 1024 * 1024


def chunks_of(folder):
    """Every file's chunks under the configured (default) chunking settings."""
    s = clean_settings()
    scan = scan_folder(folder, s.max_file_bytes, s.chunk_size, s.chunk_overlap)
    return {f.source: load_chunks(f, s.chunk_size, s.chunk_overlap)[1] for f in scan.files}


def norm(text: str) -> str:
    return " ".join(text.split())


# -- scanning --------------------------------------------------------------------------------------


def test_scan_lists_supported_files_with_relative_posix_names(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.md").write_text("# A\n\ntext\n")
    (tmp_path / "sub" / "deeper" / "b.TXT").write_text("b text\n")
    (tmp_path / ".hidden.md").write_text("# secret\n\nnot indexed\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.md").write_text("# git\n\nnot indexed\n")
    scan = scan_folder(tmp_path, 20 * MB, 700, 0)
    assert [f.source for f in scan.files] == ["a.md", "sub/deeper/b.TXT"]
    assert scan.skipped == []


def test_scan_reports_unsupported_and_oversized_files_by_name(tmp_path):
    (tmp_path / "ok.md").write_text("# OK\n\nfine\n")
    (tmp_path / "minutes.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    (tmp_path / "README").write_text("no suffix")
    (tmp_path / "huge.md").write_text("# Huge\n\n" + "word " * (3 * MB // 5))
    scan = scan_folder(tmp_path, 2 * MB, 700, 0)
    assert [f.source for f in scan.files] == ["ok.md"]
    reasons = {s.source: s.reason for s in scan.skipped}
    assert set(reasons) == {"minutes.xlsx", "README", "huge.md"}
    assert reasons["minutes.xlsx"] == "'.xlsx' files are not supported"
    assert reasons["README"] == "'README' files are not supported"
    assert re.fullmatch(r"it is 3\.0 MB, larger than the 2 MB limit", reasons["huge.md"])
    assert str(scan.skipped[0]).startswith(f"{scan.skipped[0].source}: skipped, ")


def test_scan_of_missing_folder_is_empty(tmp_path):
    scan = scan_folder(tmp_path / "nope", 20 * MB, 700, 0)
    assert scan.files == [] and scan.skipped == []


def test_stamp_follows_bytes_and_chunking_settings(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# A\n\nfirst\n")
    first = scan_folder(tmp_path, MB, 700, 0).files[0].stamp
    assert scan_folder(tmp_path, MB, 700, 0).files[0].stamp == first
    assert scan_folder(tmp_path, MB, 500, 0).files[0].stamp != first
    assert scan_folder(tmp_path, MB, 700, 50).files[0].stamp != first
    path.write_text("# A\n\nsecond\n")
    assert scan_folder(tmp_path, MB, 700, 0).files[0].stamp != first


def test_load_chunks_raises_for_unreadable_file(tmp_path):
    (tmp_path / "bad.txt").write_bytes("caf\u00e9".encode("latin-1"))
    file = scan_folder(tmp_path, MB, 700, 0).files[0]
    with pytest.raises(UnreadableFile, match="not UTF-8 text"):
        load_chunks(file, 700, 0)


# -- chunks and sections ------------------------------------------------------------------------------


def marker_document() -> ParsedDocument:
    """Three sections, each long and made of words that only it contains."""
    def words(tag, n):
        return " ".join(f"{tag}{i}" + ("." if i % 9 == 8 else "") for i in range(n))

    return ParsedDocument(
        "Marker policy",
        {"version": "3"},
        [
            Section(("Marker policy",), words("alpha", 120)),
            Section(("Marker policy", "Second part"), words("beta", 60) + "\n\n" + words("beta", 60)),
            Section(("Marker policy", "Second part", "Detail"), words("gamma", 150)),
        ],
    )


@pytest.mark.parametrize("chunk_size", [100, 250, 700])
def test_a_chunk_never_spans_two_sections(chunk_size):
    doc = marker_document()
    chunks = chunk_document(doc, "marker.md", "stamp", chunk_size)
    by_label = {
        "Marker policy": ("alpha", doc.sections[0].text),
        "Second part": ("beta", doc.sections[1].text),
        f"Second part{SECTION_SEPARATOR}Detail": ("gamma", doc.sections[2].text),
    }
    assert {c.section for c in chunks} == set(by_label)
    for chunk in chunks:
        tag, section_text = by_label[chunk.section]
        assert chunk.text in section_text
        assert set(re.findall(r"[a-z]+(?=\d)", chunk.text)) == {tag}
        assert len(chunk.text) <= chunk_size
    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert all(c.version == "3" and c.title == "Marker policy" and c.source == "marker.md" for c in chunks)


def test_chunk_metadata_carries_provenance():
    chunk = chunk_document(marker_document(), "dir/marker.md", "s1", 700)[0]
    assert chunk.metadata() == {
        "source": "dir/marker.md",
        "title": "Marker policy",
        "section": "Marker policy",
        "position": 0,
        "stamp": "s1",
        "version": "3",
    }


def test_section_label_joins_heading_path_without_repeating_the_title():
    doc = ParsedDocument("Doc title", {}, [
        Section((), "no heading"),
        Section(("Doc title",), "under title"),
        Section(("Doc title", "A", "B"), "deep"),
        Section(("Other top", "C"), "other"),
    ])
    labels = [c.section for c in chunk_document(doc, "d.md", "s", 700)]
    assert labels == ["Doc title", "Doc title", "A › B", "Other top › C"]


def test_real_service_manager_chunk_has_full_heading_path():
    chunks = chunks_of(KNOWLEDGE)[STEP_DOWN]
    service_manager = [c for c in chunks if c.section == SERVICE_MANAGER_SECTION]
    assert service_manager, sorted({c.section for c in chunks})
    joined = " ".join(c.text for c in service_manager)
    assert "recorded on Liquid Logic at least 48 hours prior to the meeting" in joined
    assert all(c.title.startswith("Stepping down a Child Protection Plan") for c in chunks)


@pytest.mark.parametrize("name", [STEP_DOWN, LONG_PLANS])
def test_real_chunks_are_verbatim_substrings_of_the_source(name):
    body = body_of(KNOWLEDGE / name)
    chunks = chunks_of(KNOWLEDGE)[name]
    assert chunks
    for chunk in chunks:
        assert chunk.text in body, chunk.text[:80]


@pytest.mark.parametrize("name", [STEP_DOWN, LONG_PLANS])
def test_real_chunks_keep_every_word_of_the_policy_in_order(name):
    body = body_of(KNOWLEDGE / name)
    without_headings = "\n".join(line for line in body.splitlines() if not re.match(r"#{1,6}\s", line))
    chunks = sorted(chunks_of(KNOWLEDGE)[name], key=lambda c: c.position)
    assert norm(" ".join(c.text for c in chunks)) == norm(without_headings)


def test_real_chunks_stay_within_their_section_text():
    for name, chunks in chunks_of(KNOWLEDGE).items():
        path = KNOWLEDGE / name
        doc = read_document(path, path.read_bytes())
        from assistant.search.ingest import section_label

        sections: dict[str, list[str]] = {}
        for s in doc.sections:
            sections.setdefault(section_label(doc, s.headings), []).append(s.text)
        for chunk in chunks:
            assert any(chunk.text in text for text in sections[chunk.section]), (name, chunk.section)


# -- ids ----------------------------------------------------------------------------------------------


def test_chunk_ids_are_stable_and_unique_within_a_run():
    first = chunks_of(KNOWLEDGE)
    second = chunks_of(KNOWLEDGE)
    for name in first:
        ids = [c.id for c in first[name]]
        assert ids == [c.id for c in second[name]]
        assert len(set(ids)) == len(ids)
        assert all(re.fullmatch(r"[0-9a-f]{32}", cid) for cid in ids)


def test_chunk_ids_are_stable_across_processes():
    s = clean_settings()
    code = (
        "import json, sys; from pathlib import Path; from assistant.search.ingest import scan_folder, load_chunks;"
        f"scan = scan_folder(Path(sys.argv[1]), {s.max_file_bytes}, {s.chunk_size}, {s.chunk_overlap});"
        f"print(json.dumps({{f.source: [c.id for c in load_chunks(f, {s.chunk_size}, {s.chunk_overlap})[1]]"
        " for f in scan.files}))"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(KNOWLEDGE)], cwd=ROOT, capture_output=True, text=True,
                       env={**cli_env(), "PYTHONHASHSEED": seed}, timeout=120, check=True)
        for seed in ("1", "2")
    ]
    here = {name: [c.id for c in chunks] for name, chunks in chunks_of(KNOWLEDGE).items()}
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout) == here


def test_editing_a_paragraph_changes_only_its_chunk_ids(tmp_path):
    shutil.copytree(KNOWLEDGE, tmp_path / "k")
    before = chunks_of(tmp_path / "k")
    path = tmp_path / "k" / STEP_DOWN
    old = "at least 48 hours prior to the meeting"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, "at least 72 hours prior to the meeting"), encoding="utf-8")
    after = chunks_of(tmp_path / "k")

    assert [c.id for c in after[LONG_PLANS]] == [c.id for c in before[LONG_PLANS]]
    old_ids = {c.id: c for c in before[STEP_DOWN]}
    new_ids = {c.id: c for c in after[STEP_DOWN]}
    gone = [old_ids[i] for i in old_ids.keys() - new_ids.keys()]
    added = [new_ids[i] for i in new_ids.keys() - old_ids.keys()]
    assert len(gone) == len(added) == 1
    assert old in gone[0].text and "72 hours" in added[0].text
    assert gone[0].section == added[0].section == SERVICE_MANAGER_SECTION


def test_same_text_in_another_file_gets_its_own_id():
    doc = ParsedDocument("T", {}, [Section(("T",), "Same paragraph.\n\nSame paragraph.")])
    a = chunk_document(doc, "a.md", "s", 700)
    b = chunk_document(doc, "b.md", "s", 700)
    assert [c.text for c in a] == ["Same paragraph."]  # repeated under one heading: kept once
    assert len({c.id for c in a + b}) == 2


def test_oversized_message_shows_a_size_above_the_limit(tmp_path):
    (tmp_path / "policy.md").write_text("# Policy\n\n" + "x" * 15_000)
    max_bytes = int(0.01 * MB)
    reason = scan_folder(tmp_path, max_bytes, 700, 0).skipped[0].reason
    shown_size, shown_limit = (float(n) for n in re.findall(r"(\d+(?:\.\d+)?) MB", reason))
    assert shown_size > shown_limit, reason


def test_a_text_repeated_under_one_heading_is_kept_once():
    from assistant.search.ingest import chunk_document
    from assistant.search.readers import ParsedDocument, Section

    para = "Core group meetings are held every six weeks."
    doc = ParsedDocument("Policy", {}, [Section(("Policy", "Core groups"), "\n\n".join([para] * 5)),
                                        Section(("Policy", "Reviews"), para)])
    chunks = chunk_document(doc, "p.md", "stamp", 800)
    assert [(c.section, c.text) for c in chunks] == [("Core groups", para), ("Reviews", para)]
    assert len({c.id for c in chunks}) == 2
