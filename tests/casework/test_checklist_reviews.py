"""The summary carries the recommendation and every manager's decision on it.

Each decision says whether it was made on the recommendation as it now stands, on an earlier one,
or when none was recorded; every reviewer's item comment is kept with the reviewer's role.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers.samples import GENERATED_AT, TODAY, sample_draft

from assistant.casework.checklist import ChecklistSummary, build_summary
from assistant.casework.drafts import Draft, ManagerReview, Recommendation
from assistant.casework.export import read_json, render
from assistant.casework.pathways import ground, load_pathways
from assistant.search.policies import read_policies

UTC0 = timezone(timedelta(0))
PATHWAY = load_pathways()["step-down"]


@pytest.fixture(scope="module")
def grounded():
    from assistant.config import Settings

    policies = read_policies(Settings())
    return ground(PATHWAY, policies.ids, policies.texts, policies.metas), policies.documents


def summary_of(draft: Draft, grounded) -> ChecklistSummary:
    citations, documents = grounded
    return build_summary(PATHWAY, draft, citations, documents, GENERATED_AT, TODAY)


def two_reviews() -> Draft:
    """The sample draft with the team manager endorsing and the service manager (named) not."""
    draft = sample_draft()
    at = draft.recommendation.recorded_at
    team = draft.reviews["team_manager"].model_copy(update={
        "endorsed": True, "rationale": "The chronology is done; I endorse stepping down."})
    service = ManagerReview(
        reviewer_role="service_manager", name="Sam Patel", recommendation_at=at, endorsed=False,
        comments={"sd-history-escalation": "The 2023 strategy discussion still worries me.",
                  "sd-initial-concern": "Which agency saw the marks?"},
        rationale="Not yet: one more core group first.", recorded_at=datetime(2026, 11, 25, 11, 0, tzinfo=UTC0))
    # the service manager's review is filed first: the summary still lists the team manager first
    return draft.model_copy(update={"reviews": {"service_manager": service, "team_manager": team}})


def test_the_recommendation_is_carried_with_its_label_and_who_recorded_it(grounded):
    summary = summary_of(sample_draft(), grounded)
    r = summary.recommendation
    assert r is not None
    assert r.choice == "step_down_cin"
    assert r.label == "End the plan at this review and continue support at Child in Need level"
    assert r.rationale == "Routines have held for ten weeks; school and health visitor agree."
    assert r.recorded_by_label == "Social worker"
    assert r.recorded_at == datetime(2026, 11, 23, 14, 40, tzinfo=UTC0)


def test_two_reviews_team_manager_endorses_service_manager_does_not(grounded):
    summary = summary_of(two_reviews(), grounded)
    assert [(r.role_label, r.endorsement_label) for r in summary.reviews] == [
        ("Team manager", "Endorsed"), ("Service manager (Sam Patel)", "Not endorsed")]
    assert [r.made_on for r in summary.reviews] == ["current_recommendation"] * 2
    assert summary.reviews[0].made_on_label == "Made on the recommendation as it now stands."
    assert summary.reviews[1].rationale == "Not yet: one more core group first."
    # the JSON's older ``review`` field stays: the most recently recorded review
    assert summary.review == summary.reviews[1]
    by_id = {item.id: item for item in summary.items}
    history = by_id["sd-history-escalation"]
    assert [(c.label, c.text) for c in history.comments] == [
        ("Team manager's comment", "Please add the 2023 strategy discussion outcome."),
        ("Service manager's comment (Sam Patel)", "The 2023 strategy discussion still worries me.")]
    assert history.reviewer_comment == "The 2023 strategy discussion still worries me."
    assert [c.reviewer_role for c in by_id["sd-initial-concern"].comments] == ["service_manager"]
    assert by_id["sd-statutory-visit"].comments == []


def test_a_review_made_on_an_earlier_recommendation_says_so(grounded):
    draft = sample_draft()
    changed = Recommendation(choice="continue_plan", rationale="The chronology shows a pattern.",
                             recorded_by="social_worker", recorded_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC0))
    summary = summary_of(draft.model_copy(update={"recommendation": changed}), grounded)
    assert summary.recommendation.label == "Continue the Child Protection Plan"
    (review,) = summary.reviews
    assert review.made_on == "earlier_recommendation"
    assert "made on an earlier recommendation" in review.made_on_label.lower()
    text = render(summary, "md").decode()
    assert "- Made on an earlier recommendation: the recommendation has changed since." in text


def test_no_recommendation_and_a_review_from_before_recommendations(grounded):
    draft = sample_draft()
    old_review = draft.reviews["team_manager"].model_copy(update={"recommendation_at": None})
    summary = summary_of(draft.model_copy(update={"recommendation": None, "reviews": {"team_manager": old_review}}),
                         grounded)
    assert summary.recommendation is None
    (review,) = summary.reviews
    assert review.made_on == "no_recommendation"
    assert "no recommendation was recorded" in review.made_on_label
    text = render(summary, "md").decode()
    page_one = text.split("\n---\n")[0]
    assert "## Recommendation\n\nNo recommendation recorded yet.\n" in page_one
    assert "- Made when no recommendation was recorded." in page_one


def test_a_review_recorded_before_the_recommendation_existed(grounded):
    """A draft saved before recommendations, reviewed then, and given a recommendation since."""
    draft = sample_draft()
    old_review = draft.reviews["team_manager"].model_copy(update={"recommendation_at": None})
    summary = summary_of(draft.model_copy(update={"reviews": {"team_manager": old_review}}), grounded)
    assert summary.recommendation is not None
    assert summary.reviews[0].made_on_label == "Made when no recommendation was recorded."


def test_no_reviews_and_a_decision_not_yet_recorded(grounded):
    draft = sample_draft()
    summary = summary_of(draft.model_copy(update={"reviews": {}}), grounded)
    assert summary.reviews == [] and summary.review is None
    assert all(item.comments == [] and item.reviewer_comment is None for item in summary.items)
    assert "No manager's decision recorded yet." in render(summary, "md").decode()
    pending = ManagerReview(reviewer_role="cp_chair", comments={"sd-initial-concern": "Seen."})
    summary = summary_of(draft.model_copy(update={"reviews": {"cp_chair": pending}}), grounded)
    (review,) = summary.reviews
    assert review.endorsement_label == "Not yet recorded" and review.made_on_label is None


def test_the_json_carries_recommendation_and_reviews_and_round_trips(grounded):
    summary = summary_of(two_reviews(), grounded)
    data = json.loads(render(summary, "json"))
    assert data["recommendation"]["label"] == summary.recommendation.label
    assert [r["reviewer_role"] for r in data["reviews"]] == ["team_manager", "service_manager"]
    assert [r["endorsed"] for r in data["reviews"]] == [True, False]
    assert data["reviews"][1]["name"] == "Sam Patel"
    assert data["review"]["reviewer_role"] == "service_manager"
    assert read_json(render(summary, "json")) == summary


def test_a_summary_exported_with_one_review_reads_as_one_of_the_reviews():
    """The JSON export of 2026-11 (one ``review``, items with ``reviewer_comment``) loads into ``reviews``."""
    old = (Path(__file__).parent / "fixtures" / "summary-2026-11.json").read_bytes()
    summary = ChecklistSummary.model_validate_json(old)
    assert summary.recommendation is None
    (review,) = summary.reviews
    assert review == summary.review and review.role_label == "Team manager" and review.endorsed is False
    assert review.made_on_label == "Made when no recommendation was recorded."
    commented = [item for item in summary.items if item.comments]
    assert [(i.id, i.comments[0].label, i.comments[0].text) for i in commented] == [
        ("sd-history-escalation", "Team manager's comment", "Please add the 2023 strategy discussion outcome.")]
