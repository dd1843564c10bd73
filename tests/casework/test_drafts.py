"""Drafts: save and resume, atomic writes, and clear errors that never cost the user a file."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime

import pytest
from helpers.samples import sample_draft

from assistant.casework.drafts import SCHEMA_VERSION, Draft, check_case_reference, load_draft, save_draft
from assistant.casework.pathways import Answers, ItemAnswer, load_pathways
from assistant.errors import DraftError
from assistant.files import atomic_write

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_save_and_resume_round_trip(tmp_path):
    draft = sample_draft()
    path = tmp_path / "drafts" / "LL-000123.json"
    saved = save_draft(draft, path, now=NOW)
    assert saved.updated_at == NOW
    assert load_draft(path) == saved
    assert json.loads(path.read_text())["schema_version"] == SCHEMA_VERSION


def test_draft_file_is_private_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "d.json"
    save_draft(sample_draft(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "d.json"
    first = save_draft(sample_draft(), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    changed = first.model_copy(update={"current_step": "evidence"})
    with pytest.raises(DraftError, match="could not be saved.*No space left"):
        save_draft(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"schema_version": 1, "pathway_id": "step-down"', "not valid JSON .*line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a CP Pathways draft"),
        (b'{"hello": "world"}', "not a CP Pathways draft"),
        (b'{"schema_version": "one"}', "invalid schema_version"),
        (b'{"schema_version": 1, "pathway_id": "step-down"}', "not a valid draft: role: Field required"),
    ],
)
def test_unreadable_drafts_give_a_clear_error_and_are_never_overwritten(tmp_path, content, message):
    path = tmp_path / "draft.json"
    path.write_bytes(content)
    with pytest.raises(DraftError, match=message) as err:
        load_draft(path)
    assert str(path) in str(err.value) and "has not been changed" in str(err.value)
    with pytest.raises(DraftError, match="Not saved.*another name"):
        save_draft(sample_draft(), path)
    assert path.read_bytes() == content


def test_a_draft_from_a_newer_version_is_refused_and_kept(tmp_path):
    data = json.loads(sample_draft().to_bytes())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["something_new"] = True
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(DraftError, match=f"newer version of the assistant \\(draft format {SCHEMA_VERSION + 1}"):
        load_draft(path)
    with pytest.raises(DraftError, match="Not saved"):
        save_draft(sample_draft(), path)
    assert path.read_bytes() == before


def test_missing_and_oversized_drafts(tmp_path):
    with pytest.raises(DraftError, match="There is no draft at .*nope.json"):
        load_draft(tmp_path / "nope.json")
    with pytest.raises(DraftError, match="is a folder"):
        load_draft(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(DraftError, match="too large to be a draft"):
        load_draft(big)


@pytest.mark.parametrize("good", ["LL-123456", "CP/2026/0412", "12345", "ab_9.x", "CIN-2026-77", "ABC123", "12032016",
                                  "TRAINING-001"])
def test_case_references_that_are_case_numbers(good):
    assert check_case_reference(f"  {good} ") == good


@pytest.mark.parametrize("bad", ["", "   ", "Sarah Jones", "Jones", "LL 123456", "<script>1", "x" * 41 + "1", "1",
                                 "9434765919", "AB123456C", "SW1A1AA", "07700900123", "mum@example.org1"])
def test_case_references_that_are_names_or_malformed_are_refused(bad):
    with pytest.raises(ValueError, match="case reference"):
        check_case_reference(bad)


@pytest.mark.parametrize("bad, why", [
    ("Jones2", "a name with digits added"), ("tiana07", "a name with digits added"),
    ("LL-Smith-1", "a name with digits added"), ("KYLE1", "a name with digits added"),
    ("12/03/2016", "a date"), ("2016-03-12", "a date"), ("1.3.16", "a date"),
])
def test_a_name_or_a_date_of_birth_with_digits_is_refused(bad, why):
    with pytest.raises(ValueError, match=f"this looks like {why}"):
        check_case_reference(bad)


def test_a_name_as_case_reference_is_refused_when_loading(tmp_path):
    data = json.loads(sample_draft().to_bytes())
    data["case_reference"] = "Sarah Jones"
    path = tmp_path / "named.json"
    path.write_text(json.dumps(data))
    with pytest.raises(DraftError, match="case_reference: Value error, a case reference is the case system number"):
        load_draft(path)


def test_check_against_names_unknown_items_branches_and_steps():
    pathway = load_pathways()["repeat-plan"]
    empty = Draft.new("repeat-plan", "social_worker", "LL-1", NOW)
    empty.check_against(pathway)
    bad_item = empty.model_copy(update={"answers": Answers(pathway_id="repeat-plan", items={
        "rp-nope": ItemAnswer(item_id="rp-nope", status="evidenced")})})
    with pytest.raises(DraftError, match="item 'rp-nope'"):
        bad_item.check_against(pathway)
    branch_step = next(s for s in pathway.steps if s.branch is not None)
    bad_branch = empty.model_copy(update={"answers": Answers(pathway_id="repeat-plan", branches={
        branch_step.id: "maybe"})})
    with pytest.raises(DraftError, match=f"chooses 'maybe' at step '{branch_step.id}'"):
        bad_branch.check_against(pathway)
    with pytest.raises(DraftError, match="step 'gone'"):
        empty.model_copy(update={"current_step": "gone"}).check_against(pathway)
    with pytest.raises(DraftError, match="for pathway 'repeat-plan', not 'step-down'"):
        empty.check_against(load_pathways()["step-down"])


def test_answers_for_another_pathway_are_refused():
    with pytest.raises(ValueError, match="answers are for pathway 'long-plan'"):
        Draft(pathway_id="step-down", role="social_worker", case_reference="LL-1",
              answers=Answers(pathway_id="long-plan"), created_at=NOW, updated_at=NOW)


def test_atomic_write_creates_folders_and_replaces(tmp_path):
    target = tmp_path / "a" / "b" / "out.bin"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.bin"]
