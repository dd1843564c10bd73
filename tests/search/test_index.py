"""PolicyIndex over an embedded Chroma (PersistentClient in tmp): incremental sync,
cosine space, model bookkeeping and the mismatch error.

Most tests use FakeEmbeddings (instant, with its own ModelInfo); the ones marked
``integration`` use the real packaged model.
"""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from helpers.support import (
    LONG_PLANS,
    PINNED_SHA256,
    SERVICE_MANAGER_SECTION,
    STEP_DOWN,
    CountingEmbeddings,
    FakeEmbeddings,
    make_docx,
    make_pdf,
)

from assistant.config import load_settings
from assistant.errors import IndexMismatchError, IndexUnavailable
from assistant.search.embeddings import PACKAGED_MODEL, PackagedEmbeddings
from assistant.search.index import PolicyIndex
from assistant.search.ingest import load_chunks, scan_folder, sentences


def expected_chunks(settings):
    """The chunks of every readable file, computed without the index."""
    scan = scan_folder(settings.knowledge_dir, settings.max_file_bytes, settings.chunk_size, settings.chunk_overlap)
    return {f.source: load_chunks(f, settings.chunk_size, settings.chunk_overlap)[1] for f in scan.files}


def ids_by_source(index: PolicyIndex) -> dict[str, set[str]]:
    ids, _, metas = index.passages()
    out: dict[str, set[str]] = {}
    for cid, meta in zip(ids, metas):
        out.setdefault(meta["source"], set()).add(cid)
    return out


def edit_service_manager_paragraph(settings) -> None:
    path = settings.knowledge_dir / STEP_DOWN
    text = path.read_text(encoding="utf-8")
    assert text.count("at least 48 hours") == 1
    path.write_text(text.replace("at least 48 hours", "at least 72 hours"), encoding="utf-8")


# -- incremental indexing ------------------------------------------------------------------------------


def test_first_sync_embeds_every_chunk(settings, fake_embeddings):
    expected = expected_chunks(settings)
    total = sum(len(c) for c in expected.values())
    report = PolicyIndex(settings, fake_embeddings).sync(progress=False)

    assert sorted(report.indexed) == sorted(expected) == [LONG_PLANS, STEP_DOWN]
    assert report.unchanged == [] and report.removed == [] and report.skipped == []
    assert report.embedded == report.chunks == total
    # what the encoder sees: each chunk's sentences (the chunk vector is their mean)
    assert sorted(fake_embeddings.encoded) == sorted(
        s for chunks in expected.values() for c in chunks for s in sentences(c.text)
    )
    assert len(fake_embeddings.encoded) > total
    assert report.seconds > 0


def test_passages_hold_the_chunks_with_provenance(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    expected = {c.id: c for chunks in expected_chunks(settings).values() for c in chunks}
    ids, texts, metas = index.passages()
    assert sorted(ids) == sorted(expected)
    for cid, text, meta in zip(ids, texts, metas):
        assert text == expected[cid].text
        assert meta == expected[cid].metadata()


def test_unchanged_folder_embeds_nothing(settings, fake_embeddings):
    PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    index = PolicyIndex(settings, fake_embeddings)
    before = ids_by_source(index)
    report = index.sync(progress=False)
    assert report.embedded == 0
    assert fake_embeddings.calls == 0
    assert sorted(report.unchanged) == [LONG_PLANS, STEP_DOWN]
    assert report.indexed == [] and report.removed == [] and not report.changed
    assert ids_by_source(index) == before


def test_editing_one_file_reembeds_only_its_new_chunks(settings, fake_embeddings):
    index = PolicyIndex(settings, FakeEmbeddings())
    index.sync(progress=False)
    before = ids_by_source(index)
    old_chunks = expected_chunks(settings)

    edit_service_manager_paragraph(settings)
    new_chunks = expected_chunks(settings)
    fresh = [c for c in new_chunks[STEP_DOWN] if c.id not in before[STEP_DOWN]]
    assert len(fresh) == 1 and fresh[0].section == SERVICE_MANAGER_SECTION

    index = PolicyIndex(settings, fake_embeddings)
    report = index.sync(progress=False)
    assert report.indexed == [STEP_DOWN]
    assert report.unchanged == [LONG_PLANS]
    assert report.embedded == 1
    assert fake_embeddings.encoded == sentences(fresh[0].text)

    after = ids_by_source(index)
    assert after[LONG_PLANS] == before[LONG_PLANS]
    assert after[STEP_DOWN] == {c.id for c in new_chunks[STEP_DOWN]}
    assert len(before[STEP_DOWN] - after[STEP_DOWN]) == 1
    assert report.chunks == sum(len(c) for c in new_chunks.values()) == sum(len(c) for c in old_chunks.values())
    # kept chunks carry the file's new stamp, so the next sync sees the file as unchanged
    stamps = {m["stamp"] for m in index.passages()[2] if m["source"] == STEP_DOWN}
    assert stamps == {new_chunks[STEP_DOWN][0].stamp}
    assert index.sync(progress=False).embedded == 0


def test_removing_a_file_removes_only_its_chunks(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    before = ids_by_source(index)
    (settings.knowledge_dir / LONG_PLANS).unlink()
    calls = fake_embeddings.calls
    report = index.sync(progress=False)
    assert report.removed == [LONG_PLANS]
    assert report.embedded == 0 and fake_embeddings.calls == calls
    assert ids_by_source(index) == {STEP_DOWN: before[STEP_DOWN]}
    assert report.chunks == len(before[STEP_DOWN])


def test_file_that_becomes_unreadable_loses_its_chunks(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    (settings.knowledge_dir / LONG_PLANS).write_bytes(b"\x00\x01binary now")
    report = index.sync(progress=False)
    assert [(s.source, s.reason) for s in report.skipped] == [(LONG_PLANS, "it looks like a binary file, not text")]
    assert set(ids_by_source(index)) == {STEP_DOWN}


def test_bad_files_are_skipped_with_reasons_and_the_rest_still_index(tmp_path, monkeypatch, knowledge_dir,
                                                                       fake_embeddings, zip_bomb_docx):
    k = knowledge_dir
    (k / "empty.md").write_bytes(b"")
    (k / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (k / "latin1.txt").write_bytes("Politique de caf\u00e9 pour l'\u00e9quipe".encode("latin-1"))
    (k / "locked.pdf").write_bytes(make_pdf(["Locked policy text"], user_password="pw"))
    (k / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(1, 200)) * 10)
    (k / "notazip.docx").write_bytes(b"This was saved as plain text, not Word.")
    shutil.copy(zip_bomb_docx, k / "bomb.docx")
    (k / "too-big.md").write_text("# Big\n\n" + "policy text " * 150_000)  # ~1.7 MB
    (k / "minutes.xlsx").write_bytes(b"PK\x03\x04 spreadsheet bytes")
    # and good files of every other type
    (k / "supervision.pdf").write_bytes(make_pdf(["Supervision policy", "Supervision happens every month."]))
    (k / "core.docx").write_bytes(make_docx([("h1", "Core groups"), ("p", "Core groups meet within ten days.")]))
    (k / "notes.txt").write_text("Strategy notes\n\nStrategy discussions happen within one working day.\n")
    (k / "page.html").write_text("<html><body><h1>Pre-birth</h1><p>Assess by 20 weeks.</p></body></html>")
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1")
    settings = load_settings()

    report = PolicyIndex(settings, fake_embeddings).sync(progress=False)
    reasons = {s.source: s.reason for s in report.skipped}
    expected_reasons = {
        "empty.md": "the file is empty",
        "binary.md": "looks like a binary file",
        "latin1.txt": "not UTF-8 text",
        "locked.pdf": "the PDF is encrypted",
        "broken.pdf": "not a readable PDF|could not be parsed as .pdf",
        "notazip.docx": "not a valid .docx",
        "bomb.docx": "would expand to 300 MB",
        "too-big.md": "larger than the 1 MB limit",
        "minutes.xlsx": "'.xlsx' files are not supported",
    }
    assert set(reasons) == set(expected_reasons)
    for name, pattern in expected_reasons.items():
        assert re.search(pattern, reasons[name]), (name, reasons[name])
    assert sorted(report.indexed) == sorted(
        [LONG_PLANS, STEP_DOWN, "supervision.pdf", "core.docx", "notes.txt", "page.html"]
    )
    sections = {m["source"]: m["section"] for m in PolicyIndex(settings, fake_embeddings).passages()[2]}
    assert sections["core.docx"] == "Core groups"
    assert sections["page.html"] == "Pre-birth"


# -- collection settings and the model it was built with ----------------------------------------------------


def test_collection_uses_cosine_space_and_records_the_model(settings, fake_embeddings):
    PolicyIndex(settings, fake_embeddings).sync(progress=False)
    reopened = PolicyIndex(settings, FakeEmbeddings())  # a fresh client on the same folder
    col = reopened.client.get_collection(settings.collection)
    assert col.configuration["hnsw"]["space"] == "cosine"
    meta = col.metadata
    assert meta["embedding_model"] == fake_embeddings.info.name
    assert meta["embedding_dim"] == fake_embeddings.info.dim
    assert meta["embedding_sha256"] == fake_embeddings.info.sha256
    assert (settings.data_dir / "chroma").is_dir()


def test_dense_search_similarity_is_the_cosine_of_the_vectors(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    query = np.array(fake_embeddings.embed_query("service manager records the step down on Liquid Logic"))
    hits = index.dense_search(query.tolist(), k=5)
    assert len(hits) == 5
    col = index.client.get_collection(settings.collection)
    got = col.get(ids=[doc.id for doc, _ in hits], include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"]))
    sims = [sim for _, sim in hits]
    assert sims == sorted(sims, reverse=True)
    for doc, sim in hits:
        assert sim == pytest.approx(float(np.dot(query, np.array(stored[doc.id]))), abs=1e-4)
        assert doc.metadata["source"] in (STEP_DOWN, LONG_PLANS)


def test_index_built_with_another_model_raises_mismatch_saying_to_reindex(settings):
    PolicyIndex(settings, FakeEmbeddings(name="test/model-a", dim=32, sha256="a" * 64)).sync(progress=False)
    other = PolicyIndex(settings, FakeEmbeddings(name="test/model-b", dim=48, sha256="b" * 64))
    pattern = (r"built with the embedding model test/model-a \(dimension 32, weights aaaaaaaaaaaa…\), "
               r"but this installation uses test/model-b \(dimension 48.*Re-index with "
               r"`python -m assistant index --rebuild`")
    for action in (other.sync, other.exists, other.passages):
        with pytest.raises(IndexMismatchError, match=pattern):
            action()


def test_index_built_with_fake_model_refuses_the_real_model(settings):
    PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    real = PolicyIndex(settings, PackagedEmbeddings())  # the check needs only ModelInfo, not the weights
    with pytest.raises(IndexMismatchError, match=r"uses sentence-transformers/all-MiniLM-L6-v2 \(dimension 384, "
                                                 r"weights 53aa51172d14….*Re-index"):
        real.sync(progress=False)


def test_rebuild_recovers_from_a_mismatch(settings):
    PolicyIndex(settings, FakeEmbeddings(name="test/model-a", dim=32)).sync(progress=False)
    new_model = FakeEmbeddings(name="test/model-b", dim=48)
    index = PolicyIndex(settings, new_model)
    with pytest.raises(IndexMismatchError):
        index.sync(progress=False)
    report = index.rebuild(progress=False)
    assert report.embedded == report.chunks == sum(len(c) for c in expected_chunks(settings).values())
    assert index.client.get_collection(settings.collection).metadata["embedding_model"] == "test/model-b"
    assert index.client.get_collection(settings.collection).configuration["hnsw"]["space"] == "cosine"
    assert len(index.dense_search(new_model.embed_query("step down"), 3)) == 3


def test_rebuild_reembeds_everything(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    first = index.sync(progress=False)
    report = index.rebuild(progress=False)
    assert report.embedded == report.chunks == first.chunks
    assert fake_embeddings.calls >= 2


# -- generation, existence, documents ---------------------------------------------------------------------


def test_generation_changes_with_content_and_only_then(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    assert index.generation() == "none"
    index.sync(progress=False)
    g1 = index.generation()
    assert g1 != "none"
    index.sync(progress=False)
    assert index.generation() == g1
    assert PolicyIndex(settings, FakeEmbeddings()).generation() == g1  # persisted, not per process
    edit_service_manager_paragraph(settings)
    index.sync(progress=False)
    g2 = index.generation()
    assert g2 != g1
    index.sync(progress=False)
    assert index.generation() == g2
    (settings.knowledge_dir / LONG_PLANS).unlink()
    index.sync(progress=False)
    assert index.generation() not in (g1, g2)


def test_exists_only_after_indexing(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    assert index.exists() is False
    assert index.passages() == ([], [], [])
    assert index.documents() == []
    with pytest.raises(IndexUnavailable, match=r"There is no index at .* yet: run `python -m assistant index`"):
        index.dense_search([0.0] * fake_embeddings.info.dim, 3)
    index.sync(progress=False)
    assert index.exists() is True


def test_documents_lists_title_version_and_chunk_counts(settings, fake_embeddings):
    (settings.knowledge_dir / "versioned.md").write_text(
        "---\ntitle: Versioned policy\nversion: '2.3'\n---\n\n# Heading\n\nFirst paragraph.\n\nSecond paragraph.\n"
    )
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    expected = expected_chunks(settings)
    docs = {d.source: d for d in index.documents()}
    assert [d.source for d in index.documents()] == sorted(expected)
    for source, chunks in expected.items():
        assert docs[source].chunks == len(chunks)
        assert docs[source].title == chunks[0].title
    assert docs[STEP_DOWN].title.startswith("Stepping down a Child Protection Plan at first review (3 months)")
    assert docs[STEP_DOWN].version == ""
    assert (docs["versioned.md"].title, docs["versioned.md"].version, docs["versioned.md"].chunks) == (
        "Versioned policy", "2.3", 2)


def test_index_lock_and_store_live_in_the_data_dir(settings, fake_embeddings, tmp_path):
    PolicyIndex(settings, fake_embeddings).sync(progress=False)
    assert settings.data_dir == tmp_path / "data"
    assert (tmp_path / "data" / "index.lock").exists()
    assert any((tmp_path / "data" / "chroma").iterdir())


# -- the real model ------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_real_model_first_sync_then_unchanged_resync(settings, real_embeddings):
    counting = CountingEmbeddings(real_embeddings)
    index = PolicyIndex(settings, counting)
    total = sum(len(c) for c in expected_chunks(settings).values())
    report = index.sync(progress=False)
    assert report.embedded == report.chunks == total
    assert len(counting.encoded) == sum(len(sentences(c.text)) for cs in expected_chunks(settings).values() for c in cs)

    counting = CountingEmbeddings(real_embeddings)
    report = PolicyIndex(settings, counting).sync(progress=False)
    assert report.embedded == 0 and report.chunks == total
    assert counting.calls == 0

    fresh = PackagedEmbeddings()
    assert PolicyIndex(settings, fresh).sync(progress=False).embedded == 0
    assert fresh._model is None  # an unchanged folder does not even load the model


@pytest.mark.integration
def test_real_index_records_the_packaged_model(real_index):
    col = real_index.client.get_collection(real_index.settings.collection)
    assert col.configuration["hnsw"]["space"] == "cosine"
    assert col.metadata["embedding_model"] == PACKAGED_MODEL.name
    assert col.metadata["embedding_dim"] == 384
    assert col.metadata["embedding_sha256"] == PINNED_SHA256
    got = col.get(limit=3, include=["embeddings"])
    vectors = np.array(got["embeddings"])
    assert vectors.shape == (3, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0] * 3, abs=1e-4)


# -- sentence vectors ------------------------------------------------------------------------------------


def test_sentences_split_lists_and_drop_fragments():
    from assistant.search.ingest import sentences

    text = "First sentence is long enough. Second: it goes on!\n- **Item one:** a list item here\n- x"
    assert sentences(text) == ["First sentence is long enough.", "Second: it goes on!", "- **Item one:** a list item here"]
    assert sentences("Too short") == ["Too short"]


def test_chunk_vector_is_the_mean_of_its_sentence_vectors(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    col = index._collection()
    got = col.get(limit=3, include=["embeddings", "documents"])
    for cid, vec, text in zip(got["ids"], got["embeddings"], got["documents"]):
        parts = FakeEmbeddings().encode(sentences(text))
        mean = parts.sum(axis=0)
        np.testing.assert_allclose(vec, mean / np.linalg.norm(mean), atol=1e-5)
        stored = index._sentences().get(where={"chunk_id": cid})
        assert len(stored["ids"]) == len(parts)


def test_deleting_a_file_deletes_its_sentence_vectors(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    (settings.knowledge_dir / LONG_PLANS).unlink()
    index.sync(progress=False)
    sources = {m["source"] for m in index._sentences().get(include=["metadatas"])["metadatas"]}
    assert sources == {STEP_DOWN}


@pytest.mark.parametrize("exact_limit", [20_000, 0], ids=["in-memory", "chroma-hnsw"])
def test_dense_scores_blend_chunk_and_best_sentence(settings, fake_embeddings, exact_limit):
    index = PolicyIndex(settings.model_copy(update={"exact_search_limit": exact_limit}), fake_embeddings)
    index.sync(progress=False)
    query = "service manager records the discussion on Liquid Logic 48 hours before"
    qv = np.asarray(fake_embeddings.embed_query(query))
    scores = dict(index.dense_scores(qv.tolist(), 5))
    ids, texts, _ = index.passages()
    vectors = dict(zip(index._collection().get(include=["embeddings"])["ids"],
                       index._collection().get(include=["embeddings"])["embeddings"]))
    for cid, score in scores.items():
        text = texts[ids.index(cid)]
        best = max(float(qv @ v) for v in FakeEmbeddings().encode(sentences(text)))
        assert score == pytest.approx(0.5 * float(qv @ vectors[cid]) + 0.5 * best, abs=1e-5)
    assert list(scores) == sorted(scores, key=lambda c: -scores[c])


def test_index_from_an_older_layout_is_rebuilt(settings, fake_embeddings):
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    col = index._collection()
    col.modify(metadata={**col.metadata, "layout": "chunks-v0"})
    report = PolicyIndex(settings, fake_embeddings).sync(progress=False)
    assert report.embedded == report.chunks > 0
    assert index._collection().metadata["layout"] == "sentences-v1"


def test_reads_are_paged(settings, fake_embeddings, monkeypatch):
    """Chroma's SQLite backend refuses one read of more than ~32,000 records: read in pages."""
    import assistant.search.index.records as records

    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    everything = index.passages()
    monkeypatch.setattr(records, "READ_PAGE", 3)
    calls = []
    real_get = type(index._collection()).get

    def counting_get(self, *args, **kwargs):
        calls.append(kwargs.get("limit"))
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(type(index._collection()), "get", counting_get)
    assert index.passages() == everything
    assert len(calls) >= len(everything[0]) // 3 and set(calls) == {3}
    report = index.sync(progress=False)
    assert report.embedded == 0 and report.chunks == len(everything[0])


def test_waiting_too_long_for_another_writer_is_a_clear_error(settings, fake_embeddings, monkeypatch):
    from filelock import FileLock

    import assistant.search.index.recovery as recovery

    monkeypatch.setattr(recovery, "LOCK_TIMEOUT", 0.2)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(settings.data_dir / "index.lock")):
        with pytest.raises(IndexUnavailable, match="Another process has been updating the index"):
            PolicyIndex(settings, fake_embeddings).sync(progress=False)


def test_on_progress_reports_every_batch_up_to_the_total(settings, fake_embeddings, monkeypatch):
    import assistant.search.index.sync as index_sync

    monkeypatch.setattr(index_sync, "EMBED_BATCH", 10)
    seen: list[tuple[int, int]] = []
    report = PolicyIndex(settings, fake_embeddings).sync(progress=False, on_progress=lambda d, t: seen.append((d, t)))
    total = report.embedded
    assert total > 20 and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and all(t == total for _, t in seen)
    assert len(seen) == -(-total // 10)
    seen.clear()
    PolicyIndex(settings, fake_embeddings).sync(progress=False, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == []  # nothing to embed, nothing to report
