"""Writing a draft that several people work on, so that no write silently undoes another.

Every write is a compare-and-swap: the writer says which version it loaded (its *base*), and under
the draft's file lock the version on disk is read again. If nobody wrote since, the new version is
written. If someone did, the two sets of changes are merged part by part (a draft's parts: each
item's answer, each branch choice, each date, the recommendation, each reviewer role's review):
parts only one side changed are kept from that side; a part both changed differently is a
conflict, and then *nothing* is written: ``DraftConflict`` says which parts, which role changed
them and when, and carries both versions so the person can reload and re-apply, or keep their
version as a separate copy (``create``).

Where the person is on the pathway (``current_step``) is not a shared part: the writer's own is kept.

A new draft never replaces a file: ``create`` picks a free name (``LL-123-step-down.json``, then
``LL-123-step-down-2.json``...), and ``matching`` finds the drafts already saved for a case and pathway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.casework.drafts import HISTORY_KEPT, Change, Draft, UserRole, load_draft, save_draft
from assistant.casework.pathways.engine import Answers
from assistant.errors import DraftError

LOCK_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another write of the same draft to finish before giving up (with an error)."""

Parts = dict[str, object]

_DATE_FIELDS = ("start", "conference", "conference_15", "conference_21", "previous_start", "previous_end", "new_icpc")


def parts(draft: Draft) -> Parts:
    """The draft's shareable parts by name; a part that is not there (no answer yet) is absent."""
    out: Parts = {}
    for item_id, answer in draft.answers.items.items():
        out[f"answer:{item_id}"] = answer
    for step_id, value in draft.answers.branches.items():
        out[f"branch:{step_id}"] = value
    for name in _DATE_FIELDS:
        value = getattr(draft.dates, name)
        if value is not None:
            out[f"date:{name}"] = value
    if draft.recommendation is not None:
        out["recommendation"] = draft.recommendation
    for role, review in draft.reviews.items():
        out[f"review:{role}"] = review
    return out


def changed_parts(before: Draft | None, after: Draft) -> set[str]:
    """The names of the parts that differ between two versions (all of ``after``'s when there is no before)."""
    old, new = (parts(before) if before is not None else {}), parts(after)
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def with_parts(draft: Draft, chosen: Parts, names: set[str]) -> Draft:
    """``draft`` with the parts ``names`` set as in ``chosen`` (absent there: removed)."""
    items = dict(draft.answers.items)
    branches = dict(draft.answers.branches)
    dates = draft.dates.model_dump()
    reviews = dict(draft.reviews)
    recommendation = draft.recommendation
    for name in names:
        kind, _, key = name.partition(":")
        value = chosen.get(name)
        if kind == "answer":
            _put(items, key, value)
        elif kind == "branch":
            _put(branches, key, value)
        elif kind == "date":
            dates[key] = value
        elif kind == "review":
            _put(reviews, key, value)
        elif kind == "recommendation":
            recommendation = value  # type: ignore[assignment]
        else:
            raise ValueError(f"unknown draft part {name!r}")
    answers = Answers(pathway_id=draft.pathway_id, items=items, branches=branches)
    return draft.model_copy(update={"answers": answers, "dates": draft.dates.model_validate(dates),
                                    "reviews": reviews, "recommendation": recommendation})


def _put(mapping: dict, key: str, value: object) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


@dataclass(frozen=True)
class Clash:
    """One part both sides changed differently since the writer loaded the draft."""

    part: str
    """The part's name (``answer:<item>``, ``review:<role>``...)."""
    by: tuple[str, ...]
    """The roles that changed it in the meantime (from the draft's history; empty if not recorded)."""
    at: datetime | None
    """When it was last changed by them."""


class DraftConflict(DraftError):
    """Someone else changed the same parts since this version was loaded; nothing was written."""

    def __init__(self, clashes: list[Clash], theirs: Draft, mine: Draft) -> None:
        self.clashes = clashes
        self.theirs = theirs
        """The draft as it is now saved."""
        self.mine = mine
        """The version that was not saved."""
        roles = sorted({role for clash in clashes for role in clash.by})
        who = " and ".join(r.replace("_", " ") for r in roles) or "someone else"
        things = "1 thing" if len(clashes) == 1 else f"{len(clashes)} things"
        super().__init__(f"Not saved: the {who} changed {things} you also changed, since you opened this draft. "
                         f"Nothing has been overwritten.")


@dataclass
class WriteResult:
    """What a successful write left on disk, and which of its parts came from other people."""

    draft: Draft
    merged_in: set[str] = field(default_factory=set)
    """Parts changed by others since the writer's base, now taken into the writer's version."""


def _lock(path: Path) -> FileLock:
    return FileLock(str(path.with_name(f".{path.name}.lock")), timeout=LOCK_TIMEOUT_SECONDS)


def _record(draft: Draft, revision: int, role: UserRole, now: datetime, changed: set[str]) -> Draft:
    """The draft as written at ``revision``; its history gains the change (except a write that only
    moved where the writer is: that still counts a revision)."""
    history = draft.history
    if changed or revision == 1:
        history = [*history, Change(revision=revision, role=role, at=now, parts=sorted(changed))][-HISTORY_KEPT:]
    return draft.model_copy(update={"revision": revision, "updated_at": now, "history": history})


def _who(theirs: Draft, since: int, part: str) -> tuple[tuple[str, ...], datetime | None]:
    changes = [c for c in theirs.history if c.revision > since and part in c.parts]
    return tuple(dict.fromkeys(c.role for c in changes)), (changes[-1].at if changes else None)


def merge(base: Draft, mine: Draft, theirs: Draft) -> tuple[Draft, set[str], set[str], list[Clash]]:
    """Three-way merge of the shared parts: (merged, mine changed, theirs changed, clashes).

    ``merged`` is ``theirs`` with the parts only ``mine`` changed applied (``current_step`` from
    ``mine``). A part both changed to the same value is not a clash. What others changed is read from the
    history as well as from the values: a part someone set and then cleared again since ``base`` looks unchanged,
    but they worked on it, so a different value of ``mine`` there is a clash, not a silent overwrite."""
    mine_changed = changed_parts(base, mine)
    theirs_changed = changed_parts(base, theirs) | {
        name for change in theirs.history if change.revision > base.revision for name in change.parts}
    mine_parts, theirs_parts = parts(mine), parts(theirs)
    clashes = []
    for name in sorted(mine_changed & theirs_changed):
        if mine_parts.get(name) != theirs_parts.get(name):
            by, at = _who(theirs, base.revision, name)
            clashes.append(Clash(part=name, by=by, at=at))
    merged = with_parts(theirs, mine_parts, mine_changed).model_copy(update={"current_step": mine.current_step})
    return merged, mine_changed, theirs_changed, clashes


def decide(theirs: Draft | None, mine: Draft, base: Draft | None, role: UserRole, now: datetime,
           name: str) -> tuple[Draft | None, WriteResult]:
    """The compare-and-swap rule, whatever the storage: given the version stored now (``theirs``; None: none
    under ``name``), what to store (None: nothing) and the result. DraftConflict or DraftError when nothing
    may be written. Pure: the caller holds the lock (a file lock, a row lock) around reading, this and
    writing."""
    if theirs is None and base is not None and base.revision > 0:
        raise DraftError(f"The draft {name} is no longer there (was it moved or deleted?). "
                         f"Keep your version as a copy to save it again.")
    if theirs is None:
        saved = _record(mine, (base.revision if base else 0) + 1, role, now, changed_parts(base, mine))
        return saved, WriteResult(saved)
    if base is None:
        raise DraftError(f"There is already a draft saved as {name}: open it, or start a separate draft.")
    if theirs.revision == base.revision:
        changed = changed_parts(base, mine)
        if not changed and mine.current_step == theirs.current_step:
            return None, WriteResult(theirs)
        saved = _record(mine, theirs.revision + 1, role, now, changed)
        return saved, WriteResult(saved)
    merged, mine_changed, theirs_changed, clashes = merge(base, mine, theirs)
    if clashes:
        raise DraftConflict(clashes, theirs, mine)
    if not mine_changed and mine.current_step == theirs.current_step:
        return None, WriteResult(theirs, merged_in=theirs_changed)
    saved = _record(merged, theirs.revision + 1, role, now, mine_changed)
    return saved, WriteResult(saved, merged_in=theirs_changed)


def write(path: Path, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
    """Save ``mine``, which was made from ``base`` (the version this writer loaded; None: a new
    draft), as ``role``. DraftConflict (nothing written) if others changed the same parts since;
    DraftError if the file is not a draft, is locked too long, or cannot be written."""
    path = Path(path)
    try:
        with _lock(path):
            theirs = load_draft(path) if path.exists() else None
            saved, result = decide(theirs, mine, base, role, now, path.name)
            if saved is not None:
                result.draft = save_draft(saved, path)
            return result
    except Timeout:
        raise DraftError(f"The draft {path.name} is being saved by someone else; try again in a moment.") from None


def stem(case_reference: str, pathway_id: str) -> str:
    """The file name (without .json) a case's draft for a pathway is saved under."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{case_reference}-{pathway_id}")


def matching(folder: Path, case_reference: str, pathway_id: str) -> list[Path]:
    """The drafts saved in ``folder`` for this case and pathway (readable ones only), newest first."""
    if not folder.is_dir():
        return []
    found = []
    prefix = stem(case_reference, pathway_id).lower()
    for path in folder.glob("*.json"):
        if not path.name.lower().startswith(prefix):
            continue
        try:
            draft = load_draft(path)
        except DraftError:
            continue
        if draft.case_reference.lower() == case_reference.lower() and draft.pathway_id == pathway_id:
            found.append((draft.updated_at, path))
    return [path for _, path in sorted(found, key=lambda pair: pair[0], reverse=True)]


def create(folder: Path, draft: Draft, role: UserRole, now: datetime) -> tuple[Path, Draft]:
    """Save a new draft under a name no other file has; (its path, the draft as saved)."""
    base = stem(draft.case_reference, draft.pathway_id)
    for n in range(1, 1000):
        path = Path(folder) / (f"{base}.json" if n == 1 else f"{base}-{n}.json")
        if path.exists():
            continue
        try:
            return path, write(path, draft.model_copy(update={"revision": 0, "history": []}), None, role, now).draft
        except DraftError:
            if path.exists():  # taken by someone else in the meantime
                continue
            raise
    raise DraftError(f"There are already 999 drafts for {draft.case_reference} on this pathway; tidy the folder.")
