"""Shared fixtures.

Every test runs with ASSISTANT_DATA_DIR pointing into its own tmp_path (and no other
ASSISTANT_* variable), so nothing touches the repository's data/ folder; tests that
change the knowledge folder use the ``knowledge_dir`` fixture, which also points
ASSISTANT_KNOWLEDGE_DIR at a tmp copy. The real embedding model is loaded once per session.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from helpers.support import (
    INSTALLED_RELEVANCE,
    FakeEmbeddings,
    clean_settings,
    clear_assistant_env,
    copy_knowledge,
    write_zip_bomb,
)

from assistant.config import Settings, load_settings


@pytest.fixture(autouse=True)
def isolated_data_dir(monkeypatch, tmp_path):
    """Point ASSISTANT_DATA_DIR at tmp_path and drop any other ASSISTANT_* setting."""
    clear_assistant_env(monkeypatch)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def knowledge_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the real knowledge folder, and ASSISTANT_KNOWLEDGE_DIR pointing at it."""
    folder = copy_knowledge(tmp_path / "knowledge")
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(folder))
    return folder


@pytest.fixture
def settings(knowledge_dir) -> Settings:
    """Settings from the (isolated) environment, over a copy of the real knowledge folder."""
    return load_settings()


@pytest.fixture
def fake_embeddings() -> FakeEmbeddings:
    return FakeEmbeddings()


@pytest.fixture(scope="session")
def real_embeddings():
    """The packaged all-MiniLM-L6-v2, verified and loaded once for the whole session."""
    from assistant.search.embeddings import PackagedEmbeddings

    embeddings = PackagedEmbeddings()
    embeddings.encode(["warm up"])
    return embeddings


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, real_embeddings):
    """An embedded index of the real knowledge folder built with the real model (read-only for tests)."""
    from assistant.search.index import PolicyIndex

    base = tmp_path_factory.mktemp("real-index")
    settings = clean_settings(knowledge_dir=copy_knowledge(base / "knowledge"), data_dir=base / "data")
    index = PolicyIndex(settings, real_embeddings)
    report = index.sync(progress=False)
    assert report.embedded > 0 and not report.skipped
    return index


@pytest.fixture(scope="session")
def real_search(real_index):
    """The search as the app ships it: with the relevance model ``make`` installs (five signals if it is missing:
    tests/search/test_relevance_install.py fails then)."""
    from assistant.search.relevance_loader import loader
    from assistant.search.retrieval import HybridSearch

    return HybridSearch(real_index, relevance=loader(INSTALLED_RELEVANCE).get)


@pytest.fixture(scope="session")
def zip_bomb_docx(tmp_path_factory) -> Path:
    """A ~0.3 MB zip named .docx that declares 300 MB of unpacked content."""
    return write_zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx", megabytes=300)


# -- Chroma server ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on loopback (from the installed chromadb); yields its port."""
    from helpers.chroma import running_chroma

    try:
        with running_chroma(tmp_path_factory.mktemp("chroma-server")) as (port, _pid):
            yield port
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def server_settings(chroma_server, monkeypatch, knowledge_dir) -> Settings:
    """Server-mode settings with a collection of its own (tests share one server)."""
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", str(chroma_server))
    monkeypatch.setenv("ASSISTANT_COLLECTION", f"test-{uuid.uuid4().hex[:16]}")
    return load_settings()
