"""Pathways: every shipped YAML loads, is grounded in its policy text, and walks end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.casework.pathways import (
    DEFAULT_FOLDER,
    Answers,
    ItemAnswer,
    Pathway,
    PathwayError,
    Step,
    load_pathway,
    load_pathways,
    next_step,
    open_items,
    progress,
    route,
)
from assistant.config import PROJECT_ROOT
from assistant.errors import AssistantError

KNOWLEDGE = PROJECT_ROOT / "knowledge"
PATHWAY_FILES = sorted(DEFAULT_FOLDER.glob("*.yaml"))
ROLES = {"social_worker", "team_manager", "service_manager", "cp_chair", "cp_chair_supervisor", "qa_team_manager",
         "sw_team", "multi_agency", "conference"}


def knowledge_body(name: str) -> str:
    """The knowledge file's text after its front matter (after the second '---' line)."""
    lines = (KNOWLEDGE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    markers = [i for i, line in enumerate(lines) if line.strip() == "---"]
    assert len(markers) >= 2, f"{name} has no front matter"
    return "".join(lines[markers[1] + 1 :])


def quotes(pathway: Pathway) -> list[str]:
    return [c.quote for item in pathway.items() for c in item.citations]


def items_citing(pathway: Pathway, fragment: str) -> list:
    return [item for item in pathway.items() if any(fragment in c.quote for c in item.citations)]


@pytest.fixture(scope="module")
def pathways() -> dict[str, Pathway]:
    return load_pathways()


def walks(pathway: Pathway) -> list[dict[str, str]]:
    """Every combination of branch choices, as step id -> option value, found by depth-first search."""
    results: list[dict[str, str]] = []

    def go(step_id: str, chosen: dict[str, str]) -> None:
        step = pathway.step(step_id)
        if step.branch is not None:
            for option in step.branch.options:
                go(option.next, {**chosen, step.id: option.value})
        elif step.next is not None:
            go(step.next, chosen)
        else:
            results.append(chosen)

    go(pathway.start, {})
    return results


# --- every shipped pathway -------------------------------------------------------------


def test_three_pathways_are_shipped(pathways):
    assert set(pathways) == {"step-down", "repeat-plan", "long-plan"}
    assert len(PATHWAY_FILES) == 3


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_pathway_loads_and_id_matches_file(path):
    pathway = load_pathway(path)
    assert pathway.id == path.stem
    assert pathway.items()


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_every_quote_is_verbatim_in_its_source(path):
    pathway = load_pathway(path)
    assert (KNOWLEDGE / pathway.source).is_file()
    for item in pathway.items():
        for citation in item.citations:
            body = knowledge_body(citation.source)
            assert citation.quote in body, (
                f"{item.id}: quote not found verbatim in {citation.source}: {citation.quote!r}"
            )
            assert 8 <= len(citation.quote.split()) <= 40


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_every_item_has_a_role_and_a_citation(path):
    pathway = load_pathway(path)
    for item in pathway.items():
        assert item.role in ROLES | {"not_named"}
        assert set(item.roles) <= ROLES
        assert item.citations
        assert item.text.strip().endswith("?"), f"{item.id} should be phrased as a question"


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_questions_are_not_copied_policy_sentences(path):
    pathway = load_pathway(path)
    for item in pathway.items():
        for citation in item.citations:
            assert citation.quote not in item.text, f"{item.id} copies its quote"


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_every_branch_option_is_walked_to_a_final_step(path):
    pathway = load_pathway(path)
    options = {(s.id, o.value) for s in pathway.steps if s.branch for o in s.branch.options}
    walked: set[tuple[str, str]] = set()
    reached: set[str] = set()
    for chosen in walks(pathway):
        steps = route(pathway, Answers(pathway_id=pathway.id, branches=chosen))
        assert steps[0].id == pathway.start
        assert steps[-1].is_final
        walked |= set(chosen.items())
        reached |= {s.id for s in steps}
    assert walked == options
    assert reached == {s.id for s in pathway.steps}, "some steps can never be reached"


# --- coverage of the policy requirements ----------------------------------------------


def test_step_down_covers_the_policy(pathways):
    p = pathways["step-down"]
    sm_48 = items_citing(p, "recorded on Liquid Logic at least 48 hours prior to the meeting")
    assert [i.role for i in sm_48] == ["service_manager"]
    chair = items_citing(p, "confirm that both Team Manager and Service Manager are supportive")
    assert [i.role for i in chair] == ["cp_chair"]
    consent = items_citing(p, "consent is required from parents")
    assert consent and consent[0].role == "social_worker"
    for fragment in (
        "triangulation of the initial concern",
        "likelihood of future escalation",
        "statutory visit to the child and family",
        "evidencing progress against the CPP",
        "progress through core group activity",
        "strengths that equate to safety, not just the absence of risk",
        "Signs of Safety",
        "wishes and views of the children",
        "lived experience of the child and family",
        "multi-agency consensus and a clear safety narrative",
        "sustainable at Child In Need/ Family Help Level",
        "evaluate and triangulate the evidence",
        "seek a discussion with their Service Manager",
        "responsible for recording the discussion and agreement",
        "reflective and curious conversation",
    ):
        assert items_citing(p, fragment), fragment
    assert {i.role for i in p.items()} >= {"social_worker", "team_manager", "service_manager", "cp_chair"}


REPEAT_ACTIONS = {
    "collaborative case discussion": "opportunities to do something different",
    "legal consultation": "reason why legal advice is not being sought",
    "CP chair engagement": "duty CP Chair",
    "management oversight": "rationale for initiating further CP planning",
    "parental capacity assessment": "readiness for change",
    "clear, achievable plans": "realistic steps and supports",
    "escalation of service gaps": "gaps in multi-agency support",
    "co-produced planning": "ICPC is a collaborative space",
    "effective use of tools": "cultural genograms",
    "multi-agency accountability": "held accountable for their roles",
    "tested safety plans": "Safety plans should be evaluated",
}


@pytest.mark.parametrize("action", sorted(REPEAT_ACTIONS))
def test_repeat_plan_cites_every_action(pathways, action):
    assert items_citing(pathways["repeat-plan"], REPEAT_ACTIONS[action])


def test_repeat_plan_covers_reflective_considerations(pathways):
    p = pathways["repeat-plan"]
    for fragment in (
        "time elapsed since the last CP plan",
        "A shorter plan",
        "A longer plan",
        "safety plans were thoroughly tested",
        "disguised compliance, unresolved trauma, or systemic barriers",
        "Common themes",
        "shift in the family's circumstances",
        "vital to reflect on",
        "helpful or unhelpful from the family's perspective",
        "co-producing plans with families",
        "at the strategy discussion",
    ):
        assert items_citing(p, fragment), fragment
    legal = items_citing(p, "legal advice is not being sought")
    assert legal[0].role == "service_manager"
    branch = p.step("nature-of-risk").branch
    assert branch is not None and {o.value for o in branch.options} == {"recurring", "new", "both"}


def test_long_plan_covers_the_policy(pathways):
    p = pathways["long-plan"]
    ids = {s.id for s in p.steps}
    assert {"month-9", "month-12", "month-15", "month-18", "month-21", "month-24"} <= ids
    lpm = p.step("legal-planning").items
    assert [i.id for i in lpm] == ["lp-lpm"]
    assert "within a maximum of two weeks" in lpm[0].citations[0].quote
    assert items_citing(p, "mid-point Exemplar")[0].role == "cp_chair"
    assert items_citing(p, "ICS a management note")[0].role == "qa_team_manager"
    assert items_citing(p, "supervision between the CP Chair and their supervisor")[0].role == "cp_chair"
    assert items_citing(p, "very clear reports for the Conference")[0].role == "multi_agency"
    assert items_citing(p, "subject to the PLO process")[0].role == "sw_team"
    assert items_citing(p, "timeframe for the matter being placed before the Courts")
    assert items_citing(p, "exceptional circumstances")
    branch = p.step("month-15").branch
    assert branch is not None
    assert {o.value: o.next for o in branch.options} == {
        "addressed": "month-18", "not_addressed": "legal-planning", "plan_ends": "closure"}


def test_long_plan_lpm_only_when_concerns_remain(pathways):
    p = pathways["long-plan"]
    addressed = [s.id for s in route(p, Answers(pathway_id=p.id, branches={"month-15": "addressed"}))]
    remaining = [s.id for s in route(p, Answers(pathway_id=p.id, branches={"month-15": "not_addressed"}))]
    assert "legal-planning" not in addressed
    assert remaining[remaining.index("month-15") + 1] == "legal-planning"


# --- errors ---------------------------------------------------------------------------

MINIMAL = """\
id: tiny
title: Tiny
description: A small pathway for tests.
source: step-down-and-repeat-plans.md
start: {start}
steps:
  - id: first
    title: First
    next: {next}
    items:
      - id: {item_a}
        role: social_worker
        text: Is this a question?
        citations:
          - source: step-down-and-repeat-plans.md
            quote: "As at both Child in Need and Family Help level, consent is required from parents"
  - id: last
    title: Last
    items:
      - id: {item_b}
        role: cp_chair
        text: Is this another question?
        {extra}citations:
          - source: step-down-and-repeat-plans.md
            quote: "they should confirm that both Team Manager and Service Manager are supportive"
"""


def write(tmp_path: Path, **overrides: str) -> Path:
    values = {"start": "first", "next": "last", "item_a": "a", "item_b": "b", "extra": ""} | overrides
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL.format(**values), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path):
    pathway = load_pathway(write(tmp_path))
    assert [s.id for s in pathway.steps] == ["first", "last"]


def test_pathway_error_is_an_assistant_error():
    assert issubclass(PathwayError, AssistantError)


def test_unknown_key_names_key_and_file(tmp_path):
    path = write(tmp_path, extra="colour: red\n        ")
    with pytest.raises(PathwayError, match="unknown key 'colour'") as info:
        load_pathway(path)
    assert str(path) in str(info.value)
    assert "steps.1.items.0" in str(info.value)


def test_unknown_next_step(tmp_path):
    path = write(tmp_path, next="rout")
    with pytest.raises(PathwayError, match="unknown step 'rout'") as info:
        load_pathway(path)
    assert "tiny.yaml" in str(info.value)


def test_unknown_start_step(tmp_path):
    with pytest.raises(PathwayError, match="unknown step 'rout'"):
        load_pathway(write(tmp_path, start="rout"))


def test_unknown_branch_target(tmp_path):
    text = write(tmp_path).read_text().replace(
        "    next: last\n",
        "    branch:\n      id: which\n      role: social_worker\n      question: Which?\n      options:\n"
        "        - {value: x, label: X, next: last}\n        - {value: y, label: Y, next: rout}\n",
    )
    path = tmp_path / "branchy.yaml"
    path.write_text(text)
    with pytest.raises(PathwayError, match="unknown step 'rout'") as info:
        load_pathway(path)
    assert "branchy.yaml" in str(info.value)


def test_cycle_is_an_error(tmp_path):
    last = "  - id: last\n    title: Last\n"
    text = write(tmp_path).read_text().replace(last, last + "    next: first\n")
    path = tmp_path / "loop.yaml"
    path.write_text(text)
    with pytest.raises(PathwayError, match="cycle"):
        load_pathway(path)


def test_duplicate_item_id(tmp_path):
    with pytest.raises(PathwayError, match="duplicate item id 'a'"):
        load_pathway(write(tmp_path, item_b="a"))


def test_bad_yaml_syntax(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\ntitle: x\n")
    with pytest.raises(PathwayError, match="broken.yaml is not valid YAML"):
        load_pathway(path)


def test_yaml_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(PathwayError, match="list.yaml must contain a mapping"):
        load_pathway(path)


def test_missing_file(tmp_path):
    with pytest.raises(PathwayError, match="Cannot read pathway file"):
        load_pathway(tmp_path / "nope.yaml")


def test_quote_too_short(tmp_path):
    text = write(tmp_path).read_text().replace(
        '"As at both Child in Need and Family Help level, consent is required from parents"', '"Substance use"'
    )
    path = tmp_path / "short.yaml"
    path.write_text(text)
    with pytest.raises(PathwayError, match="8 to 40 words"):
        load_pathway(path)


def test_load_pathways_folder(tmp_path):
    write(tmp_path)
    assert list(load_pathways(tmp_path)) == ["tiny"]
    with pytest.raises(PathwayError, match="does not exist"):
        load_pathways(tmp_path / "missing")


def test_not_applicable_needs_a_reason():
    with pytest.raises(ValidationError, match="give a reason"):
        ItemAnswer(item_id="a", status="not_applicable")
    with pytest.raises(ValidationError, match="give a reason"):
        ItemAnswer(item_id="a", status="not_applicable", reason="   ")
    assert ItemAnswer(item_id="a", status="not_applicable", reason="No siblings").reason == "No siblings"


def test_unknown_status_and_keys_are_rejected():
    with pytest.raises(ValidationError):
        ItemAnswer(item_id="a", status="done")
    with pytest.raises(ValidationError):
        ItemAnswer(item_id="a", status="evidenced", colour="red")
    with pytest.raises(ValidationError, match="is for item"):
        Answers(pathway_id="x", items={"a": ItemAnswer(item_id="b", status="evidenced")})


# --- engine ---------------------------------------------------------------------------


def _item(item_id: str, required: bool = True) -> dict:
    return {
        "id": item_id,
        "role": "social_worker",
        "text": f"Question {item_id}?",
        "required": required,
        "citations": [{"source": "x.md", "quote": "one two three four five six seven eight"}],
    }


@pytest.fixture
def small() -> Pathway:
    """start -> fork (yes -> left, no -> right) -> end."""
    return Pathway.model_validate(
        {
            "id": "small",
            "title": "Small",
            "description": "d",
            "source": "x.md",
            "start": "start",
            "steps": [
                {"id": "start", "title": "Start", "items": [_item("s1"), _item("s2", required=False)], "next": "fork"},
                {
                    "id": "fork",
                    "title": "Fork",
                    "items": [_item("f1")],
                    "branch": {
                        "id": "fork-choice", "role": "social_worker", "question": "Which way?",
                        "options": [
                            {"value": "yes", "label": "Yes", "next": "left"},
                            {"value": "no", "label": "No", "next": "right"},
                        ],
                    },
                },
                {"id": "left", "title": "Left", "items": [_item("l1")], "next": "end"},
                {"id": "right", "title": "Right", "items": [_item("r1"), _item("r2")], "next": "end"},
                {"id": "end", "title": "End", "items": [_item("e1")]},
            ],
        }
    )


def ids(steps_or_items) -> list[str]:
    return [x.id for x in steps_or_items]


def test_route_stops_at_unanswered_branch(small):
    assert ids(route(small, Answers(pathway_id="small"))) == ["start", "fork"]


def test_route_follows_branch_choices(small):
    assert ids(route(small, Answers(pathway_id="small", branches={"fork": "yes"}))) == ["start", "fork", "left", "end"]
    assert ids(route(small, Answers(pathway_id="small", branches={"fork": "no"}))) == ["start", "fork", "right", "end"]


def test_unknown_branch_option_is_an_error(small):
    with pytest.raises(PathwayError, match="unknown branch option 'maybe'"):
        route(small, Answers(pathway_id="small", branches={"fork": "maybe"}))
    with pytest.raises(PathwayError, match="unknown branch option 'maybe'"):
        next_step(small, Answers(pathway_id="small", branches={"fork": "maybe"}), "fork")


def test_answers_for_another_pathway_are_an_error(small):
    with pytest.raises(PathwayError, match="for pathway 'other'"):
        route(small, Answers(pathway_id="other"))


def test_next_step(small):
    none = Answers(pathway_id="small")
    assert next_step(small, none, None).id == "start"
    assert next_step(small, none, "start").id == "fork"
    assert next_step(small, none, "fork") is None
    assert next_step(small, Answers(pathway_id="small", branches={"fork": "no"}), "fork").id == "right"
    assert next_step(small, none, "end") is None
    with pytest.raises(PathwayError, match="no step 'nowhere'"):
        next_step(small, none, "nowhere")


def test_progress_counts_items_on_the_route(small):
    answers = Answers(
        pathway_id="small",
        items={"s1": ItemAnswer(item_id="s1", status="evidenced"), "r1": ItemAnswer(item_id="r1", status="evidenced")},
    )
    assert progress(small, answers).model_dump() == {"answered": 1, "total": 3, "fraction": pytest.approx(1 / 3)}
    chose_right = answers.model_copy(update={"branches": {"fork": "no"}})
    assert progress(small, chose_right).model_dump() == {"answered": 2, "total": 6, "fraction": pytest.approx(2 / 6)}


def test_open_items(small):
    answers = Answers(
        pathway_id="small",
        branches={"fork": "no"},
        items={
            "s1": ItemAnswer(item_id="s1", status="evidenced"),
            "f1": ItemAnswer(item_id="f1", status="partly_evidenced", note="only one source"),
            "r1": ItemAnswer(item_id="r1", status="not_applicable", reason="no partner involved"),
            "r2": ItemAnswer(item_id="r2", status="not_evidenced"),
        },
    )
    # s2 is optional; f1 partly evidenced stays open; r1 is closed by its reason; e1 unanswered.
    assert ids(open_items(small, answers)) == ["f1", "r2", "e1"]


def test_engine_on_real_step_down(pathways):
    p = pathways["step-down"]
    empty = Answers(pathway_id=p.id)
    steps = route(p, empty)
    assert steps[-1].is_final and len(steps) == len(p.steps)
    assert progress(p, empty).total == len(p.items())
    assert ids(open_items(p, empty)) == ids(p.items())
    done = Answers(pathway_id=p.id, items={i.id: ItemAnswer(item_id=i.id, status="evidenced") for i in p.items()})
    assert open_items(p, done) == []
    assert progress(p, done).fraction == 1.0
    current: Step | None = next_step(p, empty, None)
    visited = []
    while current is not None:
        visited.append(current.id)
        current = next_step(p, empty, current.id)
    assert visited == ids(steps)


def test_engine_on_real_repeat_plan(pathways):
    p = pathways["repeat-plan"]
    first = route(p, Answers(pathway_id=p.id))
    assert ids(first) == ["time-since", "nature-of-risk"]
    recurring = Answers(pathway_id=p.id, branches={"nature-of-risk": "recurring"})
    new = Answers(pathway_id=p.id, branches={"nature-of-risk": "new"})
    assert "recurring-risk" in ids(route(p, recurring)) and "new-risk" not in ids(route(p, recurring))
    assert "new-risk" in ids(route(p, new)) and "recurring-risk" not in ids(route(p, new))
    assert "rp-common-themes" in ids(open_items(p, recurring))
    assert "rp-common-themes" not in ids(open_items(p, new))
    assert progress(p, recurring).total == len(p.items()) - len(p.step("new-risk").items)


def test_engine_on_real_long_plan(pathways):
    p = pathways["long-plan"]
    assert ids(route(p, Answers(pathway_id=p.id)))[-1] == "month-15"
    full = Answers(pathway_id=p.id, branches={"month-15": "not_addressed", "month-21": "exceptional"})
    assert ids(route(p, full)) == [
        "month-9", "month-12", "month-15-prep", "month-15", "legal-planning",
        "month-18", "month-21", "month-24", "closure",
    ]
    assert "lp-lpm" in ids(open_items(p, full))
