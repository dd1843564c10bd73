"""The training page's words: role names as written, and one explanation for every kind of difference."""

from __future__ import annotations

import pytest

from assistant.casework.pathways.schema import ROLE_LABELS, in_sentence
from assistant.casework.training import DIFFERENCES, ItemGap
from assistant.ui.pages.training import HEADINGS, REQUIRED, explain


@pytest.mark.parametrize("role, written", [
    ("social_worker", "social worker"),
    ("team_manager", "team manager"),
    ("service_manager", "service manager"),
    ("cp_chair", "CP chair"),
    ("qa_team_manager", "QA team manager"),
    ("cp_chair_supervisor", "CP chair's supervisor"),
])
def test_role_names_read_as_written_mid_sentence(role, written):
    assert in_sentence(ROLE_LABELS[role]) == written


def gap(kind: str, learner: str | None, model: str, item_id: str = "rp-tools", **extra) -> ItemGap:
    return ItemGap(item_id=item_id, text="Which tools?", role="not_named", roles=[], step_title="Actions",
                   kind=kind, learner_status=learner, model_status=model, model_note="Why.", **extra)


def test_every_kind_of_difference_has_a_heading():
    assert set(HEADINGS) == set(DIFFERENCES)


@pytest.mark.parametrize("difference, words", [
    (gap("unanswered", None, "evidenced"), "You left this unanswered; the model answer rates it “Evidenced”."),
    (gap("unanswered", None, "not_evidenced", on_learner_route=False),
     "This question is not on your route so far (see the branch choice above); on the model answer's route it is "
     "rated “Not evidenced”."),
    (gap("missed", "partly_evidenced", "evidenced"),
     "You rated this “Partly evidenced”; the case holds more evidence than that: the model answer rates it "
     "“Evidenced”."),
    (gap("over_claimed", "partly_evidenced", "not_evidenced"),
     "You rated this “Partly evidenced”; the case does not show that much: the model answer rates it "
     "“Not evidenced”."),
    (gap("not_applicable", "not_applicable", "not_evidenced", learner_reason="Not done yet"),
     "You marked this not applicable (your reason: “Not done yet”), but it applies to this case: the model "
     "answer rates it “Not evidenced”. Not applicable is for an item that does not arise in this case; one that "
     "arises but is not done yet is not evidenced."),
    (gap("not_applicable", "not_applicable", "evidenced"),
     "You marked this not applicable, but it applies to this case: the model answer rates it “Evidenced”. "
     "The case holds evidence for it."),
    (gap("applies", "evidenced", "not_applicable", model_reason="The plan ended at 15 months."),
     "You rated this “Evidenced”, but the model answer finds it does not apply to this case: The plan ended at 15 "
     "months."),
    (gap("not_applicable_refused", "not_applicable", "partly_evidenced", item_id="sd-sm-48-hours"),
     f"You marked this not applicable. {REQUIRED} The model answer rates it “Partly evidenced”."),
])
def test_every_difference_is_explained(difference, words):
    assert explain(difference) == words


def test_legal_consultation_not_needed_yet_says_the_service_manager_records_the_reason():
    words = explain(gap("not_applicable_refused", None, "not_evidenced", item_id="rp-legal-consultation",
                        learner_reason="Not needed yet"))
    assert words.startswith("You marked this not applicable (your reason: “Not needed yet”).")
    assert "the policy requires the service manager to ensure the reason is recorded" in words
    assert words.endswith("The model answer rates it “Not evidenced”.")
