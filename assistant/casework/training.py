"""Training vignettes: fictional cases with a model answer, and feedback on a learner's answers.

A vignette is a YAML file in ``prompts/vignettes/``: a scenario, the case dates, the day the case
is set (its own ``today``, so its fictional deadlines are judged as they stood then), the model
answer's branch choices and, for every item on the route those choices give, the status a skilled
practitioner could honestly claim, with a short note saying why. ``feedback`` is pure and
data-only: it says how each answer differs from the model, and the UI words it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.casework.drafts import TRAINING_REFERENCE_PREFIX, CaseDates, UserRole
from assistant.casework.pathways.engine import Answers, ItemAnswer, Status, route
from assistant.casework.pathways.loader import load_pathways
from assistant.casework.pathways.schema import NOT_NAMED, Holder, Item, Pathway, Role, Step
from assistant.config import PROJECT_ROOT
from assistant.content import load_yaml_model
from assistant.errors import TrainingError

DEFAULT_FOLDER = PROJECT_ROOT / "prompts" / "vignettes"

_RANK: dict[str, int] = {"not_evidenced": 0, "partly_evidenced": 1, "evidenced": 2}
"""How much a rated status claims (not applicable is not a rating: it says the item does not apply)."""

Difference = Literal["unanswered", "missed", "over_claimed", "not_applicable", "not_applicable_refused", "applies"]
"""How a learner's answer to one item differs from the model answer:

- ``unanswered``: no status (``ItemGap.on_learner_route`` says whether the learner's route asked it);
- ``missed``: rated lower than the model (the case holds more evidence than the learner found);
- ``over_claimed``: rated higher than the model (claims evidence the case does not show);
- ``not_applicable``: marked not applicable where the model says the item applies;
- ``not_applicable_refused``: marked (or tried to mark) not applicable an item that cannot be: on this
  route the policy requires it (``Item.allow_not_applicable`` is false);
- ``applies``: rated an item the model answer says does not apply (its ``model_reason`` says why).
"""
DIFFERENCES: tuple[str, ...] = ("not_applicable_refused", "not_applicable", "missed", "over_claimed", "applies",
                                "unanswered")
"""Every kind of difference, in the order feedback is best read."""


def training_reference(number: int) -> str:
    """The case reference of a training draft (marked, so it is never saved with real drafts)."""
    return f"{TRAINING_REFERENCE_PREFIX}{number:03d}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelAnswer(_Model):
    """The status a skilled practitioner could honestly claim for one item, and why."""

    status: Status
    note: str = Field(min_length=1)
    reason: str | None = None
    """Why the item does not apply; required when status is not_applicable."""

    @model_validator(mode="after")
    def _reason_for_not_applicable(self) -> ModelAnswer:
        if self.status == "not_applicable" and not (self.reason or "").strip():
            raise ValueError("the model answer is not applicable: give a reason")
        return self


class Vignette(_Model):
    """A fictional case to practise a pathway on, with the model answer."""

    id: str = Field(min_length=1)
    pathway: str = Field(min_length=1)
    title: str = Field(min_length=1)
    learner_role: UserRole
    scenario: str = Field(min_length=1)
    today: date
    """The day the case is set (the day the learner is asked to act): deadlines are judged against it."""
    dates: CaseDates = Field(default_factory=CaseDates)
    branches: dict[str, str] = Field(default_factory=dict)
    """Step id -> the model answer's branch option value."""
    model_answer: dict[str, ModelAnswer]
    """Item id -> the model answer for every item on the model route."""

    @model_validator(mode="after")
    def _today_within_the_case(self) -> Vignette:
        known = [value.date() if isinstance(value, datetime) else value
                 for value in self.dates.model_dump().values() if value is not None]
        if known and self.today < min(known):
            raise ValueError(f"today ({self.today}) is before the case's earliest date ({min(known)}): "
                             f"give the day the learner is asked to act")
        return self

    def model_route(self, pathway: Pathway) -> list[Step]:
        """The steps the model answer's branch choices lead through."""
        return route(pathway, Answers(pathway_id=pathway.id, branches=self.branches))

    def model_route_items(self, pathway: Pathway) -> list[Item]:
        """The items on the model route, in order."""
        return [item for step in self.model_route(pathway) for item in step.items]

    def model_answers(self) -> Answers:
        """The model answer as engine ``Answers`` (to show it, or to route and compare with it)."""
        items = {item_id: ItemAnswer(item_id=item_id, **answer.model_dump()) for item_id, answer in
                 self.model_answer.items()}
        return Answers(pathway_id=self.pathway, items=items, branches=self.branches)


class ItemGap(_Model):
    """One item where the learner's answer differs from the model's, and how."""

    item_id: str
    text: str
    role: Holder
    """The item's main holder (``not_named`` where the policy names no one)."""
    roles: list[Role]
    """Every holder of the item (a joint duty names each); empty when the policy names no one."""
    step_title: str
    kind: Difference
    learner_status: Status | None
    """None when the learner left the item unanswered (or tried to mark it not applicable and could not)."""
    learner_reason: str | None = None
    """The learner's reason for not applicable, when they gave one."""
    on_learner_route: bool = True
    """False when the learner's branch choices did not lead to this item (so it was never asked)."""
    model_status: Status
    model_note: str
    model_reason: str | None = None
    """The model's reason, when it says the item does not apply."""


class BranchDifference(_Model):
    """A branch step where the learner chose differently from the model answer (or did not choose)."""

    step_id: str
    step_title: str
    question: str
    learner_value: str | None
    learner_label: str | None
    model_value: str
    model_label: str


class TrainingFeedback(_Model):
    """How a learner's answers compare with a vignette's model answer, as data."""

    vignette_id: str
    differences: list[ItemGap]
    """Every model route item where the learner's answer differs from the model's, in route order."""
    matched: int
    """Model route items where the learner's status equals the model's."""
    total: int
    """Items on the model route."""
    branch_differences: list[BranchDifference]
    by_area: dict[str, int]
    """Step title -> number of differences, for every step on the model route that has items."""
    by_role: dict[str, list[str]]
    """Holder -> ids of the items that differ which that role holds (a joint duty counts for each holder;
    ``not_named`` for items the policy gives no one); only holders with a difference."""

    def of_kind(self, kind: Difference) -> list[ItemGap]:
        """The differences of one kind, in route order."""
        return [gap for gap in self.differences if gap.kind == kind]

    @property
    def missed(self) -> list[ItemGap]:
        return self.of_kind("missed")

    @property
    def over_claimed(self) -> list[ItemGap]:
        return self.of_kind("over_claimed")


def _check_against(vignette: Vignette, pathway: Pathway, path: Path) -> None:
    """TrainingError naming the file if the vignette does not fit its pathway."""
    where = f"Vignette file {path}"
    steps = pathway.step_map()
    for step_id, value in vignette.branches.items():
        step = steps.get(step_id)
        if step is None or step.branch is None or step.branch.option(value) is None:
            offered = [f"'{o.value}'" for o in step.branch.options] if step and step.branch else []
            raise TrainingError(f"{where} chooses '{value}' at step '{step_id}', which the '{pathway.id}' pathway "
                                f"does not offer (it offers {', '.join(offered) or 'no choice at that step'}).")
    model_route = vignette.model_route(pathway)
    if not model_route[-1].is_final:
        raise TrainingError(f"{where} gives no branch choice at step '{model_route[-1].id}'.")
    on_route_steps = {step.id for step in model_route}
    for step_id, value in vignette.branches.items():
        if step_id not in on_route_steps:
            raise TrainingError(f"{where} chooses '{value}' at step '{step_id}', which is not on the route its "
                                f"other branch choices give: leave that choice out.")
    item_ids = {item.id for item in pathway.items()}
    route_items = vignette.model_route_items(pathway)
    on_route = [item.id for item in route_items]
    for item_id in vignette.model_answer:
        if item_id not in item_ids:
            raise TrainingError(f"{where} has a model answer for item '{item_id}', which the '{pathway.id}' "
                                f"pathway does not have.")
        if item_id not in on_route:
            raise TrainingError(f"{where} has a model answer for item '{item_id}', which is not on the route "
                                f"its branch choices give.")
    missing = [item_id for item_id in on_route if item_id not in vignette.model_answer]
    if missing:
        names = ", ".join(f"'{item_id}'" for item_id in missing)
        raise TrainingError(f"{where} has no model answer for {names}, on the route its branch choices give.")
    for item in route_items:
        if vignette.model_answer[item.id].status == "not_applicable" and not item.allow_not_applicable:
            raise TrainingError(f"{where} marks item '{item.id}' not applicable, which the '{pathway.id}' pathway "
                                f"does not allow: on this route the policy requires it. Rate how far it is "
                                f"evidenced instead.")


def load_vignette(path: Path | str, pathways: dict[str, Pathway]) -> Vignette:
    """Read one vignette and check it against its pathway; TrainingError names the file and the problem."""
    path = Path(path)
    vignette = load_yaml_model(path, Vignette, TrainingError, "vignette", "id, pathway, scenario, today, ...")
    pathway = pathways.get(vignette.pathway)
    if pathway is None:
        known = ", ".join(f"'{p}'" for p in sorted(pathways))
        raise TrainingError(f"Vignette file {path} names an unknown pathway '{vignette.pathway}' (known: {known}).")
    _check_against(vignette, pathway, path)
    return vignette


def load_vignettes(folder: Path | str = DEFAULT_FOLDER, pathways: dict[str, Pathway] | None = None
                   ) -> dict[str, Vignette]:
    """Load every ``*.yaml`` vignette in a folder, keyed by id (pathways loaded from their folder if not given)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise TrainingError(f"Vignette folder {folder} does not exist.")
    if pathways is None:
        pathways = load_pathways()
    vignettes: dict[str, Vignette] = {}
    for path in sorted(folder.glob("*.yaml")):
        vignette = load_vignette(path, pathways)
        if vignette.id in vignettes:
            raise TrainingError(f"Vignette file {path} reuses the id '{vignette.id}' of another vignette.")
        vignettes[vignette.id] = vignette
    return vignettes


def _branch_differences(pathway: Pathway, vignette: Vignette, answers: Answers) -> list[BranchDifference]:
    differences = []
    for step in vignette.model_route(pathway):
        if step.branch is None or answers.branches.get(step.id) == vignette.branches[step.id]:
            continue
        model = step.branch.option(vignette.branches[step.id])
        value = answers.branches.get(step.id)
        learner = step.branch.option(value) if value is not None else None
        if value is not None and learner is None:
            raise TrainingError(f"The answers choose '{value}' at step '{step.id}', which the '{pathway.id}' "
                                f"pathway does not offer.")
        assert model is not None  # checked when the vignette was loaded
        differences.append(BranchDifference(
            step_id=step.id, step_title=step.title, question=step.branch.question, learner_value=value,
            learner_label=learner.label if learner else None, model_value=model.value, model_label=model.label))
    return differences


def difference(item: Item, model: ModelAnswer, learner: ItemAnswer | None) -> Difference | None:
    """How the learner's answer to ``item`` differs from the model's; None when the statuses match."""
    status = learner.status if learner is not None else None
    tried_not_applicable = status == "not_applicable" or (
        status is None and learner is not None and bool((learner.reason or "").strip()))
    if tried_not_applicable and not item.allow_not_applicable:
        return "not_applicable_refused"  # the app keeps the reason but not the status: still an attempt
    if status == model.status:
        return None
    if status is None:
        return "unanswered"
    if status == "not_applicable":
        return "not_applicable"
    if model.status == "not_applicable":
        return "applies"
    return "missed" if _RANK[status] < _RANK[model.status] else "over_claimed"


def feedback(pathway: Pathway, vignette: Vignette, answers: Answers) -> TrainingFeedback:
    """Compare a learner's answers with the vignette's model answer, item by item on the model route."""
    if not (pathway.id == vignette.pathway == answers.pathway_id):
        raise TrainingError(f"Feedback needs one pathway: got pathway '{pathway.id}', a vignette for "
                            f"'{vignette.pathway}' and answers for '{answers.pathway_id}'.")
    branch_differences = _branch_differences(pathway, vignette, answers)
    learner_route = {item.id for step in route(pathway, answers) for item in step.items}
    differences: list[ItemGap] = []
    by_area: dict[str, int] = {}
    by_role: dict[str, list[str]] = {}
    matched = total = 0
    for step in vignette.model_route(pathway):
        if step.items:
            by_area[step.title] = 0
        for item in step.items:
            total += 1
            model = vignette.model_answer[item.id]
            learner = answers.items.get(item.id)
            kind = difference(item, model, learner)
            if kind is None:
                matched += 1
                continue
            differences.append(ItemGap(
                item_id=item.id, text=" ".join(item.text.split()), role=item.role, roles=list(item.roles),
                step_title=step.title, kind=kind, learner_status=learner.status if learner else None,
                learner_reason=((learner.reason or "").strip() or None) if learner else None,
                on_learner_route=item.id in learner_route, model_status=model.status, model_note=model.note,
                model_reason=model.reason))
            by_area[step.title] += 1
            holders: list[str] = list(item.roles) or [NOT_NAMED]
            for holder in holders:
                by_role.setdefault(holder, []).append(item.id)
    return TrainingFeedback(vignette_id=vignette.id, differences=differences, matched=matched, total=total,
                            branch_differences=branch_differences, by_area=by_area, by_role=by_role)
