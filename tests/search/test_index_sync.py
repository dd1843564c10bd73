"""Sync planning as a pure function: what a sync embeds, deletes and re-stamps, without Chroma or a model."""

from pathlib import Path

import numpy as np
import pytest
from helpers.support import FakeEmbeddings

from assistant.errors import UnreadableFile
from assistant.search.embeddings import Encoder, PackagedEmbeddings
from assistant.search.index import generation_of
from assistant.search.index.records import DocumentInfo, documents_of
from assistant.search.index.sync import mean_vectors, plan_sync, stamps_by_source
from assistant.search.ingest import Chunk, KnowledgeFile


def file(source: str, stamp: str) -> KnowledgeFile:
    return KnowledgeFile(source, Path(source), stamp, 10)


def chunk(source: str, cid: str, stamp: str) -> Chunk:
    return Chunk(cid, f"text of {cid}", source, "Title", "Section", 0, stamp)


def loader(chunks: dict[str, list[Chunk]]):
    def load(f: KnowledgeFile) -> list[Chunk]:
        if chunks[f.source] is None:
            raise UnreadableFile("the PDF is encrypted (password-protected)")
        return chunks[f.source]
    return load


def test_an_empty_index_embeds_every_chunk_of_every_file():
    chunks = {"a.md": [chunk("a.md", "a1", "s1"), chunk("a.md", "a2", "s1")], "b.md": [chunk("b.md", "b1", "t1")]}
    plan = plan_sync([file("a.md", "s1"), file("b.md", "t1")], {}, loader(chunks))
    assert [c.id for c in plan.to_embed] == ["a1", "a2", "b1"]
    assert plan.to_delete == [] and plan.to_restamp == []
    assert plan.report.indexed == ["a.md", "b.md"] and plan.report.unchanged == []
    assert plan.changes_anything


def test_an_unchanged_file_is_not_even_loaded():
    def never(f: KnowledgeFile) -> list[Chunk]:
        raise AssertionError(f"{f.source} was loaded")

    plan = plan_sync([file("a.md", "s1")], {"a.md": {"a1": "s1", "a2": "s1"}}, never)
    assert plan.report.unchanged == ["a.md"]
    assert not plan.changes_anything


def test_a_changed_file_keeps_the_vectors_of_chunks_whose_text_did_not_change():
    new = [chunk("a.md", "a1", "s2"), chunk("a.md", "a3", "s2")]
    plan = plan_sync([file("a.md", "s2")], {"a.md": {"a1": "s1", "a2": "s1"}}, loader({"a.md": new}))
    assert [c.id for c in plan.to_embed] == ["a3"]
    assert plan.to_delete == ["a2"]
    assert [c.id for c in plan.to_restamp] == ["a1"] and plan.to_restamp[0].stamp == "s2"
    assert plan.report.indexed == ["a.md"]


def test_a_removed_file_removes_only_its_own_chunks():
    plan = plan_sync([file("a.md", "s1")], {"a.md": {"a1": "s1"}, "gone.md": {"g1": "x", "g2": "x"}},
                     loader({"a.md": []}))
    assert plan.report.removed == ["gone.md"]
    assert sorted(plan.to_delete) == ["g1", "g2"]
    assert plan.report.unchanged == ["a.md"]


def test_a_file_that_became_unreadable_is_skipped_and_its_old_chunks_removed():
    plan = plan_sync([file("a.md", "s2")], {"a.md": {"a1": "s1"}}, loader({"a.md": None}))
    assert [(s.source, s.reason) for s in plan.report.skipped] == [("a.md", "the PDF is encrypted (password-protected)")]
    assert plan.to_delete == ["a1"] and plan.report.indexed == []


def test_stamps_by_source_groups_what_the_index_holds():
    got = stamps_by_source(["a1", "a2", "b1"], [{"source": "a.md", "stamp": "s"}, {"source": "a.md", "stamp": "s"},
                                                {"source": "b.md", "stamp": "t"}])
    assert got == {"a.md": {"a1": "s", "a2": "s"}, "b.md": {"b1": "t"}}


def test_a_chunk_vector_is_the_unit_mean_of_its_sentences():
    vectors = np.asarray([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    got = mean_vectors(vectors, [0, 0, 1], 2)
    assert got == pytest.approx(np.asarray([[2 ** -0.5, 2 ** -0.5], [1, 0]]))


def test_documents_and_generation_read_from_metadata():
    metas = [{"source": "b.md", "title": "B", "version": "2"}, {"source": "a.md", "title": "A"},
             {"source": "b.md", "title": "B", "version": "2"}]
    assert documents_of(metas) == [DocumentInfo("a.md", "A", "", 1), DocumentInfo("b.md", "B", "2", 2)]

    class Col:
        metadata = {"generation": "abc-1"}

    assert generation_of(Col()) == "abc-1"
    assert generation_of(None) == "none"


def test_the_product_encoder_and_the_tests_fake_both_satisfy_the_encoder_protocol():
    assert isinstance(FakeEmbeddings(), Encoder)
    assert isinstance(PackagedEmbeddings(), Encoder)  # no model load: the protocol is structural
    assert not isinstance(object(), Encoder)
