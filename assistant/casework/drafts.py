"""Drafts: a pathway in progress, saved to a JSON file and resumed later.

A draft holds the pathway, the practitioner's role, a case reference (never a name), the dates
that drive the timeline, the answers so far, the practitioner's recommendation and each manager's
review of it. Several people work on one draft: its ``revision`` counts the writes, and its
``history`` says which role changed which parts (``draft_store`` does every write as a
compare-and-swap against the revision the writer loaded, so none is silently undone).

Writes are atomic (see ``files.atomic_write``). A file that is not a readable draft, or that was
written by a newer version of the assistant, gives a ``DraftError`` and is never overwritten.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.casework.pathways.engine import Answers, ItemAnswer
from assistant.casework.pathways.schema import Pathway
from assistant.errors import DraftError
from assistant.files import atomic_write

SCHEMA_VERSION = 2
"""The draft file format. Bump it (and add a migration in ``_migrate``) when the format changes.

2: ``revision``, ``history``, ``recommendation``, and ``reviews`` (one per reviewer role) in place of
one ``review``."""

HISTORY_KEPT = 200
"""The most recent changes a draft remembers (who changed what, never the content)."""

MAX_DRAFT_BYTES = 5 * 1024 * 1024
"""A draft is a few kilobytes; anything this large is not one."""

UserRole = Literal["social_worker", "team_manager", "service_manager", "cp_chair", "qa_team_manager"]
"""The roles a person using the assistant can hold (pathway items may also name teams and partners)."""

USER_ROLES: tuple[str, ...] = ("social_worker", "team_manager", "service_manager", "cp_chair", "qa_team_manager")

_CASE_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]{1,39}")

TRAINING_REFERENCE_PREFIX = "TRAINING-"
"""The case reference of a fictional training case starts with this; such a draft is never saved to a file."""
TRAINING_NOT_SAVED = (
    "This is a fictional training case, so it is not saved with real drafts. Your answers stay in this "
    "browser tab while you work through it; the Training page gives your feedback."
)


def is_training_reference(value: str) -> bool:
    """True for the case reference of a training case (``TRAINING-001``)."""
    return value.upper().startswith(TRAINING_REFERENCE_PREFIX)


IDENTIFIER_NAMES = {
    "name": "a name", "date_of_birth": "a date of birth", "nhs_number": "an NHS number",
    "ni_number": "a National Insurance number", "postcode": "a postcode", "phone": "a phone number",
    "email": "an email address", "address": "an address",
}


_DATE_LIKE = re.compile(r"\d{1,2}([/.\-_])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([/.\-_])\d{1,2}\2\d{1,2}")
"""A date on its own: 12/03/2016, 12.3.16, 2016-03-12 (digits alone, 12032016, may be a case number)."""
_LETTERS = re.compile(r"[^\W\d_]+")


def _name_like(value: str) -> bool:
    """Letters that read as a name, with digits added ("Jones2", "tiana07", "SMITH1"): a run of three or more
    letters not all in capitals (a system prefix such as LL or CIN is in capitals), or a given name in capitals."""
    from assistant.privacy.given_names import given_names

    for run in _LETTERS.findall(value):
        if len(run) >= 3 and (not run.isupper() or run.capitalize() in given_names()):
            return True
    return False


def check_case_reference(value: str) -> str:
    """The case reference, trimmed; ValueError unless it looks like a case-system number, not a name
    or another personal identifier."""
    from assistant.privacy.identifiers import detect

    value = value.strip()
    if not value:
        raise ValueError("a case reference is needed (the case system number, e.g. LL-123456)")
    if not _CASE_REFERENCE.fullmatch(value) or not any(ch.isdigit() for ch in value):
        raise ValueError(
            "a case reference is the case system number: 2 to 40 letters, digits, '-', '/', '_' or '.', "
            "with at least one digit (e.g. LL-123456). Do not use a name."
        )
    if _DATE_LIKE.fullmatch(value):
        raise ValueError("this looks like a date (a date of birth?), not a case reference: use the case system "
                         "number (e.g. LL-123456)")
    if _name_like(value):
        raise ValueError("this looks like a name with digits added, not a case reference: use the case system "
                         "number (e.g. LL-123456)")
    found = detect(value, model=False)  # a reference has no spaces: the rules and _name_like suffice
    if found:
        raise ValueError(f"this looks like {IDENTIFIER_NAMES.get(found[0].type, 'a personal identifier')}, "
                         f"not a case reference: use the case system number (e.g. LL-123456)")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseDates(_Model):
    """The dates that drive the timeline; which ones matter depends on the pathway."""

    start: date | None = None
    """The ICPC date the current plan started from (step-down, long-plan)."""
    conference: datetime | None = None
    """Step-down: the first review conference's local date and time."""
    conference_15: date | None = None
    """Long-plan: the 15-month conference, when it has been held or booked."""
    conference_21: date | None = None
    """Long-plan: the 21-month conference, when it has been held or booked."""
    previous_start: date | None = None
    """Repeat plan: the previous plan's start date."""
    previous_end: date | None = None
    """Repeat plan: the previous plan's end date."""
    new_icpc: date | None = None
    """Repeat plan: the new ICPC's date."""


class Recommendation(_Model):
    """The practitioner's recommendation (one of the pathway's ``recommendations``) and its rationale."""

    choice: str
    """The value of one of the pathway's recommendation options."""
    rationale: str = ""
    recorded_by: UserRole
    recorded_at: datetime


class ManagerReview(_Model):
    """A manager's review of a practitioner's draft: comments per item, a rationale, endorsement."""

    reviewer_role: UserRole
    name: str = ""
    """The reviewer's name, if they chose to give it (optional)."""
    comments: dict[str, str] = Field(default_factory=dict)
    """Item id -> the reviewer's comment."""
    rationale: str = ""
    endorsed: bool | None = None
    """True: endorses the recommendation; False: does not; None: not recorded yet."""
    recorded_at: datetime | None = None
    """When the endorsement decision was recorded."""
    recommendation_at: datetime | None = None
    """The ``recorded_at`` of the recommendation this decision is about (None: none was recorded, as
    in drafts saved before recommendations were), so a later change of recommendation shows."""

    def is_about(self, recommendation: Recommendation | None) -> bool:
        """True when this decision was made on ``recommendation`` as it stands."""
        if recommendation is None:
            return self.recommendation_at is None
        return self.recommendation_at == recommendation.recorded_at


class Change(_Model):
    """One write to a draft: which role made it, when, and which parts it changed (never their content)."""

    revision: int
    role: UserRole
    at: datetime
    parts: list[str] = Field(default_factory=list)
    """``draft_store`` part names: ``answer:<item>``, ``branch:<step>``, ``date:<field>``,
    ``recommendation``, ``review:<role>``."""


class Draft(_Model):
    schema_version: int = SCHEMA_VERSION
    revision: int = Field(default=0, ge=0)
    """How many times the draft's file has been written (0: never saved)."""
    pathway_id: str
    role: UserRole
    """The practitioner's role."""
    case_reference: str
    dates: CaseDates = Field(default_factory=CaseDates)
    answers: Answers
    current_step: str | None = None
    """The step the practitioner was on, to resume there."""
    created_at: datetime
    updated_at: datetime
    recommendation: Recommendation | None = None
    reviews: dict[UserRole, ManagerReview] = Field(default_factory=dict)
    """Each reviewer role's review (a team manager's and a service manager's are kept apart)."""
    history: list[Change] = Field(default_factory=list)
    """The most recent writes, oldest first (at most ``HISTORY_KEPT``)."""

    @field_validator("case_reference")
    @classmethod
    def _reference(cls, value: str) -> str:
        return check_case_reference(value)

    @model_validator(mode="after")
    def _consistent(self) -> Draft:
        if self.answers.pathway_id != self.pathway_id:
            raise ValueError(
                f"the answers are for pathway '{self.answers.pathway_id}' but the draft is for '{self.pathway_id}'"
            )
        for role, review in self.reviews.items():
            if review.reviewer_role != role:
                raise ValueError(f"the review filed under '{role}' is by '{review.reviewer_role}'")
        return self

    @property
    def review(self) -> ManagerReview | None:
        """The most recently recorded review (None when there is none)."""
        recorded = sorted(self.reviews.values(), key=lambda r: (r.recorded_at is not None, r.recorded_at or 0))
        return recorded[-1] if recorded else None

    def comments(self) -> dict[str, str]:
        """Every reviewer's item comments, merged (for checking the item ids)."""
        merged: dict[str, str] = {}
        for review in self.reviews.values():
            merged.update(review.comments)
        return merged

    @classmethod
    def new(cls, pathway_id: str, role: UserRole, case_reference: str, now: datetime,
            dates: CaseDates | None = None) -> Draft:
        """An empty draft for a pathway."""
        return cls(pathway_id=pathway_id, role=role, case_reference=case_reference, dates=dates or CaseDates(),
                   answers=Answers(pathway_id=pathway_id), created_at=now, updated_at=now)

    def check_against(self, pathway: Pathway) -> None:
        """DraftError if the draft names items, branches or a step the pathway does not have."""
        if pathway.id != self.pathway_id:
            raise DraftError(f"This draft is for pathway '{self.pathway_id}', not '{pathway.id}'.")
        item_ids = {item.id for item in pathway.items()}
        for item_id in [*self.answers.items, *self.comments()]:
            if item_id not in item_ids:
                raise DraftError(
                    f"This draft answers an item '{item_id}' that the '{pathway.id}' pathway does not have "
                    f"(was the pathway file changed?)."
                )
        steps = pathway.step_map()
        for step_id, value in self.answers.branches.items():
            step = steps.get(step_id)
            if step is None or step.branch is None or step.branch.option(value) is None:
                raise DraftError(
                    f"This draft chooses '{value}' at step '{step_id}', "
                    f"which the '{pathway.id}' pathway does not offer."
                )
        if self.current_step is not None and self.current_step not in steps:
            raise DraftError(
                f"This draft was on step '{self.current_step}', which the '{pathway.id}' pathway does not have."
            )

    def for_pathway(self, pathway: Pathway) -> Draft:
        """This draft brought up to the pathway as it is now, then checked (``check_against``).

        Answers and reviewer comments saved under an id an item had before (its ``formerly``) move
        to that item: to each item an old one was split into, and, for items merged from several, as
        one answer with every note kept and the least evidenced status. Nothing else changes.
        """
        moves: dict[str, list[str]] = {}
        for item in pathway.items():
            for old in item.formerly:
                moves.setdefault(old, []).append(item.id)
        draft = self
        if moves and any(key in moves for key in [*self.answers.items, *self.comments()]):
            draft = _migrate_items(self, moves)
        draft.check_against(pathway)
        return draft

    def to_bytes(self) -> bytes:
        return (self.model_dump_json(indent=2) + "\n").encode("utf-8")


_WEAKEST_FIRST: tuple[str | None, ...] = (None, "not_evidenced", "partly_evidenced", "evidenced", "not_applicable")


def _merge_answers(item_id: str, answers: list[ItemAnswer]) -> ItemAnswer:
    if len(answers) == 1:
        return answers[0].model_copy(update={"item_id": item_id})
    status = min((a.status for a in answers), key=_WEAKEST_FIRST.index)
    note = "\n\n".join(a.note for a in answers if a.note.strip())
    reasons = "; ".join(a.reason for a in answers if a.reason)
    return ItemAnswer(item_id=item_id, status=status, note=note,
                      reason=reasons or None)


def _migrate_items(draft: Draft, moves: dict[str, list[str]]) -> Draft:
    """Answers and comments under old item ids moved to the items that now hold them."""
    gathered: dict[str, list[ItemAnswer]] = {}
    kept: dict[str, ItemAnswer] = {}
    for key, answer in draft.answers.items.items():
        if key in moves:
            for new_id in moves[key]:
                gathered.setdefault(new_id, []).append(answer)
        else:
            kept[key] = answer
    for new_id, answers in gathered.items():
        if new_id not in kept:  # an answer already given under the new id wins
            kept[new_id] = _merge_answers(new_id, answers)
    reviews = {}
    for role, review in draft.reviews.items():
        comments: dict[str, str] = {}
        for key, comment in review.comments.items():
            for new_id in moves.get(key, [key]):
                comments[new_id] = "\n\n".join(c for c in (comments.get(new_id, ""), comment) if c)
        reviews[role] = review.model_copy(update={"comments": comments})
    return draft.model_copy(update={"answers": draft.answers.model_copy(update={"items": kept}), "reviews": reviews})


def _errors(exc: ValidationError, limit: int = 3) -> str:
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "the file"
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _migrate(data: dict) -> dict:
    """Bring an older draft format up to SCHEMA_VERSION (the file itself is not changed)."""
    if data.get("schema_version") == 1:
        data = dict(data)
        review = data.pop("review", None)
        filed = isinstance(review, dict) and "reviewer_role" in review
        data["reviews"] = {review["reviewer_role"]: review} if filed else {}
        data["schema_version"] = 2
    return data


def parse_draft(data: bytes, name: str = "the draft") -> Draft:
    """A Draft from a file's bytes; DraftError naming ``name`` and the problem."""
    unchanged = "The file has not been changed."
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{name} is {len(data) / 1048576:.1f} MB: too large to be a draft. {unchanged}")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise DraftError(f"{name} is not a draft: it is not UTF-8 text. {unchanged}") from None
    except json.JSONDecodeError as exc:
        raise DraftError(
            f"{name} is not a readable draft: it is not valid JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}); it may have been cut short or edited by hand. {unchanged}"
        ) from None
    if not isinstance(raw, dict) or "schema_version" not in raw:
        raise DraftError(f"{name} is not a CP Pathways draft (it has no 'schema_version'). {unchanged}")
    version = raw["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DraftError(f"{name} has an invalid schema_version {version!r}. {unchanged}")
    if version > SCHEMA_VERSION:
        raise DraftError(
            f"{name} was saved by a newer version of the assistant (draft format {version}; this version reads "
            f"format {SCHEMA_VERSION} and older). Update the assistant to open it. {unchanged}"
        )
    try:
        return Draft.model_validate(_migrate(raw))
    except ValidationError as exc:
        raise DraftError(f"{name} is not a valid draft: {_errors(exc)}. {unchanged}") from None


def load_draft(path: Path) -> Draft:
    """Read a draft file; DraftError naming the file if it is missing, unreadable, invalid or newer."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise DraftError(
                f"{path} is {size / 1048576:.1f} MB: too large to be a draft. The file has not been changed."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"There is no draft at {path}.") from None
    except IsADirectoryError:
        raise DraftError(f"{path} is a folder, not a draft file.") from None
    except OSError as exc:
        raise DraftError(f"{path} cannot be read: {exc.strerror}.") from None
    return parse_draft(data, str(path))


def save_draft(draft: Draft, path: Path, now: datetime | None = None) -> Draft:
    """Write the draft atomically and return it as saved (``updated_at`` set to ``now`` when given).

    Refuses (DraftError) to replace a file that is not a readable draft of this or an older
    format: that file may be someone's work, so it is left exactly as it is. Refuses a training
    case too: it is fictional, and never sits among real drafts.
    """
    path = Path(path)
    if is_training_reference(draft.case_reference):
        raise DraftError(TRAINING_NOT_SAVED)
    if path.exists():
        try:
            load_draft(path)
        except DraftError as exc:
            raise DraftError(f"Not saved: {exc} Save the draft under another name.") from None
    if now is not None:
        draft = draft.model_copy(update={"updated_at": now})
    try:
        atomic_write(path, draft.to_bytes())
    except OSError as exc:
        raise DraftError(f"The draft could not be saved to {path}: {exc.strerror or exc}.") from None
    return draft
