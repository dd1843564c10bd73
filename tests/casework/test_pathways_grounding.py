"""Every pathway citation resolves to an indexed passage (real chunking, real Chroma, fake vectors)."""

import pytest

from assistant.casework.pathways import changed_citations, ground, load_pathways
from assistant.casework.pathways.schema import Pathway
from assistant.search.index import PolicyIndex

PATHWAYS = load_pathways()


@pytest.fixture
def passages(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    return index.passages()


@pytest.mark.parametrize("pathway_id", sorted(PATHWAYS))
def test_every_citation_resolves_to_a_passage(pathway_id, passages):
    pathway = PATHWAYS[pathway_id]
    grounded = ground(pathway, *passages)
    assert set(grounded) == {item.id for item in pathway.items()}
    for citations in grounded.values():
        for c in citations:
            assert " ".join(c.quote.split()) in " ".join(c.passage.split())
            assert c.title and c.section and c.passage_id in passages[0]


def test_service_manager_duty_is_grounded_in_its_section(passages):
    grounded = ground(PATHWAYS["step-down"], *passages)
    sections = {c.section for cs in grounded.values() for c in cs if "48 hours" in c.quote}
    assert sections == {"Stepping down at first review conference (3 months) › Role of the Service Manager"}


def test_a_quote_the_policy_no_longer_holds_is_marked_changed_with_where_it_went(passages):
    """A quote whose words were edited: the item is marked changed (not an error), with the section of the
    passage now closest; every other citation still resolves."""
    data = PATHWAYS["step-down"].model_dump()
    cited = data["steps"][0]["items"][0]["citations"][0]
    original = cited["quote"]
    cited["quote"] = original.replace(original.split()[2], "rewritten", 1)
    item_id = data["steps"][0]["items"][0]["id"]
    grounded = ground(Pathway.model_validate(data), *passages)
    (changed,) = changed_citations(grounded)
    assert changed.item_id == item_id and changed.status == "changed" and changed.passage == ""
    unchanged = ground(PATHWAYS["step-down"], *passages)[item_id][0]
    assert changed.closest_section == unchanged.section and changed.closest_passage == unchanged.passage
    assert f"“{unchanged.section}”" in changed.change_note() and cited["source"] in changed.change_note()
    assert len([c for cs in grounded.values() for c in cs if not c.changed]) == \
        sum(len(i.citations) for i in PATHWAYS["step-down"].items()) - 1


def test_a_quote_nothing_resembles_names_no_section(passages):
    data = PATHWAYS["step-down"].model_dump()
    data["steps"][0]["items"][0]["citations"][0]["quote"] = "words that are nowhere in the policy at all, not once"
    (changed,) = changed_citations(ground(Pathway.model_validate(data), *passages))
    assert changed.closest_section == "" and changed.closest_passage == ""
    assert "No passage of it now reads like the quote" in changed.change_note()


def test_a_document_gone_from_the_folder_marks_every_quote_from_it(passages):
    ids, texts, metas = passages
    kept = [(i, t, m) for i, t, m in zip(ids, texts, metas) if m["source"] != PATHWAYS["step-down"].source]
    grounded = ground(PATHWAYS["step-down"], *map(list, zip(*kept)))
    changed = changed_citations(grounded)
    assert changed and {c.status for c in changed} == {"document_missing"}
    assert all("is no longer in the knowledge folder" in c.change_note() for c in changed)


def test_found_citations_have_no_change_note(passages):
    grounded = ground(PATHWAYS["long-plan"], *passages)
    assert changed_citations(grounded) == []
    assert {c.change_note() for cs in grounded.values() for c in cs} == {""}
