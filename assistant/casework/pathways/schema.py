"""The pathway schema: a pathway is steps of reflective questions, each grounded in policy text.

Validation here is structural (unknown keys, unique ids, every step reference resolves,
no cycles); that each quote really occurs in its knowledge file is checked by the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from assistant.errors import PathwayError

Role = Literal[
    "social_worker",
    "team_manager",
    "service_manager",
    "cp_chair",
    "cp_chair_supervisor",
    "qa_team_manager",
    "sw_team",
    "multi_agency",
    "conference",
]
Holder = Literal[Role, "not_named"]
"""Who holds an item: a role, or ``not_named`` where the policy uses the passive and names no one."""
NOT_NAMED = "not_named"

ROLE_LABELS: dict[str, str] = {
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "service_manager": "Service manager",
    "cp_chair": "CP chair",
    "cp_chair_supervisor": "CP chair's supervisor",
    "qa_team_manager": "QA team manager",
    "sw_team": "Social work team",
    "multi_agency": "Multi-agency partners",
    "conference": "The conference",
    "not_named": "Not named in the policy",
}


def holders_label(role: str, roles: Sequence[str]) -> str:
    """Who holds an item, in words: one role, every role of a joint duty, or that the policy names no one.

    >>> holders_label("team_manager", ["team_manager", "service_manager"])
    'Team manager and service manager (jointly)'
    """
    if role == NOT_NAMED or not roles:
        return "Not named in the policy"
    if len(roles) == 1:
        return ROLE_LABELS.get(roles[0], roles[0])
    words = [ROLE_LABELS.get(roles[0], roles[0])] + [role_phrase(r) for r in roles[1:]]
    return ", ".join(words[:-1]) + " and " + words[-1] + " (jointly)"


def in_sentence(label: str) -> str:
    """A role label for the middle of a sentence, as written: 'Social worker' -> 'social worker', but
    'QA team manager' and 'CP chair' keep their capitals."""
    first = label.split(" ", 1)[0]
    return label if first[:2].isupper() else label[:1].lower() + label[1:]


def role_phrase(role: str) -> str:
    """A role's label inside a sentence: 'team manager', 'CP chair'."""
    return in_sentence(ROLE_LABELS.get(role, role))


def fill_roles(data: Any) -> Any:
    """Fill ``roles`` from ``role`` when a file gives only the main holder."""
    if isinstance(data, dict) and "roles" not in data and "role" in data:
        role = data["role"]
        data = {**data, "roles": [] if role == NOT_NAMED else [role]}
    return data


def _check_holders(role: str, roles: Sequence[str], what: str) -> None:
    if len(set(roles)) != len(roles):
        raise ValueError(f"{what} lists a role twice in 'roles'")
    if role == NOT_NAMED:
        if roles:
            raise ValueError(f"{what} has role 'not_named' but lists roles {roles}: leave 'roles' out")
    elif not roles or roles[0] != role:
        raise ValueError(f"{what}: 'roles' must start with the main holder '{role}'")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Held(_Model):
    """Something a role holds: an item, or the question a branch asks."""

    role: Holder
    """The main holder: the role the policy names, or ``not_named`` where it uses the passive."""
    roles: list[Role] = Field(default_factory=list)
    """Every role that holds it, the main holder first (a joint duty names each); empty when not named."""

    _fill_roles = model_validator(mode="before")(fill_roles)

    @model_validator(mode="after")
    def _holders_consistent(self) -> _Held:
        _check_holders(self.role, self.roles, f"{type(self).__name__.lower()} '{getattr(self, 'id', '?')}'")
        return self

    @property
    def holders(self) -> str:
        """Who holds it, in words."""
        return holders_label(self.role, self.roles)


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


class Item(_Held):
    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    """The reflective question, in plain practice language."""
    guidance: str | None = None
    """Plain-language help on what good evidence looks like."""
    required: bool = True
    allow_not_applicable: bool = True
    """False for a duty the route makes necessary (a statutory record, a meeting the policy requires):
    it cannot be marked not applicable, only evidenced or left open."""
    formerly: list[str] = Field(default_factory=list)
    """Ids this item had in earlier versions of the pathway; answers saved under them move here."""
    citations: list[Citation] = Field(min_length=1)


class BranchOption(_Model):
    value: str = Field(min_length=1)
    label: str = Field(min_length=1)
    next: str


class Branch(_Held):
    """A question whose answer decides the route; its holder answers it (the decision itself stays with
    conference and managers)."""

    id: str = Field(min_length=1)
    """Unique in the pathway, like item ids (the chosen option is recorded under it)."""
    question: str = Field(min_length=1)
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


class Condition(_Model):
    """A step asked only when an earlier branch was answered with one of these options."""

    branch: str
    """The branch's id."""
    is_one_of: list[str] = Field(min_length=1)


class Step(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    intro: str | None = None
    items: list[Item] = Field(default_factory=list)
    next: str | None = None
    branch: Branch | None = None
    when: Condition | None = None
    """Ask this step only when the condition holds; otherwise the route passes on to ``next``."""

    @model_validator(mode="after")
    def _next_or_branch(self) -> Step:
        if self.next is not None and self.branch is not None:
            raise ValueError(f"step '{self.id}' has both 'next' and 'branch': keep one")
        if self.when is not None and self.branch is not None:
            raise ValueError(f"step '{self.id}' has both 'when' and 'branch': a step that may be passed over "
                             f"cannot decide the route")
        return self

    @property
    def is_final(self) -> bool:
        return self.next is None and self.branch is None

    def targets(self) -> list[str]:
        """The step ids this step can lead to."""
        if self.branch is not None:
            return [option.next for option in self.branch.options]
        return [self.next] if self.next is not None else []


class RecommendationOption(_Model):
    """One recommendation the practitioner can record at the end of a pathway (``Draft.recommendation``)."""

    value: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)


DEFAULT_RECOMMENDATIONS = (
    RecommendationOption(value="continue_plan", label="Continue the Child Protection Plan"),
    RecommendationOption(value="end_plan", label="End the Child Protection Plan"),
)


def _registry_names(field: str) -> tuple[str, list[str]]:
    """What the names in ``dates`` / ``deadlines`` are, and the ones the timeline's registry knows."""
    from assistant.casework.timeline.registry import DATE_FIELDS, RULES

    return ("case date", list(DATE_FIELDS)) if field == "dates" else ("deadline rule", list(RULES))


def _names_enum(schema: dict[str, Any], field: str) -> None:
    """The JSON Schema of ``dates`` / ``deadlines`` lists the names the registry knows (an editor offers them)."""
    schema["items"] = {"type": "string", "enum": _registry_names(field)[1]}


def pathway_json_schema() -> dict[str, Any]:
    """The JSON Schema of a pathway file, generated from the model (shipped as
    ``prompts/pathways/pathway.schema.json``; each pathway file points an editor at it)."""
    schema = Pathway.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CP Pathways Assistant pathway file"
    return schema


class Pathway(_Model):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    source: str = Field(min_length=1)
    """The knowledge file the pathway is built from."""
    start: str
    steps: list[Step] = Field(min_length=1)
    decided_by: str = "The decision stays with the managers and the conference."
    """Who decides, in the readiness line: the checklist counts, it never decides."""
    recommendations: list[RecommendationOption] = Field(default_factory=lambda: list(DEFAULT_RECOMMENDATIONS),
                                                        min_length=2)
    """What the practitioner can recommend; managers endorse (or not) the one recorded."""
    order: int = 100
    """Where the pathway is listed on Start (lower first; then by title)."""
    dates: list[str] = Field(default_factory=list, json_schema_extra=lambda schema: _names_enum(schema, "dates"))
    """The case dates Start asks for, in order, by name (``timeline.DATE_FIELDS``)."""
    deadlines: list[str] = Field(default_factory=list,
                                 json_schema_extra=lambda schema: _names_enum(schema, "deadlines"))
    """The deadline rules that work out this pathway's deadlines, by name (``timeline.RULES``)."""

    @field_validator("dates", "deadlines")
    @classmethod
    def _known_names(cls, value: list[str], info: ValidationInfo) -> list[str]:
        """Every name is one the registry knows (``_registry_names``), and none is listed twice."""
        kind, known = _registry_names(info.field_name or "")
        for name in value:
            if name not in known:
                raise ValueError(f"unknown {kind} '{name}' (known: {', '.join(known)})")
        if len(set(value)) != len(value):
            raise ValueError(f"a {kind} is listed twice")
        return value

    def recommendation_label(self, value: str) -> str:
        """The label of recommendation ``value`` (the value itself if the pathway no longer offers it)."""
        return next((o.label for o in self.recommendations if o.value == value), value)

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
        for step in self.steps:
            for item in step.items:
                reused = sorted(set(item.formerly) & set(item_ids))
                if reused:
                    raise ValueError(f"item '{item.id}' was 'formerly' '{reused[0]}', which is a current id: "
                                     f"an old id cannot also be in use")
        known = set(step_ids)
        branches = {step.branch.id: step.branch for step in self.steps if step.branch is not None}
        for step in self.steps:
            if step.when is None:
                continue
            branch = branches.get(step.when.branch)
            if branch is None:
                raise ValueError(f"step '{step.id}' is asked 'when' an unknown branch '{step.when.branch}'")
            for value in step.when.is_one_of:
                if branch.option(value) is None:
                    raise ValueError(f"step '{step.id}' is asked when branch '{branch.id}' is '{value}', "
                                     f"which is not one of its options")
        from assistant.casework.timeline.registry import RULES

        for rule in self.deadlines:
            missing = [name for name in RULES[rule].dates if name not in self.dates]
            if missing:
                raise ValueError(f"deadline rule '{rule}' reads the case date(s) {', '.join(missing)}, which "
                                 f"'dates' does not ask for")
        values = [o.value for o in self.recommendations]
        if len(set(values)) != len(values):
            raise ValueError("two recommendations have the same value")
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
                "when": step.when.model_dump() if step.when is not None else None,
                "items": [
                    {"id": item.id, "text": item.text, "role": item.role, "roles": list(item.roles),
                     "guidance": item.guidance, "required": item.required,
                     "allow_not_applicable": item.allow_not_applicable,
                     "citations": [c.model_dump() for c in item.citations]}
                    for item in step.items
                ],
            }
            if step.branch is not None:
                entry["branch"] = {
                    "id": step.branch.id, "text": step.branch.question, "role": step.branch.role,
                    "roles": list(step.branch.roles), "guidance": None,
                    "options": [o.model_dump() for o in step.branch.options],
                }
            steps.append(entry)
        return {"id": self.id, "title": self.title, "description": self.description, "source": self.source,
                "start": self.start, "steps": steps}
