"""Two people writing one draft: compare-and-swap, automatic merges, conflicts that overwrite nothing."""

from __future__ import annotations

import json
import threading

import pytest
from helpers.draft_edits import T0, answered, at, reviewed

from assistant.casework import draft_store
from assistant.casework.draft_store import DraftConflict, create, matching, write
from assistant.casework.drafts import SCHEMA_VERSION, Draft, Recommendation, load_draft, parse_draft
from assistant.casework.pathways import Answers
from assistant.errors import DraftError


@pytest.fixture
def saved(tmp_path):
    """A step-down draft saved once by the social worker: (path, the draft as saved)."""
    return create(tmp_path, Draft.new("step-down", "social_worker", "LL-4242", at(0)), "social_worker", at(0))


def test_a_new_draft_is_saved_at_revision_one_with_its_history(saved):
    path, draft = saved
    assert path.name == "LL-4242-step-down.json"
    on_disk = load_draft(path)
    assert on_disk.revision == 1 == draft.revision
    assert [(c.revision, c.role) for c in on_disk.history] == [(1, "social_worker")]
    assert on_disk.schema_version == SCHEMA_VERSION


def test_the_two_browser_scenario_keeps_the_managers_review(saved):
    """The social worker's tab still holds the version before the review; changing one status keeps it."""
    path, base = saved
    sw = answered(base, "sd-initial-concern", "partly_evidenced")
    sw_base = write(path, sw, base, "social_worker", at(1)).draft  # autosaved
    tm_base = load_draft(path)  # the team manager opens it on Manager review
    write(path, reviewed(tm_base), tm_base, "team_manager", at(2))
    # the social worker's tab knows nothing of the review, and changes one status
    result = write(path, answered(sw_base, "sd-initial-concern", "evidenced"), sw_base, "social_worker", at(3))
    on_disk = load_draft(path)
    assert on_disk.reviews["team_manager"].rationale == "team_manager rationale"
    assert on_disk.answers.items["sd-initial-concern"].status == "evidenced"
    assert result.merged_in == {"review:team_manager"} and result.draft == on_disk
    assert [c.role for c in on_disk.history] == ["social_worker", "social_worker", "team_manager", "social_worker"]


def test_the_same_answer_changed_by_two_people_is_a_conflict_and_nothing_is_written(saved):
    path, base = saved
    write(path, answered(base, "sd-initial-concern", note="the team manager's note"), base, "team_manager", at(1))
    before = path.read_bytes()
    mine = answered(answered(base, "sd-initial-concern", note="my note"), "sd-statutory-visit")
    with pytest.raises(DraftConflict) as caught:
        write(path, mine, base, "social_worker", at(2))
    assert path.read_bytes() == before  # not even the part that did not clash
    clash, = caught.value.clashes
    assert clash.part == "answer:sd-initial-concern" and clash.by == ("team_manager",) and clash.at == at(1)
    assert "team manager changed 1 thing you also changed" in str(caught.value)
    assert "Nothing has been overwritten" in str(caught.value)
    assert caught.value.mine == mine and caught.value.theirs == load_draft(path)


def test_an_answer_someone_set_and_cleared_since_is_a_conflict_not_an_overwrite(saved):
    """Found by the property test: the team manager answers an item and then clears it again, so its value looks as
    the social worker loaded it; the social worker's tab, which saw neither, answers it. That is a clash (the team
    manager worked on that answer), not a silent overwrite of their decision to clear it."""
    path, base = saved
    tm = write(path, answered(base, "sd-initial-concern", note="the team manager's note"), base, "team_manager",
               at(1)).draft
    write(path, base.model_copy(update={"answers": Answers(pathway_id="step-down")}), tm, "team_manager", at(2))
    before = path.read_bytes()
    with pytest.raises(DraftConflict) as caught:
        write(path, answered(base, "sd-initial-concern", note="my note"), base, "social_worker", at(3))
    assert path.read_bytes() == before
    clash, = caught.value.clashes
    assert clash.part == "answer:sd-initial-concern" and clash.by == ("team_manager",) and clash.at == at(2)


def test_the_same_change_made_by_both_is_not_a_conflict(saved):
    path, base = saved
    write(path, answered(base, "sd-initial-concern"), base, "team_manager", at(1))
    result = write(path, answered(base, "sd-initial-concern"), base, "social_worker", at(2))
    assert result.draft.answers.items["sd-initial-concern"].status == "evidenced"


def test_two_managers_reviews_are_kept_apart(saved):
    path, base = saved
    write(path, reviewed(base, "team_manager", True), base, "team_manager", at(1))
    write(path, reviewed(base, "service_manager", False), base, "service_manager", at(2))
    on_disk = load_draft(path)
    assert {r: v.endorsed for r, v in on_disk.reviews.items()} == {"team_manager": True, "service_manager": False}


def test_a_removed_answer_is_a_change_that_merges(saved):
    path, base = saved
    base = write(path, answered(base, "sd-initial-concern"), base, "social_worker", at(1)).draft
    cleared = base.model_copy(update={"answers": Answers(pathway_id="step-down")})
    write(path, reviewed(base), base, "team_manager", at(2))
    result = write(path, cleared, base, "social_worker", at(3))
    assert "sd-initial-concern" not in result.draft.answers.items and "team_manager" in result.draft.reviews


def test_the_recommendation_and_dates_are_parts(saved):
    path, base = saved
    rec = Recommendation(choice="continue_plan", recorded_by="social_worker", recorded_at=at(1))
    write(path, base.model_copy(update={"recommendation": rec}), base, "social_worker", at(1))
    dated = base.model_copy(update={"dates": base.dates.model_copy(update={"start": T0.date()})})
    result = write(path, dated, base, "team_manager", at(2))
    assert result.draft.recommendation == rec and result.draft.dates.start == T0.date()
    other = Recommendation(choice="step_down_cin", recorded_by="social_worker", recorded_at=at(3))
    with pytest.raises(DraftConflict) as caught:
        write(path, base.model_copy(update={"recommendation": other}), base, "social_worker", at(3))
    assert [c.part for c in caught.value.clashes] == ["recommendation"]


def test_where_each_person_is_stays_their_own(saved):
    path, base = saved
    write(path, base.model_copy(update={"current_step": "safety"}), base, "social_worker", at(1))
    result = write(path, reviewed(base).model_copy(update={"current_step": None}), base, "team_manager", at(2))
    assert result.draft.current_step is None and "team_manager" in result.draft.reviews


def test_a_write_with_nothing_changed_writes_nothing(saved):
    path, base = saved
    before = path.stat().st_mtime_ns
    assert write(path, base, base, "social_worker", at(1)).draft.revision == 1
    assert path.stat().st_mtime_ns == before


def test_a_new_draft_never_replaces_a_saved_one(saved, tmp_path):
    path, base = saved
    fresh = Draft.new("step-down", "social_worker", "LL-4242", at(9))
    with pytest.raises(DraftError, match="already a draft saved as LL-4242-step-down.json"):
        write(path, fresh, None, "social_worker", at(9))
    second, copy = create(tmp_path, fresh, "social_worker", at(9))
    assert second.name == "LL-4242-step-down-2.json" and load_draft(path) == base
    assert matching(tmp_path, "ll-4242", "step-down") == [second, path]  # newest first, any case
    assert matching(tmp_path, "LL-4242", "long-plan") == []


def test_a_file_deleted_under_a_writer_is_not_silently_recreated(saved):
    path, base = saved
    path.unlink()
    with pytest.raises(DraftError, match="no longer there"):
        write(path, answered(base, "sd-initial-concern"), base, "social_worker", at(1))


def test_a_version_one_draft_loads_with_its_review_filed_under_its_role():
    old = {
        "schema_version": 1, "pathway_id": "step-down", "role": "social_worker", "case_reference": "LL-7",
        "answers": {"pathway_id": "step-down"}, "created_at": T0.isoformat(), "updated_at": T0.isoformat(),
        "review": {"reviewer_role": "service_manager", "rationale": "ok", "endorsed": True},
    }
    draft = parse_draft(json.dumps(old).encode())
    assert draft.revision == 0 and draft.history == []
    assert draft.reviews["service_manager"].rationale == "ok" and draft.review is draft.reviews["service_manager"]
    assert parse_draft(json.dumps({**old, "review": None}).encode()).reviews == {}


def test_writers_in_threads_lose_nothing(saved):
    """Eight threads each answer their own item from the same base, at once: every answer is kept."""
    path, base = saved
    ids = [f"sd-{n}" for n in range(8)]
    errors: list[BaseException] = []

    def one(item_id: str) -> None:
        try:
            write(path, answered(base, item_id), base, "social_worker", at(1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    on_disk = load_draft(path)
    assert set(on_disk.answers.items) == set(ids) and on_disk.revision == 1 + len(ids)


def test_the_lock_is_a_file_beside_the_draft_not_a_draft(saved, tmp_path):
    path, base = saved
    write(path, answered(base, "sd-x"), base, "social_worker", at(1))
    assert (tmp_path / ".LL-4242-step-down.json.lock").exists()
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["LL-4242-step-down.json"]


def test_parts_round_trip():
    draft = reviewed(answered(Draft.new("step-down", "social_worker", "LL-1", T0), "a"))
    empty = Draft.new("step-down", "social_worker", "LL-1", T0)
    rebuilt = draft_store.with_parts(empty, draft_store.parts(draft), draft_store.changed_parts(empty, draft))
    assert draft_store.parts(rebuilt) == draft_store.parts(draft)
