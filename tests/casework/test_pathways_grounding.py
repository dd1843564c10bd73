"""Every pathway citation resolves to an indexed passage (real chunking, real Chroma, fake vectors)."""

import pytest

from assistant.casework.pathways import ground, load_pathways
from assistant.casework.pathways.schema import Pathway
from assistant.errors import PathwayError
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


def test_a_quote_missing_from_the_index_is_an_error_naming_the_item(passages):
    data = PATHWAYS["step-down"].model_dump()
    data["steps"][0]["items"][0]["citations"][0]["quote"] = "words that are nowhere in the policy at all, not once"
    broken = Pathway.model_validate(data)
    item_id = data["steps"][0]["items"][0]["id"]
    with pytest.raises(PathwayError, match=f"item '{item_id}'.*not in any indexed passage"):
        ground(broken, *passages)
