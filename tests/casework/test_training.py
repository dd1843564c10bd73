"""Training vignettes: every shipped case is valid and fictional, the loader's errors, and feedback."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from assistant.casework.checklist import draft_timeline
from assistant.casework.drafts import TRAINING_NOT_SAVED, Draft, is_training_reference, save_draft
from assistant.casework.pathways import Answers, ItemAnswer, Pathway, load_pathways
from assistant.casework.training import (
    DEFAULT_FOLDER,
    ModelAnswer,
    TrainingError,
    Vignette,
    difference,
    feedback,
    load_vignette,
    load_vignettes,
    training_reference,
)
from assistant.errors import DraftError

VIGNETTE_FILES = sorted(DEFAULT_FOLDER.glob("*.yaml"))
FICTION_LINE = "# Fictional training case. Any resemblance to real people is coincidental."
CLAIMED = ("evidenced", "partly_evidenced")

# Capitalised words that may stand next to each other in a scenario: practice terms, not names.
ALLOWED_WORDS = {
    "Care", "Child", "Conference", "Family", "Father", "Graded", "Help", "Legal", "Liquid", "Logic",
    "Meeting", "Mother", "Need", "Plan", "Plans", "Planning", "Profile", "Protection", "Safety", "Signs", "The",
}
_CAPITALISED_PAIR = re.compile(r"(?=\b([A-Z][a-z]+) ([A-Z][a-z]+)\b)")

INVENTED_PLACES = {"Brackenford", "Dunmarsh", "Fenmarrow", "Kestlebury", "Marrowdene", "Quillbrook"}
"""Town names checked not to be real places (the UK has a Ravensmoor, a Wexcombe and a village once
called Ashmere, so those were replaced): add a new one here only once it has been checked."""


def name_like_pairs(text: str) -> list[str]:
    """'Firstname Lastname'-shaped pairs of capitalised words where neither word is an allowed term."""
    return [f"{a} {b}" for a, b in _CAPITALISED_PAIR.findall(text) if a not in ALLOWED_WORDS and b not in ALLOWED_WORDS]


@pytest.fixture(scope="module")
def pathways() -> dict[str, Pathway]:
    return load_pathways()


@pytest.fixture(scope="module")
def vignettes(pathways) -> dict[str, Vignette]:
    return load_vignettes(pathways=pathways)


def by_pathway(vignettes: dict[str, Vignette]) -> dict[str, list[Vignette]]:
    grouped: dict[str, list[Vignette]] = {}
    for vignette in vignettes.values():
        grouped.setdefault(vignette.pathway, []).append(vignette)
    return grouped


# --- every shipped vignette ----------------------------------------------------------------


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_vignette_loads_and_fits_its_pathway(path, pathways):
    vignette = load_vignette(path, pathways)
    assert vignette.id == path.stem
    route_ids = [item.id for item in vignette.model_route_items(pathways[vignette.pathway])]
    assert route_ids and sorted(vignette.model_answer) == sorted(route_ids)
    assert vignette.model_route(pathways[vignette.pathway])[-1].is_final
    assert 150 <= len(vignette.scenario.split()) <= 350


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_vignette_is_clearly_fictional(path, pathways):
    assert path.read_text(encoding="utf-8").splitlines()[0] == FICTION_LINE
    vignette = load_vignette(path, pathways)
    assert name_like_pairs(vignette.scenario) == []
    assert "fictional" in vignette.scenario
    places = re.findall(r"fictional town of (\w+)", vignette.scenario)
    assert len(places) == 1 and set(places) <= INVENTED_PLACES, places


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_vignette_today_is_the_day_its_scenario_is_set(path, pathways):
    vignette = load_vignette(path, pathways)
    assert f"{vignette.today:%A} {vignette.today.day} {vignette.today:%B}" in " ".join(vignette.scenario.split())


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_no_deadline_after_a_vignettes_today_shows_as_overdue(path, pathways):
    vignette = load_vignette(path, pathways)
    timeline = draft_timeline(load_pathways()[vignette.pathway], vignette.dates, vignette.today)
    assert timeline is not None
    for milestone in timeline.milestones:
        due = milestone.due.date() if isinstance(milestone.due, datetime) else milestone.due
        assert milestone.overdue in (None, due < vignette.today), milestone.id
    if vignette.pathway == "step-down":  # set before the conference: nothing is overdue yet
        assert not any(m.overdue for m in timeline.milestones)


def _clock(moment: datetime) -> str:
    """10:00 -> '10am', 13:30 -> '1.30pm', as the scenarios write times."""
    hour = moment.hour % 12 or 12
    return f"{hour}{f'.{moment.minute:02d}' if moment.minute else ''}{'am' if moment.hour < 12 else 'pm'}"


@pytest.mark.parametrize("path", [p for p in VIGNETTE_FILES if p.stem.startswith("step-down")], ids=lambda p: p.stem)
def test_step_down_scenarios_give_the_conference_time_so_48_hours_can_be_counted(path, pathways):
    vignette = load_vignette(path, pathways)
    assert vignette.dates.conference is not None
    scenario = " ".join(vignette.scenario.split())
    assert _clock(vignette.dates.conference) in scenario
    for text in [scenario, *(a.note for a in vignette.model_answer.values())]:
        assert "inside the 48 hours" not in text and "two days before" not in text


@pytest.mark.parametrize("path", [p for p in VIGNETTE_FILES if p.stem.startswith("long-plan")], ids=lambda p: p.stem)
def test_a_24_month_conference_is_booked_for_the_date_the_policy_gives(path, pathways):
    vignette = load_vignette(path, pathways)
    if "month-24" not in [step.id for step in vignette.model_route(pathways["long-plan"])]:
        return
    timeline = draft_timeline(load_pathways()["long-plan"], vignette.dates, vignette.today)
    assert timeline is not None
    m24 = next(m for m in timeline.milestones if m.id == "m24")
    assert f"conference is booked for {m24.due.day} {m24.due:%B %Y}" in " ".join(vignette.scenario.split())


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_no_model_answer_sets_aside_an_item_the_policy_requires(path, pathways):
    vignette = load_vignette(path, pathways)
    for item in vignette.model_route_items(pathways[vignette.pathway]):
        if not item.allow_not_applicable:
            assert vignette.model_answer[item.id].status != "not_applicable", item.id


def test_lp_lpm_is_not_given_to_the_social_work_team(vignettes):
    """The policy does not say who arranges the Legal Planning Meeting: no model note may say it."""
    for vignette in vignettes.values():
        if "lp-lpm" in vignette.model_answer:
            note = vignette.model_answer["lp-lpm"].note.lower()
            assert "social work" not in note and "sw team" not in note


def test_the_name_check_catches_a_full_name():
    assert name_like_pairs("Child A (6) lives with Sarah Jones in Liquid Logic Town.") == ["Sarah Jones"]
    assert name_like_pairs("Mother and Father met the Legal Planning Meeting.") == []


def test_at_least_two_vignettes_per_pathway(vignettes, pathways):
    counts = Counter(v.pathway for v in vignettes.values())
    assert set(counts) == set(pathways)
    assert min(counts.values()) >= 2


def test_vignettes_of_a_branching_pathway_take_different_branches(vignettes, pathways):
    for pathway_id, cases in by_pathway(vignettes).items():
        if any(step.branch for step in pathways[pathway_id].steps):
            assert len({tuple(sorted(v.branches.items())) for v in cases}) >= 2, pathway_id


def test_each_pathway_has_a_mostly_evidenced_case_and_one_with_significant_gaps(vignettes):
    for pathway_id, cases in by_pathway(vignettes).items():
        shares = [sum(a.status == "evidenced" for a in v.model_answer.values()) / len(v.model_answer) for v in cases]
        assert max(shares) > 0.5 and min(shares) < 0.3, (pathway_id, shares)


# --- loader errors --------------------------------------------------------------------------


@pytest.fixture
def case() -> dict:
    """A valid vignette with a branch (repeat-plan, recurring) as plain data, to break in tests."""
    return yaml.safe_load((DEFAULT_FOLDER / "repeat-plan-alcohol-returns.yaml").read_text(encoding="utf-8"))


def write(folder: Path, data: dict | str, name: str = "case.yaml") -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def names(path: Path, problem: str) -> str:
    """A match pattern: the message names this file, then the problem (possibly on a later line)."""
    return rf"(?s){re.escape(str(path))}.*{problem}"


def test_the_base_case_is_valid(tmp_path, case, pathways):
    assert load_vignette(write(tmp_path, case), pathways).id == case["id"]


def test_bad_yaml(tmp_path, pathways):
    path = write(tmp_path, "id: [unclosed\n")
    with pytest.raises(TrainingError, match=names(path, "not valid YAML")):
        load_vignette(path, pathways)


def test_not_a_mapping(tmp_path, pathways):
    path = write(tmp_path, "- a list\n")
    with pytest.raises(TrainingError, match=names(path, "must contain a mapping")):
        load_vignette(path, pathways)


def test_unknown_key(tmp_path, case, pathways):
    path = write(tmp_path, {**case, "colour": "blue"})
    with pytest.raises(TrainingError, match=names(path, "unknown key 'colour'")):
        load_vignette(path, pathways)


def test_not_applicable_needs_a_reason(tmp_path, case, pathways):
    case["model_answer"]["rp-tools"] = {"status": "not_applicable", "note": "n/a"}
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "rp-tools.*give a reason")):
        load_vignette(path, pathways)


def test_not_applicable_on_an_item_the_policy_requires(tmp_path, case, pathways):
    case["model_answer"]["rp-legal-consultation"] = {"status": "not_applicable", "reason": "Not needed yet.",
                                                     "note": "Legal advice is not needed yet."}
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "marks item 'rp-legal-consultation' not applicable, which "
                                                        "the 'repeat-plan' pathway does not allow")):
        load_vignette(path, pathways)


def test_today_is_required(tmp_path, case, pathways):
    del case["today"]
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "at today: Field required")):
        load_vignette(path, pathways)


def test_today_before_the_case_began(tmp_path, case, pathways):
    path = write(tmp_path, {**case, "today": "2023-01-02"})
    with pytest.raises(TrainingError, match=names(path, r"today \(2023-01-02\) is before the case's earliest date "
                                                        r"\(2024-02-05\)")):
        load_vignette(path, pathways)


def test_unknown_pathway(tmp_path, case, pathways):
    path = write(tmp_path, {**case, "pathway": "step-sideways"})
    with pytest.raises(TrainingError, match=names(path, "unknown pathway 'step-sideways'")):
        load_vignette(path, pathways)


def test_model_answer_for_an_item_not_in_the_pathway(tmp_path, case, pathways):
    case["model_answer"]["rp-made-up"] = {"status": "evidenced", "note": "x"}
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "item 'rp-made-up', which the 'repeat-plan' pathway does not")):
        load_vignette(path, pathways)


def test_model_answer_for_an_item_off_the_model_route(tmp_path, case, pathways):
    case["model_answer"]["rp-new-context"] = {"status": "evidenced", "note": "x"}  # on the 'new' branch only
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "'rp-new-context', which is not on the route")):
        load_vignette(path, pathways)


@pytest.mark.parametrize("branches, problem", [
    ({"nature-of-risk": "sideways"}, "chooses 'sideways' at step 'nature-of-risk'.*offers 'recurring', 'new'"),
    ({"nature-of-risk": "recurring", "time-since": "recurring"}, "chooses 'recurring' at step 'time-since'"),
    ({"nature-of-risk": "recurring", "no-such-step": "x"}, "chooses 'x' at step 'no-such-step'"),
])
def test_branch_choice_the_pathway_does_not_offer(tmp_path, case, pathways, branches, problem):
    path = write(tmp_path, {**case, "branches": branches})
    with pytest.raises(TrainingError, match=names(path, problem)):
        load_vignette(path, pathways)


def test_branch_choice_off_the_model_route(tmp_path, pathways):
    data = yaml.safe_load((DEFAULT_FOLDER / "long-plan-ends-at-15.yaml").read_text(encoding="utf-8"))
    data["branches"]["month-21"] = "resolved"  # the plan ended at 15 months: month 21 is never reached
    path = write(tmp_path, data)
    with pytest.raises(TrainingError, match=names(path, "chooses 'resolved' at step 'month-21', which is not on "
                                                        "the route")):
        load_vignette(path, pathways)


def test_missing_branch_choice(tmp_path, case, pathways):
    path = write(tmp_path, {**case, "branches": {}})
    with pytest.raises(TrainingError, match=names(path, "no branch choice at step 'nature-of-risk'")):
        load_vignette(path, pathways)


def test_item_on_the_model_route_without_a_model_answer(tmp_path, case, pathways):
    del case["model_answer"]["rp-tools"], case["model_answer"]["rp-family-view"]
    path = write(tmp_path, case)
    with pytest.raises(TrainingError, match=names(path, "no model answer for 'rp-family-view', 'rp-tools'")):
        load_vignette(path, pathways)


def test_duplicate_vignette_id(tmp_path, case, pathways):
    write(tmp_path, case, "a.yaml")
    second = write(tmp_path, case, "b.yaml")
    with pytest.raises(TrainingError, match=names(second, f"reuses the id '{case['id']}'")):
        load_vignettes(tmp_path, pathways)


def test_missing_folder(tmp_path, pathways):
    with pytest.raises(TrainingError, match="does not exist"):
        load_vignettes(tmp_path / "nowhere", pathways)


# --- feedback -------------------------------------------------------------------------------


def answers(vignette: Vignette, statuses: dict[str, str], branches: dict[str, str] | None = None) -> Answers:
    """The learner's answers: item id -> status, with the model's branch choices unless others are given."""
    items = {i: ItemAnswer(item_id=i, status=s, reason="r" if s == "not_applicable" else None)
             for i, s in statuses.items()}
    chosen = vignette.branches if branches is None else branches
    return Answers(pathway_id=vignette.pathway, items=items, branches=chosen)


def item(pathways: dict[str, Pathway], item_id: str):
    return next(i for p in pathways.values() for i in p.items() if i.id == item_id)


@pytest.mark.parametrize("item_id, model, learner, reason, kind", [
    # same status: no difference
    ("rp-tools", "evidenced", "evidenced", None, None),
    ("rp-tools", "not_applicable", "not_applicable", "r", None),
    ("rp-legal-consultation", "not_evidenced", "not_evidenced", None, None),
    # left unanswered (a reason with no status is a not-applicable half entered, where that is allowed)
    ("rp-tools", "evidenced", None, None, "unanswered"),
    ("rp-tools", "not_evidenced", None, None, "unanswered"),
    ("rp-tools", "not_applicable", None, None, "unanswered"),
    ("rp-tools", "not_evidenced", None, "r", "unanswered"),
    ("rp-legal-consultation", "not_evidenced", None, None, "unanswered"),
    # rated lower than the model: missed
    ("rp-tools", "evidenced", "partly_evidenced", None, "missed"),
    ("rp-tools", "evidenced", "not_evidenced", None, "missed"),
    ("rp-tools", "partly_evidenced", "not_evidenced", None, "missed"),
    # rated higher than the model: over-claimed
    ("rp-tools", "partly_evidenced", "evidenced", None, "over_claimed"),
    ("rp-tools", "not_evidenced", "partly_evidenced", None, "over_claimed"),
    ("rp-tools", "not_evidenced", "evidenced", None, "over_claimed"),
    # not applicable where the model says the item applies
    ("rp-tools", "not_evidenced", "not_applicable", "r", "not_applicable"),
    ("rp-tools", "partly_evidenced", "not_applicable", "r", "not_applicable"),
    ("rp-tools", "evidenced", "not_applicable", "r", "not_applicable"),
    # rated where the model says the item does not apply
    ("rp-tools", "not_applicable", "evidenced", None, "applies"),
    ("rp-tools", "not_applicable", "not_evidenced", None, "applies"),
    # not applicable on an item the policy requires: marked so (an old draft), or refused by the app,
    # which keeps the reason but not the status
    ("rp-legal-consultation", "not_evidenced", "not_applicable", "Not needed yet", "not_applicable_refused"),
    ("rp-legal-consultation", "evidenced", "not_applicable", "Not needed yet", "not_applicable_refused"),
    ("rp-legal-consultation", "not_evidenced", None, "Not needed yet", "not_applicable_refused"),
    ("sd-sm-48-hours", "partly_evidenced", "not_applicable", "r", "not_applicable_refused"),
])
def test_every_kind_of_difference(pathways, item_id, model, learner, reason, kind):
    model_answer = ModelAnswer(status=model, note="why", reason="r" if model == "not_applicable" else None)
    answer = ItemAnswer(item_id=item_id, status=learner, reason=reason)
    assert difference(item(pathways, item_id), model_answer, answer) == kind
    if learner is None and reason is None:  # no answer at all is the same as an empty one
        assert difference(item(pathways, item_id), model_answer, None) == kind


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_the_model_answer_gets_full_marks(path, pathways):
    vignette = load_vignette(path, pathways)
    result = feedback(pathways[vignette.pathway], vignette, vignette.model_answers())
    assert result.differences == [] and result.branch_differences == []
    assert result.matched == result.total == len(vignette.model_answer)
    assert sum(result.by_area.values()) == 0 and result.by_role == {}


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_leaving_everything_unanswered_is_reported_item_by_item(path, pathways):
    vignette = load_vignette(path, pathways)
    pathway = pathways[vignette.pathway]
    result = feedback(pathway, vignette, answers(vignette, {}))
    route_items = vignette.model_route_items(pathway)
    assert [gap.item_id for gap in result.differences] == [i.id for i in route_items]
    assert {gap.kind for gap in result.differences} == {"unanswered"}
    assert all(gap.learner_status is None and gap.on_learner_route for gap in result.differences)
    assert result.matched == 0 and result.total == len(route_items)
    assert sum(result.by_area.values()) == len(result.differences)
    assert sum(len(ids) for ids in result.by_role.values()) == sum(len(i.roles) or 1 for i in route_items)


def test_over_claiming_is_reported(vignettes, pathways):
    vignette = vignettes["step-down-domestic-abuse-quiet"]
    everything = answers(vignette, dict.fromkeys(vignette.model_answer, "evidenced"))
    result = feedback(pathways["step-down"], vignette, everything)
    assert [g.kind for g in result.differences] == ["over_claimed"] * len(vignette.model_answer)
    assert result.over_claimed == result.differences and result.missed == []
    gap = next(g for g in result.over_claimed if g.item_id == "sd-sm-48-hours")
    assert (gap.learner_status, gap.model_status, gap.role, gap.roles) == (
        "evidenced", "not_evidenced", "service_manager", ["service_manager"])
    assert gap.step_title == "Team manager and service manager oversight" and "Liquid Logic" in gap.model_note


def test_legal_consultation_not_needed_yet_is_called_out(vignettes, pathways):
    """The issue's case: 'not applicable, not needed yet' on legal consultation, where the model says not
    evidenced. The app refuses the status but keeps the reason; a draft from before may hold the status."""
    vignette = vignettes["repeat-plan-alcohol-returns"]
    statuses = {i: a.status for i, a in vignette.model_answer.items()}
    for learner in (ItemAnswer(item_id="rp-legal-consultation", status="not_applicable", reason="Not needed yet"),
                    ItemAnswer(item_id="rp-legal-consultation", status=None, reason="Not needed yet")):
        given = answers(vignette, {i: s for i, s in statuses.items() if i != "rp-legal-consultation"})
        given = given.model_copy(update={"items": {**given.items, "rp-legal-consultation": learner}})
        result = feedback(pathways["repeat-plan"], vignette, given)
        [gap] = result.differences
        assert (gap.item_id, gap.kind, gap.learner_reason) == (
            "rp-legal-consultation", "not_applicable_refused", "Not needed yet")
        assert (gap.model_status, gap.role) == ("not_evidenced", "service_manager")
        assert result.matched == result.total - 1
        assert result.by_role == {"service_manager": ["rp-legal-consultation"]}


def test_mixed_answers_on_a_mostly_evidenced_case(vignettes, pathways):
    vignette = vignettes["step-down-neglect-routines"]
    statuses = {i: a.status for i, a in vignette.model_answer.items() if i != "sd-wishes-views"}
    statuses |= {"sd-tm-triangulate": "partly_evidenced", "sd-sm-48-hours": "not_applicable",
                 "sd-safety-network": "not_evidenced", "sd-history-escalation": "evidenced",
                 "sd-parental-consent": "not_applicable", "sd-tm-sm-discussion": "partly_evidenced",
                 "sd-consensus": "not_evidenced"}
    result = feedback(pathways["step-down"], vignette, answers(vignette, statuses))
    assert [(g.item_id, g.kind) for g in result.differences] == [
        ("sd-history-escalation", "over_claimed"), ("sd-safety-network", "missed"), ("sd-wishes-views", "unanswered"),
        ("sd-consensus", "missed"), ("sd-parental-consent", "not_applicable"), ("sd-tm-triangulate", "missed"),
        ("sd-tm-sm-discussion", "missed"), ("sd-sm-48-hours", "not_applicable_refused")]
    assert [g.item_id for g in result.missed] == ["sd-safety-network", "sd-consensus", "sd-tm-triangulate",
                                                  "sd-tm-sm-discussion"]
    assert result.matched == result.total - 8
    assert result.by_role == {
        "social_worker": ["sd-history-escalation", "sd-safety-network", "sd-wishes-views", "sd-parental-consent"],
        "not_named": ["sd-consensus"],
        "team_manager": ["sd-tm-triangulate", "sd-tm-sm-discussion"],
        "service_manager": ["sd-tm-sm-discussion", "sd-sm-48-hours"]}  # a joint duty counts for each holder
    assert result.by_area["Strengths that amount to safety"] == 1
    assert result.by_area["Team manager and service manager oversight"] == 3
    assert sum(result.by_area.values()) == len(result.differences)


def test_a_different_branch_is_reported_and_only_model_route_items_compared(vignettes, pathways):
    vignette = vignettes["repeat-plan-alcohol-returns"]
    skipped = ("rp-recurring-patterns", "rp-common-themes")  # the model route's recurring-risk items
    statuses = {i: a.status for i, a in vignette.model_answer.items() if i not in skipped}
    statuses |= {"rp-new-context": "evidenced", "rp-new-lived-experience": "evidenced"}  # on the learner's route only
    result = feedback(pathways["repeat-plan"], vignette, answers(vignette, statuses, {"nature-of-risk": "new"}))
    [difference] = result.branch_differences
    assert (difference.step_id, difference.learner_value) == ("nature-of-risk", "new")
    assert difference.model_value == "recurring"
    assert difference.learner_label.startswith("New") and difference.model_label.startswith("Recurring")
    assert [(g.item_id, g.kind, g.on_learner_route) for g in result.differences] == [
        ("rp-recurring-patterns", "unanswered", False), ("rp-common-themes", "unanswered", False)]
    assert result.total == len(vignette.model_answer)
    assert result.by_area == {step.title: 2 * int(step.id == "recurring-risk")
                              for step in vignette.model_route(pathways["repeat-plan"]) if step.items}


def test_an_unchosen_branch_is_a_difference_without_a_learner_label(vignettes, pathways):
    vignette = vignettes["long-plan-drift-to-24"]
    result = feedback(pathways["long-plan"], vignette, answers(vignette, {}, {"month-15": "not_addressed"}))
    [difference] = result.branch_differences
    assert (difference.step_id, difference.learner_value, difference.learner_label) == ("month-21", None, None)
    month_24 = [g for g in result.differences if g.step_title == "The 24 month conference"]
    assert month_24 and not any(g.on_learner_route for g in month_24)  # the learner's route stops at month 21


def test_feedback_refuses_answers_for_another_pathway_or_an_unknown_branch(vignettes, pathways):
    vignette = vignettes["repeat-plan-alcohol-returns"]
    with pytest.raises(TrainingError, match="one pathway"):
        feedback(pathways["repeat-plan"], vignette, Answers(pathway_id="step-down"))
    with pytest.raises(TrainingError, match="choose 'sideways' at step 'nature-of-risk'"):
        feedback(pathways["repeat-plan"], vignette, answers(vignette, {}, {"nature-of-risk": "sideways"}))


# --- training drafts ------------------------------------------------------------------------


def test_a_training_draft_is_never_saved(tmp_path, vignettes):
    vignette = vignettes["step-down-neglect-routines"]
    now = datetime(2026, 1, 5, 9, 0).astimezone()
    draft = Draft.new(vignette.pathway, vignette.learner_role, training_reference(6), now, vignette.dates)
    assert draft.case_reference == "TRAINING-006" and is_training_reference(draft.case_reference)
    with pytest.raises(DraftError, match=re.escape(TRAINING_NOT_SAVED)):
        save_draft(draft, tmp_path / "TRAINING-006-step-down.json", now=now)
    assert list(tmp_path.iterdir()) == []
    real = Draft.new(vignette.pathway, vignette.learner_role, "LL-123456", now, vignette.dates)
    assert not is_training_reference(real.case_reference)
    save_draft(real, tmp_path / "LL-123456-step-down.json", now=now)
