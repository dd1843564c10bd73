"""Server mode: the same index and search behaviour against a real `chroma run` server.

The ``chroma_server`` fixture (conftest.py) starts the server from the installed chromadb
on a free loopback port and stops it after the session; each test gets its own collection.
"""

from __future__ import annotations

import json

import pytest
from helpers.support import (
    OFF_TOPIC,
    ON_TOPIC,
    SERVICE_MANAGER_SECTION,
    STEP_DOWN,
    CountingEmbeddings,
    FakeEmbeddings,
    cli_env,
    run_cli,
)

from assistant.errors import IndexMismatchError
from assistant.search.embeddings import PACKAGED_MODEL, PackagedEmbeddings
from assistant.search.index import PolicyIndex
from assistant.search.ingest import load_chunks, scan_folder
from assistant.search.retrieval import HybridSearch

pytestmark = [pytest.mark.server, pytest.mark.integration, pytest.mark.slow]


def expected_total(settings) -> int:
    scan = scan_folder(settings.knowledge_dir, settings.max_file_bytes, settings.chunk_size, settings.chunk_overlap)
    return sum(len(load_chunks(f, settings.chunk_size, settings.chunk_overlap)[1]) for f in scan.files)


def test_first_sync_on_the_server_embeds_every_chunk(server_settings, real_embeddings, chroma_server):
    counting = CountingEmbeddings(real_embeddings)
    index = PolicyIndex(server_settings, counting)
    assert index.location == f"Chroma server 127.0.0.1:{chroma_server}"
    report = index.sync(progress=False)
    assert report.embedded == report.chunks == expected_total(server_settings)
    assert len(counting.encoded) > report.chunks  # sentences are embedded, chunk vectors are their mean
    assert sorted(report.indexed) == ["long-plans-over-2-years.md", STEP_DOWN]

    col = index.client.get_collection(server_settings.collection)
    assert col.configuration["hnsw"]["space"] == "cosine"
    assert (col.metadata["embedding_model"], col.metadata["embedding_dim"], col.metadata["embedding_sha256"]) == (
        PACKAGED_MODEL.name, 384, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    assert col.count() == report.chunks
    assert not (server_settings.data_dir / "chroma").exists()  # nothing stored locally in server mode


def test_unchanged_resync_on_the_server_embeds_nothing(server_settings, real_embeddings):
    first = PolicyIndex(server_settings, real_embeddings).sync(progress=False)
    generation = PolicyIndex(server_settings, real_embeddings).generation()
    counting = CountingEmbeddings(real_embeddings)
    index = PolicyIndex(server_settings, counting)
    report = index.sync(progress=False)
    assert report.embedded == 0
    assert counting.calls == 0
    assert report.chunks == first.chunks
    assert sorted(report.unchanged) == sorted(first.indexed)
    assert index.generation() == generation


def test_model_mismatch_on_the_server(server_settings, real_embeddings, chroma_server):
    PolicyIndex(server_settings, FakeEmbeddings(name="test/other-model", dim=24)).sync(progress=False)
    index = PolicyIndex(server_settings, real_embeddings)
    with pytest.raises(IndexMismatchError, match=(
        rf"The index at Chroma server 127\.0\.0\.1:{chroma_server} was built with the embedding model "
        r"test/other-model \(dimension 24.*Re-index with `python -m assistant index --rebuild`"
    )):
        index.sync(progress=False)
    report = index.rebuild(progress=False)
    assert report.embedded == report.chunks > 0


@pytest.mark.parametrize("exact_limit", [20_000, 0], ids=["in-memory", "chroma-hnsw"])
def test_search_on_the_server(server_settings, real_embeddings, exact_limit):
    index = PolicyIndex(server_settings.model_copy(update={"exact_search_limit": exact_limit}), real_embeddings)
    index.sync(progress=False)
    search = HybridSearch(index)

    answered = search.search(ON_TOPIC, 3)
    assert answered.covered is True
    hit = next(p for p in answered.passages if p.section == SERVICE_MANAGER_SECTION)
    assert hit.source == STEP_DOWN and hit.title and "Liquid Logic" in hit.text

    refused = search.search(OFF_TOPIC, 3)
    assert (refused.covered, refused.passages) == (False, [])


def test_cli_search_json_against_the_server(server_settings, chroma_server, tmp_path):
    env = cli_env(
        knowledge_dir=server_settings.knowledge_dir,
        data_dir=tmp_path / "cli-data",
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        collection=server_settings.collection,
    )
    proc = run_cli(["search", ON_TOPIC, OFF_TOPIC, "--k", "3", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    on_topic, off_topic = [json.loads(line) for line in proc.stdout.splitlines()]
    assert on_topic["query"] == ON_TOPIC and on_topic["covered"] is True
    assert SERVICE_MANAGER_SECTION in [p["section"] for p in on_topic["passages"]]
    assert len(on_topic["passages"]) <= 3
    assert off_topic == {"query": OFF_TOPIC, "covered": False, "passages": []}
    # the CLI built the index on the server, not in its data folder
    assert not (tmp_path / "cli-data" / "chroma").exists()
    index = PolicyIndex(server_settings, PackagedEmbeddings())  # listing needs only ModelInfo
    assert index.exists()
    assert {d.source for d in index.documents()} == {"long-plans-over-2-years.md", STEP_DOWN}
