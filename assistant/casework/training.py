"""Training vignettes: fictional cases with a model answer, and feedback on a learner's answers.

A vignette is a YAML file in ``prompts/vignettes/``: a scenario, the case dates, the model
answer's branch choices and, for every item on the route those choices give, the status a
skilled practitioner could honestly claim, with a short note saying why. ``feedback`` is pure
and data-only: plain, encouraging wording is the UI's job.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.casework.drafts import CaseDates, UserRole
from assistant.casework.pathways.engine import Answers, ItemAnswer, Status, route
from assistant.casework.pathways.loader import load_pathways
from assistant.casework.pathways.schema import Item, Pathway, Role, Step
from assistant.config import PROJECT_ROOT
from assistant.content import load_yaml_model
from assistant.errors import TrainingError

DEFAULT_FOLDER = PROJECT_ROOT / "prompts" / "vignettes"

_RANK: dict[str | None, int] = {None: 0, "not_applicable": 0, "not_evidenced": 0, "partly_evidenced": 1,
                                "evidenced": 2}
"""How much a status claims; a learner status ranked below the model's is a missed item."""


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
    dates: CaseDates = Field(default_factory=CaseDates)
    branches: dict[str, str] = Field(default_factory=dict)
    """Step id -> the model answer's branch option value."""
    model_answer: dict[str, ModelAnswer]
    """Item id -> the model answer for every item on the model route."""

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
    """One item where the learner's status differs from the model's in a way worth pointing out."""

    item_id: str
    text: str
    role: Role
    step_title: str
    learner_status: Status | None
    """None when the learner left the item unanswered."""
    model_status: Status
    model_note: str


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
    missed: list[ItemGap]
    """Items the model evidences (or partly) that the learner left open or rated lower."""
    over_claimed: list[ItemGap]
    """Items the learner marked evidenced that the model rates partly or not evidenced."""
    matched: int
    """Model route items where the learner's status equals the model's."""
    total: int
    """Items on the model route."""
    branch_differences: list[BranchDifference]
    by_area: dict[str, int]
    """Step title -> number missed, for every step on the model route that has items."""
    by_role: dict[str, list[str]]
    """Role -> ids of the missed items that role holds (only roles with something missed)."""


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
    item_ids = {item.id for item in pathway.items()}
    on_route = [item.id for item in vignette.model_route_items(pathway)]
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


def load_vignette(path: Path | str, pathways: dict[str, Pathway]) -> Vignette:
    """Read one vignette and check it against its pathway; TrainingError names the file and the problem."""
    path = Path(path)
    vignette = load_yaml_model(path, Vignette, TrainingError, "vignette", "id, pathway, scenario, ...")
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


def feedback(pathway: Pathway, vignette: Vignette, answers: Answers) -> TrainingFeedback:
    """Compare a learner's answers with the vignette's model answer, item by item on the model route."""
    if not (pathway.id == vignette.pathway == answers.pathway_id):
        raise TrainingError(f"Feedback needs one pathway: got pathway '{pathway.id}', a vignette for "
                            f"'{vignette.pathway}' and answers for '{answers.pathway_id}'.")
    missed: list[ItemGap] = []
    over_claimed: list[ItemGap] = []
    by_area: dict[str, int] = {}
    by_role: dict[str, list[str]] = {}
    matched = total = 0
    for step in vignette.model_route(pathway):
        if step.items:
            by_area[step.title] = 0
        for item in step.items:
            total += 1
            model = vignette.model_answer[item.id]
            learner = answers.items[item.id].status if item.id in answers.items else None
            gap = ItemGap(item_id=item.id, text=item.text, role=item.role, step_title=step.title,
                          learner_status=learner, model_status=model.status, model_note=model.note)
            matched += int(learner == model.status)
            if model.status in ("evidenced", "partly_evidenced") and _RANK[learner] < _RANK[model.status]:
                missed.append(gap)
                by_area[step.title] += 1
                by_role.setdefault(item.role, []).append(item.id)
            elif learner == "evidenced" and model.status in ("partly_evidenced", "not_evidenced"):
                over_claimed.append(gap)
    return TrainingFeedback(
        vignette_id=vignette.id, missed=missed, over_claimed=over_claimed, matched=matched, total=total,
        branch_differences=_branch_differences(pathway, vignette, answers), by_area=by_area, by_role=by_role)

