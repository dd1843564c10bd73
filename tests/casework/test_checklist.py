"""The checklist summary: route items, gaps, readiness, dates and provenance."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.samples import GENERATED_AT, NOTE_TYPOGRAPHY, TODAY, sample_draft, sample_summary
from helpers.support import STEP_DOWN

from assistant.casework.checklist import ChecklistSummary, build_summary, summarise
from assistant.casework.drafts import CaseDates, Draft
from assistant.casework.pathways import Answers, ItemAnswer, ground, load_pathways, route
from assistant.errors import DraftError
from assistant.search.policies import read_policies

PATHWAYS = load_pathways()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def policies():
    from assistant.config import Settings

    return read_policies(Settings())


def _grounded(pathway, policies):
    return ground(pathway, policies.ids, policies.texts, policies.metas)


def _all_paths(pathway):
    """Every combination of branch choices that leads somewhere, as {step id: value}."""
    paths, stack = [], [{}]
    while stack:
        choices = stack.pop()
        steps = route(pathway, Answers(pathway_id=pathway.id, branches=choices))
        last = steps[-1]
        if last.branch is not None and last.id not in choices:
            stack += [{**choices, last.id: option.value} for option in last.branch.options]
        else:
            paths.append(choices)
    return paths


def test_sample_summary_content(settings):
    summary = sample_summary(settings)
    by_id = {item.id: item for item in summary.items}
    assert summary.case_reference == "LL-000123" and summary.role == "social_worker"
    assert by_id["sd-initial-concern"].status == "evidenced"
    assert by_id["sd-initial-concern"].note == NOTE_TYPOGRAPHY
    assert by_id["sd-core-group-progress"].reason.startswith("Core group met once only")
    assert by_id["sd-history-escalation"].reviewer_comment == "Please add the 2023 strategy discussion outcome."
    assert by_id["sd-recent-decision"].status is None and by_id["sd-recent-decision"].status_label == "Not yet answered"
    # gaps: required, on the route, and neither evidenced nor not applicable
    assert "sd-initial-concern" not in summary.open_gaps and "sd-core-group-progress" not in summary.open_gaps
    assert {"sd-history-escalation", "sd-statutory-visit", "sd-recent-decision"} <= set(summary.open_gaps)
    assert len(summary.open_gaps) == len(summary.items) - 2
    assert summary.readiness == (
        "Social worker's items: 11 not yet evidenced. Waiting for: team manager (3), service manager (3), CP chair (5), "
        "not named in the policy (4). Stage: the social worker's evidence is not complete, so not yet ready for the "
        "team manager. Whether the plan ends is decided at the review conference, not by this checklist.")
    # every citation carries the document, the section and the verbatim quote
    citation = by_id["sd-initial-concern"].citations[0]
    assert citation.section == "Stepping down at first review conference (3 months)"
    assert citation.quote in (settings.knowledge_dir / STEP_DOWN).read_text()
    assert summary.review.endorsed is False and summary.review.reviewer_role == "team_manager"


def test_dates_deadlines_and_overdue_flags(settings):
    summary = sample_summary(settings)
    assert [(d.id, d.due) for d in summary.key_dates] == [("start", "2026-08-31"), ("conference", "2026-11-30T10:00")]
    deadlines = {d.id: d for d in summary.deadlines}
    assert deadlines["first_review"].due == "2026-11-30" and deadlines["first_review"].overdue is False
    assert deadlines["sm_record"].due == "2026-11-28T10:00" and deadlines["sm_record"].overdue is True  # today 29th
    assert summary.today == TODAY and summary.timeline_note is None


def test_policy_documents_are_the_files_quoted_with_their_hashes(settings):
    summary = sample_summary(settings)
    assert [d.source for d in summary.policy_documents] == [STEP_DOWN]
    doc = summary.policy_documents[0]
    assert doc.sha256 == hashlib.sha256((settings.knowledge_dir / STEP_DOWN).read_bytes()).hexdigest()
    assert doc.title.startswith("Stepping down a Child Protection Plan")


def test_json_round_trips_exactly(settings):
    summary = sample_summary(settings)
    again = ChecklistSummary.model_validate_json(summary.model_dump_json())
    assert again == summary
    assert again.generated_at == GENERATED_AT and again.generated_at.utcoffset() is not None


@pytest.mark.parametrize("pathway_id", sorted(PATHWAYS))
def test_every_branch_evidenced_in_full_is_ready_and_only_the_route_is_listed(pathway_id, policies):
    pathway = PATHWAYS[pathway_id]
    grounded = _grounded(pathway, policies)
    paths = _all_paths(pathway)
    assert len(paths) >= 1 + sum(len(s.branch.options) - 1 for s in pathway.steps if s.branch)
    for choices in paths:
        on_route = [item for step in route(pathway, Answers(pathway_id=pathway_id, branches=choices))
                    for item in step.items]
        answers = Answers(pathway_id=pathway_id, branches=choices, items={
            item.id: ItemAnswer(item_id=item.id, status="evidenced", note="seen") for item in on_route})
        draft = Draft.new(pathway_id, "team_manager", "LL-42", NOW).model_copy(update={"answers": answers})
        summary = build_summary(pathway, draft, grounded, policies.documents, NOW)
        assert [i.id for i in summary.items] == [i.id for i in on_route]
        assert summary.finished and summary.open_gaps == []
        assert "Every required item is evidenced or marked not applicable." in summary.readiness
        assert summary.readiness.endswith(" ".join(pathway.decided_by.split()))
        assert all(item.citations for item in summary.items)
        assert [d.answer for d in summary.decisions] == [
            s.branch.option(choices[s.id]).label for s in route(pathway, answers) if s.branch]


def test_an_unanswered_branch_means_not_finished(policies):
    pathway = PATHWAYS["repeat-plan"]
    draft = Draft.new("repeat-plan", "social_worker", "LL-7", NOW)
    summary = build_summary(pathway, draft, _grounded(pathway, policies), policies.documents, NOW)
    assert not summary.finished
    assert summary.decisions[-1].answer is None
    assert "Are the risks recurring, new, or both?" in summary.readiness
    assert summary.readiness.startswith("Not complete: a question that decides the rest of the route")
    assert not any(item.step == "Recurring risk" for item in summary.items)


def test_a_statutory_item_marked_not_applicable_stays_a_gap(policies):
    pathway = PATHWAYS["step-down"]
    na = ItemAnswer(item_id="sd-sm-48-hours", status="not_applicable", reason="conference moved")
    draft = Draft.new("step-down", "service_manager", "LL-7", NOW).model_copy(
        update={"answers": Answers(pathway_id="step-down", items={"sd-sm-48-hours": na})})
    summary = build_summary(pathway, draft, _grounded(pathway, policies), policies.documents, NOW)
    item = next(i for i in summary.items if i.id == "sd-sm-48-hours")
    assert item.status == "not_applicable" and item.is_gap and "sd-sm-48-hours" in summary.open_gaps
    assert item.role_label == "Service manager"
    joint = next(i for i in summary.items if i.id == "sd-tm-sm-discussion")
    assert joint.role_label == "Team manager and service manager (jointly)"
    assert joint.roles == ["team_manager", "service_manager"]


def test_missing_and_contradictory_dates_explain_the_missing_deadlines(policies):
    pathway = PATHWAYS["repeat-plan"]
    draft = Draft.new("repeat-plan", "social_worker", "LL-7", NOW, CaseDates(previous_start=date(2024, 1, 10)))
    summary = build_summary(pathway, draft, _grounded(pathway, policies), policies.documents, NOW)
    assert summary.deadlines == []
    assert summary.timeline_note == "Deadlines not worked out: enter Previous plan ended, New ICPC."
    step_down = PATHWAYS["step-down"]
    bad = Draft.new("step-down", "social_worker", "LL-7", NOW,
                    CaseDates(start=date(2026, 9, 1), conference=datetime(2026, 8, 1, 10, 0)))
    summary = build_summary(step_down, bad, _grounded(step_down, policies), policies.documents, NOW)
    assert summary.deadlines == [] and "Review conference" in summary.timeline_note


def test_summarise_reads_the_knowledge_folder(settings):
    summary = summarise(sample_draft(), settings, now=GENERATED_AT, today=TODAY)
    assert summary == sample_summary(settings)


def test_summarise_errors_name_the_problem(settings):
    other = sample_draft().model_copy(update={"pathway_id": "gone"})
    with pytest.raises(DraftError, match="pathway 'gone' that is not installed"):
        summarise(other, settings, pathways=PATHWAYS)
    path = settings.knowledge_dir / STEP_DOWN
    path.write_text(path.read_text().replace("triangulation of the initial concern", "a review of the concern"))
    summary = summarise(sample_draft(), settings)
    (item,) = [i for i in summary.items if i.id == "sd-initial-concern"]
    assert "no longer word for word in" in item.citations[0].policy_changed
    assert all(c.policy_changed is None for i in summary.items if i.id != "sd-initial-concern" for c in i.citations)


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "json"])
def test_an_export_marks_a_changed_passage_and_never_shows_old_words_as_policy(settings, fmt):
    from helpers.exports import export_text

    path = settings.knowledge_dir / STEP_DOWN
    path.write_text(path.read_text().replace("triangulation of the initial concern", "a review of the concern"))
    summary = summarise(sample_draft(), settings, now=GENERATED_AT, today=TODAY)
    text = " ".join(export_text(summary, fmt).split())
    assert "no longer word for word in" in text
    if fmt != "json":
        assert "Policy passage changed:" in text and "The pathway quoted (no longer in the policy):" in text


def test_a_summary_exported_before_deadline_notes_still_reads():
    """The JSON export of 2026-11 (deadlines with one optional ``note``, items with ``role`` only) loads."""
    old = (Path(__file__).parent / "fixtures" / "summary-2026-11.json").read_bytes()
    summary = ChecklistSummary.model_validate_json(old)
    deadlines = {d.id: d for d in summary.deadlines}
    assert deadlines["first_review"].notes == []
    assert deadlines["sm_record"].notes == ["48 hours before the review conference on 2026-11-30T10:00."]
    assert all(item.roles == [item.role] for item in summary.items)
