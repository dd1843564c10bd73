"""Who may do what with sign-in: roles from the token's claims through the council's map, and the actions
each role allows (managers review, only policy editors change the library, everyone asks and trains)."""

from __future__ import annotations

import pytest

from assistant.access import APP_ROLES, NotPermitted, may, require, roles_from_claims
from assistant.config import load_settings
from assistant.errors import ConfigError

MAP = {"CP.SocialWorker": "social_worker", "CP.TeamManager": "team_manager", "CP.PolicyEditor": "policy_editor"}


@pytest.mark.parametrize("claims, roles", [
    ({"roles": ["CP.SocialWorker"]}, ["social_worker"]),
    ({"roles": "CP.TeamManager"}, ["team_manager"]),
    ({"roles": ["CP.PolicyEditor", "CP.SocialWorker", "Other.Group"]}, ["social_worker", "policy_editor"]),
    ({"roles": ["Other.Group"]}, []), ({}, []), ({"roles": 7}, []),
])
def test_roles_come_from_the_claim_through_the_map(claims, roles):
    assert roles_from_claims(claims, "roles", MAP) == roles


@pytest.mark.parametrize("roles, allowed", [
    (["social_worker"], {"casework", "ask", "train"}),
    (["team_manager"], {"casework", "review", "ask", "train"}),
    (["trainer"], {"ask", "train"}),
    (["policy_editor"], {"ask", "train", "change_library"}),
    (None, {"casework", "review", "ask", "train", "change_library"}),  # sign-in off: one person, everything
])
def test_each_role_may_take_its_actions_and_no_others(roles, allowed):
    actions = ("casework", "review", "ask", "train", "change_library")
    assert {a for a in actions if may(roles, a)} == allowed


def test_a_refusal_names_the_roles_that_may():
    with pytest.raises(NotPermitted, match="Recording a review is for: team manager, service manager, CP chair, "
                                           "QA team manager"):
        require(["social_worker"], "review", "Recording a review")
    require(["cp_chair"], "review", "Recording a review")


def test_the_role_map_is_checked_when_the_settings_load(monkeypatch):
    monkeypatch.setenv("ASSISTANT_ROLE_MAP", '{"CP.Boss": "head_of_service"}')
    with pytest.raises(ConfigError, match="ASSISTANT_ROLE_MAP names roles the app does not have: head_of_service"):
        load_settings()
    monkeypatch.setenv("ASSISTANT_ROLE_MAP", '{"CP.Chair": "cp_chair"}')
    assert load_settings().role_map == {"CP.Chair": "cp_chair"} and "cp_chair" in APP_ROLES
