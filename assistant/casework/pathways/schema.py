"""The pathway schema: a pathway is steps of reflective questions, each grounded in policy text.

Validation here is structural (unknown keys, unique ids, every step reference resolves,
no cycles); that each quote really occurs in its knowledge file is checked by the tests.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.errors import PathwayError

Role = Literal[
    "social_worker",
    "team_manager",
    "service_manager",
    "cp_chair",
    "qa_team_manager",
    "sw_team",
    "multi_agency",
]

ROLE_LABELS: dict[str, str] = {
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "service_manager": "Service manager",
    "cp_chair": "CP chair",
    "qa_team_manager": "QA team manager",
    "sw_team": "Social work team",
    "multi_agency": "Multi-agency partners",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    source: str
    """Knowledge file name, e.g. ``step-down-and-repeat-plans.md``."""
    quote: str
    """A short verbatim span (8-40 words, one line) copied from the file's body."""

    @field_validator("quote")
    @classmethod
    def _short_single_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("a quote must be on one line")
        if value.lstrip().startswith("#"):
            raise ValueError("a quote must not include Markdown heading markers")
        words = len(value.split())
        if not 8 <= words <= 40:
            raise ValueError(f"a quote must be 8 to 40 words long, this one has {words}")
        return value


class Item(_Model):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    """The reflective question, in plain practice language."""
    role: Role
    """Who is responsible for evidencing this item."""
    guidance: str | None = None
    """Plain-language help on what good evidence looks like."""
    required: bool = True
    citations: list[Citation] = Field(min_length=1)


class BranchOption(_Model):
    value: str = Field(min_length=1)
    label: str = Field(min_length=1)
    next: str


class Branch(_Model):
    id: str = Field(min_length=1)
    """Unique in the pathway, like item ids (the chosen option is recorded under it)."""
    question: str = Field(min_length=1)
    role: Role
    """Who answers the question (the decision itself stays with conference and managers)."""
    options: list[BranchOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_values(self) -> Branch:
        values = [option.value for option in self.options]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise ValueError(f"duplicate branch option value '{duplicates[0]}'")
        return self

    def option(self, value: str) -> BranchOption | None:
        """The option with this value, or None."""
        return next((option for option in self.options if option.value == value), None)


class Step(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    intro: str | None = None
    items: list[Item] = Field(default_factory=list)
    next: str | None = None
    branch: Branch | None = None

    @model_validator(mode="after")
    def _next_or_branch(self) -> Step:
        if self.next is not None and self.branch is not None:
            raise ValueError(f"step '{self.id}' has both 'next' and 'branch': keep one")
        return self

    @property
    def is_final(self) -> bool:
        return self.next is None and self.branch is None

    def targets(self) -> list[str]:
        """The step ids this step can lead to."""
        if self.branch is not None:
            return [option.next for option in self.branch.options]
        return [self.next] if self.next is not None else []


class Pathway(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    source: str = Field(min_length=1)
    """The knowledge file the pathway is built from."""
    start: str
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Pathway:
        step_ids = [step.id for step in self.steps]
        for step_id in step_ids:
            if step_ids.count(step_id) > 1:
                raise ValueError(f"duplicate step id '{step_id}'")
        item_ids = [item.id for step in self.steps for item in step.items]
        item_ids += [step.branch.id for step in self.steps if step.branch is not None]
        for item_id in item_ids:
            if item_ids.count(item_id) > 1:
                raise ValueError(f"duplicate item id '{item_id}'")
        known = set(step_ids)
        if self.start not in known:
            raise ValueError(f"'start' names an unknown step '{self.start}'")
        for step in self.steps:
            for target in step.targets():
                if target not in known:
                    raise ValueError(f"step '{step.id}' leads to an unknown step '{target}'")
        self._check_acyclic()
        return self

    def _check_acyclic(self) -> None:
        by_id = self.step_map()
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done

        def visit(step_id: str) -> None:
            state[step_id] = 1
            for target in by_id[step_id].targets():
                if state.get(target) == 1:
                    raise ValueError(f"steps form a cycle through '{target}'")
                if target not in state:
                    visit(target)
            state[step_id] = 2

        for step_id in by_id:
            if step_id not in state:
                visit(step_id)

    def step_map(self) -> dict[str, Step]:
        """Steps by id."""
        return {step.id: step for step in self.steps}

    def step(self, step_id: str) -> Step:
        """The step with this id; PathwayError if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise PathwayError(f"Pathway '{self.id}' has no step '{step_id}'.")

    def items(self) -> list[Item]:
        """Every item in the pathway, in step order."""
        return [item for step in self.steps for item in step.items]

    def to_json(self) -> dict:
        """The pathway for other tools: every question (items and branch questions) has id, text, role."""
        steps = []
        for step in self.steps:
            entry: dict[str, Any] = {
                "id": step.id,
                "title": step.title,
                "intro": step.intro,
                "next": step.next,
                "items": [
                    {"id": item.id, "text": item.text, "role": item.role, "guidance": item.guidance,
                     "required": item.required, "citations": [c.model_dump() for c in item.citations]}
                    for item in step.items
                ],
            }
            if step.branch is not None:
                entry["branch"] = {
                    "id": step.branch.id, "text": step.branch.question, "role": step.branch.role, "guidance": None,
                    "options": [o.model_dump() for o in step.branch.options],
                }
            steps.append(entry)
        return {"id": self.id, "title": self.title, "description": self.description, "source": self.source,
                "start": self.start, "steps": steps}
