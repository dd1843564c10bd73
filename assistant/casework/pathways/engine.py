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


def applies(pathway: Pathway, step: Step, answers: Answers) -> bool:
    """Whether a step is asked: always, unless its ``when`` names a branch answered otherwise (or not yet)."""
    if step.when is None:
        return True
    for candidate in pathway.steps:
        if candidate.branch is not None and candidate.branch.id == step.when.branch:
            return answers.branches.get(candidate.id) in step.when.is_one_of
    return False


def route(pathway: Pathway, answers: Answers) -> list[Step]:
    """The steps on the path from the start, following branch choices, stopping at an unanswered branch.

    A step whose ``when`` does not hold is passed over: neither asked nor counted.
    """
    _check(pathway, answers)
    steps = pathway.step_map()
    path: list[Step] = []
    step_id: str | None = pathway.start
    while step_id is not None:
        step = steps[step_id]
        if applies(pathway, step, answers):
            path.append(step)
        step_id = _chosen(pathway, step, answers) if step.branch is not None else step.next
    return path


def next_step(pathway: Pathway, answers: Answers, current: str | None) -> Step | None:
    """The step after ``current`` (the start when None); None at a final step or an unanswered branch."""
    _check(pathway, answers)
    if current is None:
        candidate: Step | None = pathway.step(pathway.start)
    else:
        step = pathway.step(current)
        if step.branch is not None:
            target = _chosen(pathway, step, answers)
            candidate = pathway.step(target) if target is not None else None
        else:
            candidate = pathway.step(step.next) if step.next is not None else None
    while candidate is not None and not applies(pathway, candidate, answers):
        candidate = pathway.step(candidate.next) if candidate.next is not None else None
    return candidate


def _route_items(pathway: Pathway, answers: Answers) -> list[Item]:
    return [item for step in route(pathway, answers) for item in step.items]


def progress(pathway: Pathway, answers: Answers) -> Progress:
    """How many items on the current route have a status (any status)."""
    items = _route_items(pathway, answers)
    answered = sum(1 for item in items if item.id in answers.items and answers.items[item.id].status is not None)
    total = len(items)
    return Progress(answered=answered, total=total, fraction=answered / total if total else 1.0)


def is_closed(item: Item, answer: ItemAnswer | None) -> bool:
    """Evidenced, or marked not applicable where the item allows it.

    An item that cannot be not applicable (a statutory record, a required meeting) stays open
    when so marked: the answer is kept, but it does not count as done.
    """
    if answer is None or answer.status not in CLOSED:
        return False
    return answer.status != "not_applicable" or item.allow_not_applicable


NOT_APPLICABLE_REFUSED = (
    "This item cannot be marked not applicable: on this route the policy requires it. Record it as evidenced, "
    "or as partly or not evidenced with a note of what is missing."
)


def open_items(pathway: Pathway, answers: Answers) -> list[Item]:
    """Required items on the route not yet closed (unanswered, partly or not evidenced, or wrongly not applicable)."""
    return [
        item
        for item in _route_items(pathway, answers)
        if item.required and not is_closed(item, answers.items.get(item.id))
    ]
