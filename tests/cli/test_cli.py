"""`python -m assistant index|search` as other tools call it: a subprocess with the test
interpreter, ASSISTANT_KNOWLEDGE_DIR / ASSISTANT_DATA_DIR pointing at tmp copies."""

from __future__ import annotations

import json
import re
import socket

import pytest
from helpers.support import (
    KNOWLEDGE,
    LONG_PLANS,
    OFF_TOPIC,
    ON_TOPIC,
    STEP_DOWN,
    FakeEmbeddings,
    body_of,
    clean_settings,
    cli_env,
    copy_knowledge,
    make_pdf,
    run_cli,
)

from assistant.errors import UnreadableFile
from assistant.search.embeddings import PackagedEmbeddings
from assistant.search.index import PolicyIndex
from assistant.search.ingest import load_chunks, scan_folder

LONG_PLANS_QUESTION = "What happens at the 15 month conference if the concerns have not been addressed?"

BAD_FILES = {
    "empty.md": (b"", "the file is empty"),
    "binary.md": (b"\x00\x01\x02\x03 binary content" * 10, "it looks like a binary file, not text"),
    "latin1.txt": ("Politique de caf\u00e9".encode("latin-1"), "it is not UTF-8 text"),
    "locked.pdf": (None, "the PDF is encrypted (password-protected)"),
    "minutes.xlsx": (b"PK\x03\x04 spreadsheet", "'.xlsx' files are not supported"),
}


def expected_chunk_count(knowledge) -> int:
    """Chunks of the readable files under the default settings, computed without the CLI."""
    s = clean_settings(knowledge_dir=knowledge)
    total = 0
    for f in scan_folder(knowledge, s.max_file_bytes, s.chunk_size, s.chunk_overlap).files:
        try:
            total += len(load_chunks(f, s.chunk_size, s.chunk_overlap)[1])
        except UnreadableFile:
            pass
    return total


def assert_no_traceback(proc):
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout


def top_level_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line and not line.startswith(" ")]


# -- index --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A knowledge copy with bad files, indexed once by the CLI; then indexed again."""
    base = tmp_path_factory.mktemp("cli-index")
    knowledge = copy_knowledge(base / "knowledge")
    for name, (data, _) in BAD_FILES.items():
        (knowledge / name).write_bytes(data if data is not None else make_pdf(["Secret"], user_password="pw"))
    env = cli_env(knowledge_dir=knowledge, data_dir=base / "data")
    first = run_cli(["index"], env)
    second = run_cli(["index", "--quiet"], env)
    return {"base": base, "knowledge": knowledge, "env": env, "first": first, "second": second}


@pytest.mark.integration
@pytest.mark.slow
def test_index_prints_the_summary_lines(indexed):
    proc = indexed["first"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert_no_traceback(proc)
    lines = top_level_lines(proc.stdout)
    assert [line.split(":")[0] for line in lines] == ["files indexed", "files skipped", "chunks", "seconds"]
    assert lines[0] == "files indexed: 2 (2 updated, 0 unchanged, 0 removed)"
    assert lines[1] == f"files skipped: {len(BAD_FILES)}"
    chunks = expected_chunk_count(indexed["knowledge"])
    assert lines[2] == f"chunks: {chunks} ({chunks} embedded in this run)"
    assert re.fullmatch(r"seconds: \d+\.\d\d", lines[3])
    assert "  indexed: " + STEP_DOWN in proc.stdout.splitlines()
    assert "  indexed: " + LONG_PLANS in proc.stdout.splitlines()


@pytest.mark.integration
@pytest.mark.slow
def test_index_names_each_skipped_file_with_its_reason(indexed):
    lines = indexed["first"].stdout.splitlines()
    for name, (_, reason) in BAD_FILES.items():
        matching = [line for line in lines if line.startswith(f"  skipped: {name}: ")]
        assert len(matching) == 1, (name, lines)
        assert reason in matching[0]


@pytest.mark.integration
@pytest.mark.slow
def test_index_again_embeds_nothing(indexed):
    proc = indexed["second"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = top_level_lines(proc.stdout)
    chunks = expected_chunk_count(indexed["knowledge"])
    assert lines[0] == "files indexed: 2 (0 updated, 2 unchanged, 0 removed)"
    assert lines[2] == f"chunks: {chunks} (0 embedded in this run)"
    assert lines[1] == f"files skipped: {len(BAD_FILES)}"
    assert "Embedding policy passages" not in proc.stderr  # --quiet: no progress bar


@pytest.mark.integration
@pytest.mark.slow
def test_index_writes_only_to_its_data_dir(indexed):
    data = indexed["base"] / "data"
    assert (data / "chroma").is_dir()
    assert (data / "index.lock").exists()
    settings = clean_settings(knowledge_dir=indexed["knowledge"], data_dir=data)
    docs = PolicyIndex(settings, PackagedEmbeddings()).documents()  # no model load needed to list
    assert [d.source for d in docs] == [LONG_PLANS, STEP_DOWN]


@pytest.mark.integration
@pytest.mark.slow
def test_plain_search_prints_passages_or_the_refusal(indexed):
    proc = run_cli(["search", ON_TOPIC, OFF_TOPIC], indexed["env"])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert_no_traceback(proc)
    blocks = proc.stdout.split("Q: ")[1:]
    assert [b.splitlines()[0] for b in blocks] == [ON_TOPIC, OFF_TOPIC]
    assert "Role of the Service Manager]" in blocks[0] and f"({STEP_DOWN})" in blocks[0]
    assert "The indexed policies do not cover this." in blocks[1]
    assert "[" not in blocks[1]


# -- search --json ----------------------------------------------------------------------------------------------

QUESTIONS = [ON_TOPIC, OFF_TOPIC, LONG_PLANS_QUESTION]


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    """`search Q1 Q2 Q3 --k 2 --json` on a data folder with no index yet."""
    base = tmp_path_factory.mktemp("cli-search")
    knowledge = copy_knowledge(base / "knowledge")
    assert not (base / "data").exists()
    env = cli_env(knowledge_dir=knowledge, data_dir=base / "data")
    proc = run_cli(["search", *QUESTIONS, "--k", "2", "--json"], env)
    return {"base": base, "knowledge": knowledge, "proc": proc}


@pytest.fixture(scope="module")
def results(searched):
    proc = searched["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.mark.integration
@pytest.mark.slow
def test_search_json_prints_one_object_per_question_in_order(searched, results):
    assert_no_traceback(searched["proc"])
    assert searched["proc"].stdout.endswith("\n")
    assert len(searched["proc"].stdout.splitlines()) == len(QUESTIONS)
    assert [r["query"] for r in results] == QUESTIONS


@pytest.mark.integration
@pytest.mark.slow
def test_search_json_has_exactly_the_documented_fields(results):
    for result in results:
        assert set(result) == {"query", "covered", "passages"}
        assert isinstance(result["covered"], bool)
        assert len(result["passages"]) <= 2
        for passage in result["passages"]:
            assert set(passage) == {"source", "title", "section", "text", "score"}
            assert all(isinstance(passage[key], str) for key in ("source", "title", "section", "text"))
            assert isinstance(passage["score"], float)


@pytest.mark.integration
@pytest.mark.slow
def test_search_json_answers_and_refuses(results):
    on_topic, off_topic, long_plans = results
    assert on_topic["covered"] is True and 1 <= len(on_topic["passages"]) <= 2
    assert on_topic["passages"][0]["source"] == STEP_DOWN
    assert off_topic == {"query": OFF_TOPIC, "covered": False, "passages": []}
    assert long_plans["covered"] is True and long_plans["passages"][0]["source"] == LONG_PLANS
    for result in (on_topic, long_plans):
        for passage in result["passages"]:
            assert passage["text"] in body_of(KNOWLEDGE / passage["source"])
            assert passage["title"] and passage["section"]


@pytest.mark.integration
@pytest.mark.slow
def test_search_builds_the_index_when_there_is_none(searched, results):
    data = searched["base"] / "data"
    assert (data / "chroma").is_dir()
    settings = clean_settings(knowledge_dir=searched["knowledge"], data_dir=data)
    index = PolicyIndex(settings, PackagedEmbeddings())
    assert index.exists()
    assert sum(d.chunks for d in index.documents()) == expected_chunk_count(searched["knowledge"])


# -- errors: a clear message on stderr, a non-zero exit, no traceback ----------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", [["index"], ["search", "q", "--json"]])
def test_only_chroma_host_set_is_a_clear_error(tmp_path, command):
    env = cli_env(knowledge_dir=tmp_path / "knowledge", data_dir=tmp_path / "data", chroma_host="127.0.0.1")
    proc = run_cli(command, env, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "error: Server mode needs both ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT; only one of them is set."
    )
    assert not (tmp_path / "data").exists()


def test_invalid_setting_value_is_a_clear_error(tmp_path):
    env = cli_env(data_dir=tmp_path / "data", chunk_size="tiny")
    proc = run_cli(["search", "q"], env, timeout=120)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert proc.stderr.startswith("error: Invalid settings: ASSISTANT_CHUNK_SIZE: Input should be a valid integer")


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    port = _closed_port()
    env = cli_env(data_dir=tmp_path / "data", chroma_host="127.0.0.1", chroma_port=port)
    proc = run_cli(["search", "q", "--json"], env, timeout=120)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert proc.stderr.startswith(f"error: Cannot open the index at Chroma server 127.0.0.1:{port}")
    assert proc.stdout == ""


def test_index_built_with_another_model_is_a_clear_error(tmp_path):
    knowledge = copy_knowledge(tmp_path / "k")
    settings = clean_settings(knowledge_dir=knowledge, data_dir=tmp_path / "data")
    PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    proc = run_cli(["search", "q", "--json"], cli_env(knowledge_dir=knowledge, data_dir=tmp_path / "data"), timeout=120)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert proc.stderr.startswith("error: The index at ")
    assert "Re-index with `python -m assistant index --rebuild`" in proc.stderr
    assert proc.stdout == ""


def test_k_below_one_is_rejected(tmp_path):
    proc = run_cli(["search", "q", "--k", "0"], cli_env(data_dir=tmp_path / "data"), timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: --k must be at least 1"
    assert proc.stdout == ""
