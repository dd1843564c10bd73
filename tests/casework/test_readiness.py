"""The readiness line: the user's own items, whom the checklist waits for, the policy's stage, who decides."""

from __future__ import annotations

import pytest

from assistant.casework.readiness import OpenItem, readiness_line, stage, waiting_for


def items(*rows):
    return [OpenItem(roles[0] if roles else "not_named", roles, gap) for roles, gap in rows]


SW, TM, SM, CHAIR = ["social_worker"], ["team_manager"], ["service_manager"], ["cp_chair"]
JOINT = ["team_manager", "service_manager"]


@pytest.mark.parametrize(("rows", "expected"), [
    ([(SW, True), (TM, True)], "the social worker"),
    ([(SW, False), (TM, True), (SM, True)], "the team manager"),
    ([(SW, False), (TM, False), (SM, True), (CHAIR, True)], "the service manager"),
    ([(SW, False), (TM, False), (SM, False), (CHAIR, True)], "the CP chair"),
    ([(SW, False), (JOINT, True), (CHAIR, True)], "the team manager"),
    ([(SW, False), (TM, False), ([], True)], None),
    ([(["sw_team"], True), (TM, True)], "the social worker"),
])
def test_stage_follows_the_policy_order(rows, expected):
    assert stage(items(*rows)) == expected


def test_waiting_for_counts_each_holder_of_a_joint_duty_and_names_the_unnamed():
    rows = items((SW, False), (JOINT, True), (TM, True), (SM, False), ([], True), (CHAIR, True))
    assert waiting_for(rows, "social_worker") == {"team_manager": 2, "service_manager": 1, "cp_chair": 1,
                                                  "not_named": 1}
    assert "team_manager" not in waiting_for(rows, "team_manager")


def test_the_line_says_whose_items_are_open_and_the_stage():
    rows = items((SW, False), (["sw_team"], False), (TM, True), (TM, True), (TM, True), (SM, True), (SM, True),
                 (CHAIR, True), (CHAIR, True), (CHAIR, True), (CHAIR, True))
    line = readiness_line(rows, "social_worker", True, decided_by="Decided at the review conference.")
    assert line == ("Social worker's items: all evidenced. Waiting for: team manager (3), service manager (2), CP chair (4). "
                    "Stage: ready for the team manager. Decided at the review conference.")


def test_the_users_own_open_items_come_first():
    line = readiness_line(items((SW, True), (SW, True), (TM, True)), "social_worker", True)
    assert line.startswith("Social worker's items: 2 not yet evidenced. Waiting for: team manager (1). Stage: the social "
                           "worker's evidence is not complete, so not yet ready for the team manager.")


def test_all_closed():
    line = readiness_line(items((SW, False), (TM, False)), "team_manager", True, decided_by="The conference decides.")
    assert line == "Team manager's items: all evidenced. Every required item is evidenced or marked not applicable. " \
                   "The conference decides."


def test_unfinished_route_says_so_and_names_the_question():
    line = readiness_line(items((SW, False)), "social_worker", False, "Are the risks recurring, new, or both?")
    assert line.startswith("Not complete: a question that decides the rest of the route ('Are the risks recurring, "
                           "new, or both?') is not answered yet")
    assert "Every required item" not in line


def test_a_user_with_no_items_is_told():
    assert readiness_line(items((SW, True)), "qa_team_manager", True).startswith("QA team manager's items: none on this route.")


@pytest.mark.parametrize("user", ["social_worker", "team_manager", "service_manager", "cp_chair", "qa_team_manager"])
def test_readiness_never_decides(user):
    for rows in ([(SW, True)], [(SW, False), (TM, False)], [(JOINT, True), ([], True)]):
        for finished in (True, False):
            lowered = readiness_line(items(*rows), user, finished, "Q?").lower()
            assert not any(word in lowered for word in ("should end", "recommend", "safe to", "approve"))
