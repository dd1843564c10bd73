"""Editing a draft as a person would, for the draft-store tests: answer an item, record a review, at a
moment counted in minutes from T0."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.casework.drafts import Draft, ManagerReview
from assistant.casework.pathways import Answers, ItemAnswer

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def answered(draft: Draft, item_id: str, status: str = "evidenced", note: str = "") -> Draft:
    items = {**draft.answers.items, item_id: ItemAnswer(item_id=item_id, status=status, note=note)}
    return draft.model_copy(update={"answers": Answers(pathway_id=draft.pathway_id, items=items,
                                                       branches=draft.answers.branches)})


def reviewed(draft: Draft, role: str = "team_manager", endorsed: bool | None = True) -> Draft:
    review = ManagerReview(reviewer_role=role, rationale=f"{role} rationale", endorsed=endorsed, recorded_at=at(5))
    return draft.model_copy(update={"reviews": {**draft.reviews, role: review}})
