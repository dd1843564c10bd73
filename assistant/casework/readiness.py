"""The readiness line: whose items are open, and which stage of the policy the checklist has reached.

It follows the policy's order for a step-down (the social worker's evidence, then the team
manager, then the service manager, then the CP chair) and names every other holder with open
items. It counts; it never says whether a plan should end: the pathway's ``decided_by`` says who
decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.casework.pathways.schema import NOT_NAMED, ROLE_LABELS, role_phrase

OWN_ROLES: dict[str, frozenset[str]] = {"social_worker": frozenset({"social_worker", "sw_team"})}
"""Whose duties count as a person's own, beyond their role itself."""

STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("the social worker", frozenset({"social_worker", "sw_team"})),
    ("the team manager", frozenset({"team_manager"})),
    ("the service manager", frozenset({"service_manager"})),
    ("the CP chair", frozenset({"cp_chair", "cp_chair_supervisor"})),
)
"""The sign-off order of the step-down policy: each stage follows once the one before is done."""

WAITING_ORDER: tuple[str, ...] = (
    "social_worker", "sw_team", "team_manager", "service_manager", "qa_team_manager", "cp_chair",
    "cp_chair_supervisor", "multi_agency", "conference", NOT_NAMED,
)


@dataclass(frozen=True)
class OpenItem:
    """What readiness needs of an item: who holds it and whether it is still open."""

    role: str
    roles: Sequence[str]
    is_gap: bool


def own_roles(role: str) -> frozenset[str]:
    return OWN_ROLES.get(role, frozenset({role}))


def _holders(item: OpenItem) -> list[str]:
    return list(item.roles) if item.roles else [NOT_NAMED]


def waiting_for(items: Iterable[OpenItem], user_role: str) -> dict[str, int]:
    """Open items per holder other than the user, in the policy's order (a joint item counts for each)."""
    mine = own_roles(user_role)
    counts: dict[str, int] = {}
    for item in items:
        if item.is_gap:
            for holder in _holders(item):
                if holder not in mine:
                    counts[holder] = counts.get(holder, 0) + 1
    return {h: counts[h] for h in sorted(counts, key=lambda h: WAITING_ORDER.index(h) if h in WAITING_ORDER else 99)}


def stage(items: Sequence[OpenItem]) -> str | None:
    """The first stage of the policy's order with open items: None when every staged role is done."""
    for name, roles in STAGES:
        if any(item.is_gap and set(_holders(item)) & roles for item in items):
            return name
    return None


def readiness_line(
    items: Sequence[OpenItem],
    user_role: str,
    finished: bool,
    pending_question: str | None = None,
    decided_by: str = "The decision stays with the managers and the conference.",
) -> str:
    """One line: the items of the person who prepared the checklist (``user_role``), whom it is waiting
    for, the stage, and who decides. Their items are named by role, not "your": the line is read by
    managers and chairs too, on the review page and in every export.

    For a social worker whose items are done and one team manager item open: "Social worker's items:
    all evidenced. Waiting for: team manager (1). Stage: ready for the team manager." and ``decided_by``.
    """
    parts: list[str] = []
    if not finished:
        asked = f" ('{pending_question}')" if pending_question else ""
        parts.append(f"Not complete: a question that decides the rest of the route{asked} is not answered yet, "
                     f"so later items are not counted.")
    mine = own_roles(user_role)
    own = [item for item in items if set(_holders(item)) & mine]
    own_open = sum(1 for item in own if item.is_gap)
    whose = f"{ROLE_LABELS.get(user_role, user_role)}'s items"  # named, not "your": managers read it too
    if not own:
        parts.append(f"{whose}: none on this route.")
    elif own_open:
        parts.append(f"{whose}: {own_open} not yet evidenced.")
    else:
        parts.append(f"{whose}: all evidenced.")
    waiting = waiting_for(items, user_role)
    if waiting:
        parts.append("Waiting for: " + ", ".join(f"{role_phrase(h)} ({n})" for h, n in waiting.items()) + ".")
    current = stage(items)
    if current == STAGES[0][0]:
        parts.append(f"Stage: the social worker's evidence is not complete, so not yet ready for {STAGES[1][0]}.")
    elif current is not None:
        parts.append(f"Stage: ready for {current}.")
    if finished and not own_open and not waiting:
        parts.append("Every required item is evidenced or marked not applicable.")
    parts.append(" ".join(decided_by.split()))
    return " ".join(parts)
