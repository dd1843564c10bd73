"""Drafts saved before a pathway changed still open: answers follow the items' ``formerly`` ids."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.casework.drafts import Draft, ManagerReview, load_draft
from assistant.casework.pathways import Answers, ItemAnswer, load_pathways, open_items, route
from assistant.casework.pathways.schema import Pathway
from assistant.errors import DraftError

SAVED_BEFORE = Path(__file__).parent / "fixtures" / "drafts-before-fidelity"
NOW = datetime(2026, 12, 1, 10, 0)
QUOTE = "As at both Child in Need and Family Help level, consent is required from parents"


def pathway(items: list[dict]) -> Pathway:
    return Pathway.model_validate({
        "id": "tiny", "title": "Tiny", "description": "A test pathway.", "source": "s.md", "start": "only",
        "steps": [{"id": "only", "title": "Only", "items": [
            {"role": "social_worker", "text": "Q?", "citations": [{"source": "s.md", "quote": QUOTE}], **item}
            for item in items]}],
    })


def draft(answers: dict[str, ItemAnswer], comments: dict[str, str] | None = None) -> Draft:
    d = Draft.new("tiny", "social_worker", "LL-1", NOW)
    reviews = {"team_manager": ManagerReview(reviewer_role="team_manager", comments=comments or {})} \
        if comments is not None else {}
    return d.model_copy(update={"answers": Answers(pathway_id="tiny", items=answers), "reviews": reviews})


def test_a_renamed_item_keeps_its_answer_and_comment():
    old = ItemAnswer(item_id="a-old", status="partly_evidenced", note="seen at home")
    moved = draft({"a-old": old}, {"a-old": "add the school's view"}).for_pathway(pathway([{"id": "a-new",
                                                                                           "formerly": ["a-old"]}]))
    assert moved.answers.items == {"a-new": ItemAnswer(item_id="a-new", status="partly_evidenced", note="seen at home")}
    assert moved.review.comments == {"a-new": "add the school's view"}


def test_a_split_item_gives_its_answer_to_each_part():
    old = ItemAnswer(item_id="ab", status="evidenced", note="both")
    moved = draft({"ab": old}).for_pathway(pathway([{"id": "a", "formerly": ["ab"]}, {"id": "b", "formerly": ["ab"]}]))
    assert {k: (v.status, v.note) for k, v in moved.answers.items.items()} == {"a": ("evidenced", "both"),
                                                                                 "b": ("evidenced", "both")}


def test_merged_items_keep_every_note_and_the_least_evidenced_status():
    answers = {"a": ItemAnswer(item_id="a", status="evidenced", note="first"),
               "b": ItemAnswer(item_id="b", status="not_evidenced", note="second")}
    moved = draft(answers, {"a": "one", "b": "two"}).for_pathway(pathway([{"id": "ab", "formerly": ["a", "b"]}]))
    merged = moved.answers.items["ab"]
    assert (merged.status, merged.note) == ("not_evidenced", "first\n\nsecond")
    assert moved.review.comments == {"ab": "one\n\ntwo"}


def test_an_answer_already_under_the_new_id_wins():
    answers = {"a-old": ItemAnswer(item_id="a-old", status="not_evidenced"),
               "a-new": ItemAnswer(item_id="a-new", status="evidenced", note="newer")}
    moved = draft(answers).for_pathway(pathway([{"id": "a-new", "formerly": ["a-old"]}]))
    assert moved.answers.items == {"a-new": answers["a-new"]}


def test_an_unknown_item_is_still_refused():
    with pytest.raises(DraftError, match="'gone'"):
        draft({"gone": ItemAnswer(item_id="gone", status="evidenced")}).for_pathway(pathway([{"id": "a"}]))


def test_an_old_id_cannot_also_be_a_current_id():
    with pytest.raises(ValueError, match="formerly"):
        pathway([{"id": "a"}, {"id": "b", "formerly": ["a"]}])


@pytest.mark.parametrize("pathway_id", ["step-down", "repeat-plan", "long-plan"])
def test_drafts_saved_before_the_fidelity_review_still_open(pathway_id):
    saved = load_draft(SAVED_BEFORE / f"{pathway_id}.json")
    current = load_pathways()[pathway_id]
    opened = saved.for_pathway(current)
    assert opened.case_reference == saved.case_reference
    on_route = {i.id for s in route(current, opened.answers) for i in s.items}
    kept = {k for k, v in opened.answers.items.items() if v.note == f"Note for {k}."}
    # every answer saved then is still there, under an item the pathway has now
    assert len(kept) == len(saved.answers.items)
    assert kept <= {i.id for i in current.items()}
    assert set(opened.review.comments) <= on_route
    assert {i.id for i in open_items(current, opened.answers)} <= on_route
