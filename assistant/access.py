"""Who may do what, when people sign in (``ASSISTANT_SIGN_IN``): roles from the identity token's claims, and
the actions each role allows. Pure: the sign-in page (``ui/signin.py``) reads the claims, and every action
that needs a permission checks it where it is carried out (``require``), not only by hiding its button.

Without sign-in (the laptop default) there is one person, who may do everything the settings allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assistant.errors import AssistantError

AppRole = Literal["social_worker", "team_manager", "service_manager", "cp_chair", "qa_team_manager", "trainer",
                  "policy_editor"]
APP_ROLES: tuple[str, ...] = ("social_worker", "team_manager", "service_manager", "cp_chair", "qa_team_manager",
                              "trainer", "policy_editor")
ROLE_LABELS = {"social_worker": "social worker", "team_manager": "team manager", "service_manager": "service manager",
               "cp_chair": "CP chair", "qa_team_manager": "QA team manager", "trainer": "trainer",
               "policy_editor": "policy editor"}
MANAGERS = frozenset({"team_manager", "service_manager", "cp_chair", "qa_team_manager"})

Action = Literal["casework", "review", "ask", "train", "change_library"]
PERMISSIONS: dict[str, frozenset[str]] = {
    "casework": frozenset({"social_worker"}) | MANAGERS,  # start, walk through, check answers
    "review": MANAGERS,  # open a draft for review, record a review or an endorsement
    "ask": frozenset(APP_ROLES),
    "train": frozenset(APP_ROLES),
    "change_library": frozenset({"policy_editor"}),
}
"""The roles that may take each action (the issue's rule: managers review and endorse, only policy editors
change the policy library, everyone may ask the policy and train)."""


@dataclass(frozen=True)
class Person:
    """The signed-in person, as the checks need them: their identifier (the token's ``sub``), team and roles."""

    user_id: str
    team: str | None
    roles: tuple[str, ...]


def may_open(person: Person | None, author_id: str | None, author_team: str | None) -> bool:
    """Whether ``person`` may open a draft started by ``author_id`` of ``author_team``: its author, and the
    managers and chairs of the author's team. ``person`` None (sign-in off) and a draft with no recorded
    author (kept before sign-in was switched on, or on a laptop) are open to anyone allowed the page."""
    if person is None or author_id is None:
        return True
    if person.user_id == author_id:
        return True
    return bool(MANAGERS & set(person.roles)) and author_team is not None and person.team == author_team


class NotPermitted(AssistantError):
    """The signed-in person's roles do not allow the action; the message says which roles do."""


def roles_from_claims(claims: Mapping[str, object], claim: str, role_map: Mapping[str, str]) -> list[str]:
    """The app roles the token's ``claim`` maps to (a string or a list of strings in the token; values the map
    does not name are ignored), in ``APP_ROLES`` order."""
    value = claims.get(claim)
    values: Iterable[object] = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    mapped = {role_map[v] for v in values if isinstance(v, str) and v in role_map}
    return [role for role in APP_ROLES if role in mapped]


def may(roles: Iterable[str] | None, action: Action) -> bool:
    """Whether someone with ``roles`` may take ``action``; ``None``: nobody signed in because sign-in is off."""
    return roles is None or bool(set(roles) & PERMISSIONS[action])


def require(roles: Iterable[str] | None, action: Action, doing: str) -> None:
    """NotPermitted unless ``roles`` allow ``action`` (``doing`` names it for the message)."""
    if not may(roles, action):
        allowed = ", ".join(ROLE_LABELS[r] for r in APP_ROLES if r in PERMISSIONS[action])
        raise NotPermitted(f"{doing} is for: {allowed}. Your role here does not include it.")
