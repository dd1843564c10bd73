"""The pure pathway engine: given a pathway and the answers so far, where next and what is open.

No I/O: every function takes models and returns models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.casework.pathways.schema import Item, Pathway, Step
from assistant.errors import PathwayError

Status = Literal["evidenced", "partly_evidenced", "not_evidenced", "not_applicable"]
CLOSED: frozenset[str] = frozenset({"evidenced", "not_applicable"})


class ItemAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item_id: str
    status: Status | None = None
    """None: not decided yet (the practitioner may have started a note)."""
    note: str = ""
    reason: str | None = None
    """Why the item does not apply; required when status is not_applicable."""

    @model_validator(mode="after")
    def _reason_for_not_applicable(self) -> ItemAnswer:
        if self.status == "not_applicable" and not (self.reason or "").strip():
            raise ValueError(f"item '{self.item_id}' is marked not applicable: give a reason")
        return self


class Answers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pathway_id: str
    items: dict[str, ItemAnswer] = Field(default_factory=dict)
    """Item id -> answer."""
    branches: dict[str, str] = Field(default_factory=dict)
    """Step id -> chosen branch option value."""

    @model_validator(mode="after")
    def _keys_match(self) -> Answers:
        for key, answer in self.items.items():
            if key != answer.item_id:
                raise ValueError(f"answer stored under '{key}' is for item '{answer.item_id}'")
        return self


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answered: int
    total: int
    fraction: float


def _check(pathway: Pathway, answers: Answers) -> None:
    if answers.pathway_id != pathway.id:
        raise PathwayError(f"These answers are for pathway '{answers.pathway_id}', not '{pathway.id}'.")


def _chosen(pathway: Pathway, step: Step, answers: Answers) -> str | None:
    """The step a branch choice leads to, None if not chosen yet; PathwayError if unknown."""
    assert step.branch is not None
    value = answers.branches.get(step.id)
    if value is None:
        return None
    option = step.branch.option(value)
    if option is None:
        known = ", ".join(f"'{o.value}'" for o in step.branch.options)
        raise PathwayError(
            f"Pathway '{pathway.id}', step '{step.id}': unknown branch option '{value}' (choose one of {known})."
        )
    return option.next


def route(pathway: Pathway, answers: Answers) -> list[Step]:
    """The steps on the path from the start, following branch choices, stopping at an unanswered branch."""
    _check(pathway, answers)
    steps = pathway.step_map()
    path: list[Step] = []
    step_id: str | None = pathway.start
    while step_id is not None:
        step = steps[step_id]
        path.append(step)
        step_id = _chosen(pathway, step, answers) if step.branch is not None else step.next
    return path


def next_step(pathway: Pathway, answers: Answers, current: str | None) -> Step | None:
    """The step after ``current`` (the start when None); None at a final step or an unanswered branch."""
    _check(pathway, answers)
    if current is None:
        return pathway.step(pathway.start)
    step = pathway.step(current)
    if step.branch is not None:
        target = _chosen(pathway, step, answers)
        return pathway.step(target) if target is not None else None
    return pathway.step(step.next) if step.next is not None else None


def _route_items(pathway: Pathway, answers: Answers) -> list[Item]:
    return [item for step in route(pathway, answers) for item in step.items]


def progress(pathway: Pathway, answers: Answers) -> Progress:
    """How many items on the current route have a status (any status)."""
    items = _route_items(pathway, answers)
    answered = sum(1 for item in items if item.id in answers.items and answers.items[item.id].status is not None)
    total = len(items)
    return Progress(answered=answered, total=total, fraction=answered / total if total else 1.0)


def open_items(pathway: Pathway, answers: Answers) -> list[Item]:
    """Required items on the route not yet evidenced (unanswered, partly or not evidenced)."""
    return [
        item
        for item in _route_items(pathway, answers)
        if item.required and (item.id not in answers.items or answers.items[item.id].status not in CLOSED)
    ]
