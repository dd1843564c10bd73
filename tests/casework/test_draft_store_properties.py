"""Property: in any interleaving of two or three writers, no accepted write is ever lost.

Each writer holds the version it loaded (its base) and its own edits; at random it edits a part
(an item's answer, a branch, a date, the recommendation, a review), writes, or reloads. Writes are
atomic under the file lock (``test_draft_store.test_writers_in_threads_lose_nothing`` runs them
in threads), so a sequence of them is every schedule there is. At the end, for every part, the
value on disk is the last accepted write's value for it, and every accepted write that changed a
part had seen (its base included) the accepted write that changed that part before it.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.casework.draft_store import DraftConflict, create, parts, with_parts, write
from assistant.casework.drafts import Draft, ManagerReview, Recommendation, UserRole, load_draft
from assistant.casework.pathways import ItemAnswer

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PARTS = ("answer:a", "answer:b", "answer:c", "branch:route", "date:start", "recommendation",
         "review:team_manager", "review:service_manager")
ROLES: tuple[UserRole, ...] = ("social_worker", "team_manager", "service_manager")


def value_for(part: str, n: int, clear: bool) -> object:
    """A value no other edit uses (or None: the part removed)."""
    if clear:
        return None
    kind, _, key = part.partition(":")
    if kind == "answer":
        return ItemAnswer(item_id=key, status="partly_evidenced", note=f"note {n}")
    if kind == "branch":
        return f"option{n}"
    if kind == "date":
        return date(2026, 1, 1) + timedelta(days=n)
    if kind == "recommendation":
        return Recommendation(choice="continue_plan", rationale=f"because {n}", recorded_by="social_worker",
                              recorded_at=T0 + timedelta(minutes=n))
    return ManagerReview(reviewer_role=key, rationale=f"rationale {n}")


@dataclass
class Writer:
    role: UserRole
    base: Draft
    mine: Draft


@dataclass(frozen=True)
class Accepted:
    base_revision: int
    revision: int
    changes: dict[str, object]


# Most edits go to three parts, so that two writers often change the same one between writes.
part = st.one_of(st.sampled_from(PARTS[:3]), st.sampled_from(PARTS))
clear = st.sampled_from((False, False, False, True))  # now and then an answer or review is removed
operation = st.tuples(st.integers(0, 2), st.sampled_from(("edit", "edit", "write", "write", "reload")), part, clear)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writers=st.integers(2, 3), ops=st.lists(operation, min_size=1, max_size=40))
def test_no_accepted_write_is_ever_lost(writers, ops):
    counter = itertools.count(1)
    with tempfile.TemporaryDirectory() as folder:
        path, first = create(Path(folder), Draft.new("step-down", "social_worker", "LL-1", T0), "social_worker", T0)
        people = [Writer(ROLES[i], first, first) for i in range(writers)]
        accepted: list[Accepted] = []
        for index, op, part, clear in ops:
            w = people[index % writers]
            now = T0 + timedelta(seconds=next(counter))
            if op == "edit":
                edited = {part: value_for(part, next(counter), clear)}
                w.mine = with_parts(w.mine, edited, {part})
            elif op == "reload":
                w.base = w.mine = load_draft(path)
            else:
                before, mine_parts = parts(w.base), parts(w.mine)
                changes = {p: mine_parts.get(p) for p in PARTS if mine_parts.get(p) != before.get(p)}
                try:
                    result = write(path, w.mine, w.base, w.role, now)
                except DraftConflict as conflict:
                    assert conflict.theirs == load_draft(path)  # told what is there now; nothing written
                    continue
                if changes:
                    accepted.append(Accepted(w.base.revision, result.draft.revision, changes))
                w.base = w.mine = result.draft
        final = parts(load_draft(path))
        for part in PARTS:
            chain = sorted((a for a in accepted if part in a.changes), key=lambda a: a.revision)
            if not chain:
                assert final.get(part) == parts(first).get(part), part
                continue
            assert final.get(part) == chain[-1].changes[part], (part, "the last accepted write was lost")
            for earlier, later in itertools.pairwise(chain):
                assert (later.base_revision >= earlier.revision
                        or later.changes[part] == earlier.changes[part]), (part, "a write undid one it never saw")
