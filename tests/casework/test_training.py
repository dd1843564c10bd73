"""Training vignettes: every shipped case is valid and fictional, the loader's errors, and feedback."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.casework.pathways import Answers, ItemAnswer, Pathway, load_pathways
from assistant.casework.training import (
    DEFAULT_FOLDER,
    TrainingError,
    Vignette,
    feedback,
    load_vignette,
    load_vignettes,
)

VIGNETTE_FILES = sorted(DEFAULT_FOLDER.glob("*.yaml"))
FICTION_LINE = "# Fictional training case. Any resemblance to real people is coincidental."
CLAIMED = ("evidenced", "partly_evidenced")

# Capitalised words that may stand next to each other in a scenario: practice terms, not names.
ALLOWED_WORDS = {
    "Care", "Child", "Conference", "Family", "Father", "Graded", "Help", "Legal", "Liquid", "Logic",
    "Meeting", "Mother", "Need", "Plan", "Plans", "Planning", "Profile", "Protection", "Safety", "Signs", "The",
}
_CAPITALISED_PAIR = re.compile(r"(?=\b([A-Z][a-z]+) ([A-Z][a-z]+)\b)")


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


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_the_model_answer_gets_full_marks(path, pathways):
    vignette = load_vignette(path, pathways)
    result = feedback(pathways[vignette.pathway], vignette, vignette.model_answers())
    assert result.missed == [] and result.over_claimed == [] and result.branch_differences == []
    assert result.matched == result.total == len(vignette.model_answer)
    assert sum(result.by_area.values()) == 0 and result.by_role == {}


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_leaving_everything_unanswered_misses_every_claimed_item(path, pathways):
    vignette = load_vignette(path, pathways)
    result = feedback(pathways[vignette.pathway], vignette, answers(vignette, {}))
    claimed = [item.id for item in vignette.model_route_items(pathways[vignette.pathway])
               if vignette.model_answer[item.id].status in CLAIMED]
    assert [gap.item_id for gap in result.missed] == claimed
    assert all(gap.learner_status is None for gap in result.missed)
    assert result.over_claimed == [] and result.matched == 0
    assert sum(result.by_area.values()) == len(result.missed)
    assert sum(len(ids) for ids in result.by_role.values()) == len(result.missed)


def test_over_claiming_is_reported(vignettes, pathways):
    vignette = vignettes["step-down-domestic-abuse-quiet"]
    everything = answers(vignette, dict.fromkeys(vignette.model_answer, "evidenced"))
    result = feedback(pathways["step-down"], vignette, everything)
    assert result.missed == []
    assert len(result.over_claimed) == len(vignette.model_answer) == result.total
    gap = next(g for g in result.over_claimed if g.item_id == "sd-sm-48-hours")
    assert (gap.learner_status, gap.model_status, gap.role) == ("evidenced", "not_evidenced", "service_manager")
    assert gap.step_title == "Team manager and service manager oversight" and "Liquid Logic" in gap.model_note


def test_rating_lower_or_not_applicable_is_missed(vignettes, pathways):
    vignette = vignettes["step-down-neglect-routines"]
    statuses = {i: a.status for i, a in vignette.model_answer.items()}
    statuses |= {"sd-tm-triangulate": "partly_evidenced", "sd-sm-48-hours": "not_applicable",
                 "sd-safety-network": "not_evidenced", "sd-history-escalation": "evidenced"}
    result = feedback(pathways["step-down"], vignette, answers(vignette, statuses))
    assert [(g.item_id, g.learner_status) for g in result.missed] == [
        ("sd-safety-network", "not_evidenced"), ("sd-tm-triangulate", "partly_evidenced"),
        ("sd-sm-48-hours", "not_applicable")]
    assert [g.item_id for g in result.over_claimed] == ["sd-history-escalation"]
    assert result.matched == result.total - 4
    assert result.by_role == {"multi_agency": ["sd-safety-network"], "team_manager": ["sd-tm-triangulate"],
                              "service_manager": ["sd-sm-48-hours"]}
    assert result.by_area["Strengths that amount to safety"] == 1
    assert result.by_area["Team manager and service manager oversight"] == 2
    assert sum(result.by_area.values()) == len(result.missed) == 3


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
    assert [g.item_id for g in result.missed] == ["rp-common-themes"]  # rp-recurring-patterns: model says not evidenced
    assert result.over_claimed == [] and result.total == len(vignette.model_answer)
    assert result.by_area == {step.title: int(step.id == "recurring-risk")
                              for step in vignette.model_route(pathways["repeat-plan"]) if step.items}


def test_an_unchosen_branch_is_a_difference_without_a_learner_label(vignettes, pathways):
    vignette = vignettes["long-plan-drift-to-24"]
    result = feedback(pathways["long-plan"], vignette, answers(vignette, {}, {"month-15": "not_addressed"}))
    [difference] = result.branch_differences
    assert (difference.step_id, difference.learner_value, difference.learner_label) == ("month-21", None, None)


def test_feedback_refuses_answers_for_another_pathway_or_an_unknown_branch(vignettes, pathways):
    vignette = vignettes["repeat-plan-alcohol-returns"]
    with pytest.raises(TrainingError, match="one pathway"):
        feedback(pathways["repeat-plan"], vignette, Answers(pathway_id="step-down"))
    with pytest.raises(TrainingError, match="choose 'sideways' at step 'nature-of-risk'"):
        feedback(pathways["repeat-plan"], vignette, answers(vignette, {}, {"nature-of-risk": "sideways"}))
