"""Practice fidelity: who holds each duty, which routes ask what, and duties that cannot be waved away.

Each row below was checked against the policy sentence the item cites: the role the policy names,
every role of a joint duty, and ``not_named`` where the sentence is passive.
"""

from __future__ import annotations

import pytest

from assistant.casework.pathways import Answers, ItemAnswer, load_pathways, open_items, progress, route
from assistant.casework.pathways.schema import holders_label


@pytest.fixture(scope="module")
def pathways():
    return load_pathways()


def item(pathways, item_id):
    for pathway in pathways.values():
        for candidate in pathway.items():
            if candidate.id == item_id:
                return candidate
    raise KeyError(item_id)


HOLDERS = [
    # step-down
    ("sd-tm-triangulate", "team_manager", ["team_manager"]),
    ("sd-tm-sm-discussion", "team_manager", ["team_manager", "service_manager"]),
    ("sd-sm-record-agreement", "service_manager", ["service_manager"]),
    ("sd-sm-48-hours", "service_manager", ["service_manager"]),
    ("sd-chair-robust", "cp_chair", ["cp_chair"]),
    ("sd-chair-confirm-support", "cp_chair", ["cp_chair"]),
    ("sd-consensus", "not_named", []),
    ("sd-review-deepen", "not_named", []),
    # repeat plan: the reflective analysis is the social worker's and team manager's together
    ("rp-time-elapsed", "social_worker", ["social_worker", "team_manager"]),
    ("rp-plan-length", "social_worker", ["social_worker", "team_manager"]),
    ("rp-missing-services", "social_worker", ["social_worker", "team_manager"]),
    ("rp-recurring-patterns", "social_worker", ["social_worker", "team_manager"]),
    ("rp-new-lived-experience", "social_worker", ["social_worker", "team_manager"]),
    ("rp-case-discussion", "team_manager", ["team_manager", "service_manager"]),
    ("rp-legal-consultation", "service_manager", ["service_manager"]),
    ("rp-duty-chair", "not_named", []),
    ("rp-management-rationale", "not_named", []),
    ("rp-parental-capacity", "not_named", []),
    ("rp-agency-accountability", "not_named", []),
    ("rp-tested-safety-plan", "not_named", []),
    # long plan
    ("lp-9-challenge", "cp_chair", ["cp_chair"]),
    ("lp-9-timescales", "cp_chair", ["cp_chair"]),
    ("lp-12-sw-conversation", "cp_chair", ["cp_chair", "sw_team"]),
    ("lp-15-assessment", "not_named", []),
    ("lp-15-supervision", "cp_chair", ["cp_chair", "cp_chair_supervisor"]),
    ("lp-15-partner-reports", "multi_agency", ["multi_agency"]),
    ("lp-15-challenge", "not_named", []),
    ("lp-15-concerns-in-plan", "not_named", []),
    ("lp-lpm", "not_named", []),
    ("lp-18-qa-meeting", "qa_team_manager", ["qa_team_manager", "team_manager"]),
    ("lp-18-reduce-harm", "qa_team_manager", ["qa_team_manager", "team_manager"]),
    ("lp-18-management-note", "qa_team_manager", ["qa_team_manager"]),
    ("lp-21-plo-analysis", "sw_team", ["sw_team"]),
    ("lp-24-exceptional", "not_named", []),
    ("lp-24-clear-plan", "conference", ["conference"]),
]


@pytest.mark.parametrize(("item_id", "role", "roles"), HOLDERS, ids=[row[0] for row in HOLDERS])
def test_each_duty_goes_to_the_role_the_policy_names(pathways, item_id, role, roles):
    found = item(pathways, item_id)
    assert (found.role, found.roles) == (role, roles)


@pytest.mark.parametrize("item_id", ["lp-15-challenge", "rp-agency-accountability", "lp-9-timescales"])
def test_partners_who_are_challenged_are_not_the_ones_doing_it(pathways, item_id):
    assert "multi_agency" not in item(pathways, item_id).roles


def test_passive_duties_say_who_is_not_named(pathways):
    for pathway in pathways.values():
        for candidate in pathway.items():
            if candidate.role == "not_named":
                assert candidate.roles == []
                assert candidate.holders == "Not named in the policy"


@pytest.mark.parametrize(("role", "roles", "label"), [
    ("team_manager", ["team_manager"], "Team manager"),
    ("team_manager", ["team_manager", "service_manager"], "Team manager and service manager (jointly)"),
    ("qa_team_manager", ["qa_team_manager", "team_manager"], "QA team manager and team manager (jointly)"),
    ("cp_chair", ["cp_chair", "cp_chair_supervisor"], "CP chair and CP chair's supervisor (jointly)"),
    ("not_named", [], "Not named in the policy"),
])
def test_holders_label(role, roles, label):
    assert holders_label(role, roles) == label


# --- routes ------------------------------------------------------------------------------


def route_items(pathway, branches):
    return [i.id for s in route(pathway, Answers(pathway_id=pathway.id, branches=branches)) for i in s.items]


@pytest.mark.parametrize(("choice", "asked", "not_asked"), [
    ("recurring", ["rp-recurring-patterns", "rp-common-themes"], ["rp-new-context", "rp-new-lived-experience"]),
    ("new", ["rp-new-context", "rp-new-lived-experience"], ["rp-recurring-patterns", "rp-common-themes"]),
    ("both", ["rp-recurring-patterns", "rp-common-themes", "rp-new-context", "rp-new-lived-experience"], []),
])
def test_repeat_plan_risk_recurring_new_or_both(pathways, choice, asked, not_asked):
    items = route_items(pathways["repeat-plan"], {"nature-of-risk": choice})
    for item_id in asked:
        assert item_id in items
    for item_id in not_asked:
        assert item_id not in items
    assert items[-1] == "rp-tested-safety-plan", "every route reaches the actions"


@pytest.mark.parametrize(("choice", "steps_after_15"), [
    ("not_addressed", ["legal-planning", "month-18", "month-21"]),
    ("addressed", ["month-18", "month-21"]),
    ("plan_ends", ["closure"]),
])
def test_long_plan_three_outcomes_at_15_months(pathways, choice, steps_after_15):
    p = pathways["long-plan"]
    steps = [s.id for s in route(p, Answers(pathway_id=p.id, branches={"month-15": choice}))]
    assert steps[steps.index("month-15") + 1:] == steps_after_15


def test_items_on_a_route_not_taken_are_neither_asked_nor_counted(pathways):
    p = pathways["long-plan"]
    ends = Answers(pathway_id=p.id, branches={"month-15": "plan_ends"})
    asked = {i.id for s in route(p, ends) for i in s.items}
    assert "lp-lpm" not in asked and "lp-18-qa-meeting" not in asked
    assert progress(p, ends).total == len(asked)
    assert {i.id for i in open_items(p, ends)} <= asked


def test_21_month_option_is_worded_as_the_policy_trigger(pathways):
    branch = pathways["long-plan"].step("month-21").branch
    labels = {o.value: o.label for o in branch.options}
    assert "not been placed before the Courts" in labels["exceptional"]
    assert not labels["exceptional"].lower().startswith("exceptionally")


# --- duties that cannot be waved away ---------------------------------------------------


@pytest.mark.parametrize(("pathway_id", "item_id", "branches"), [
    ("step-down", "sd-sm-48-hours", {}),
    ("step-down", "sd-sm-record-agreement", {}),
    ("long-plan", "lp-lpm", {"month-15": "not_addressed"}),
    ("repeat-plan", "rp-legal-consultation", {"nature-of-risk": "both"}),
])
def test_statutory_items_stay_open_when_marked_not_applicable(pathways, pathway_id, item_id, branches):
    p = pathways[pathway_id]
    assert item(pathways, item_id).allow_not_applicable is False
    na = ItemAnswer(item_id=item_id, status="not_applicable", reason="not needed yet")
    answers = Answers(pathway_id=p.id, branches=branches, items={item_id: na})
    assert item_id in {i.id for i in open_items(p, answers)}
    done = Answers(pathway_id=p.id, branches=branches, items={item_id: ItemAnswer(item_id=item_id, status="evidenced")})
    assert item_id not in {i.id for i in open_items(p, done)}


def test_other_items_may_still_be_not_applicable(pathways):
    p = pathways["step-down"]
    na = ItemAnswer(item_id="sd-parental-consent", status="not_applicable", reason="child is looked after")
    assert "sd-parental-consent" not in {i.id for i in open_items(p, Answers(pathway_id=p.id, items={"sd-parental-consent": na}))}


# --- the schema's checks on holders and conditions ----------------------------------------

QUOTE = "As at both Child in Need and Family Help level, consent is required from parents"


def tiny(item: dict | None = None, second_step: dict | None = None) -> dict:
    first = {"id": "a", "role": "social_worker", "text": "Q?", "citations": [{"source": "s.md", "quote": QUOTE}],
             **(item or {})}
    steps = [{"id": "one", "title": "One", "items": [first],
              "branch": {"id": "b", "role": "social_worker", "question": "Which?",
                         "options": [{"value": "x", "label": "X", "next": "two"},
                                     {"value": "y", "label": "Y", "next": "two"}]}},
             {"id": "two", "title": "Two", **(second_step or {})}]
    return {"id": "tiny", "title": "T", "description": "D", "source": "s.md", "start": "one", "steps": steps}


@pytest.mark.parametrize(("item", "step", "message"), [
    ({"role": "not_named", "roles": ["team_manager"]}, None, "leave 'roles' out"),
    ({"role": "team_manager", "roles": ["service_manager", "team_manager"]}, None, "must start with the main holder"),
    ({"role": "team_manager", "roles": ["team_manager", "team_manager"]}, None, "lists a role twice"),
    ({"role": "the_chair"}, None, "role"),
    (None, {"when": {"branch": "nope", "is_one_of": ["x"]}}, "unknown branch 'nope'"),
    (None, {"when": {"branch": "b", "is_one_of": ["z"]}}, "'z', which is not one of its options"),
])
def test_schema_refuses_bad_holders_and_conditions(item, step, message):
    from pydantic import ValidationError

    from assistant.casework.pathways.schema import Pathway

    with pytest.raises(ValidationError, match=message):
        Pathway.model_validate(tiny(item, step))


def test_role_alone_fills_roles_and_not_named_has_none():
    from assistant.casework.pathways.schema import Pathway

    assert Pathway.model_validate(tiny()).items()[0].roles == ["social_worker"]
    assert Pathway.model_validate(tiny({"role": "not_named"})).items()[0].roles == []
