"""Crash safety of the index: a killed or failed update never loses knowledge files or drafts,
and the next start rebuilds an incomplete or unreadable index from the knowledge folder.

The subprocess tests really kill ``python -m assistant index`` (SIGKILL) in the middle of
writing, and really run two indexers on one data folder at once.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.support import ON_TOPIC, ROOT, STEP_DOWN, FakeEmbeddings, clean_settings, cli_env, copy_knowledge, run_cli

import assistant.search.index as index_module
import assistant.search.index.sync as index_sync
from assistant.search.embeddings import PackagedEmbeddings
from assistant.search.index import SYNC_MARKER, PolicyIndex
from assistant.search.ingest import load_chunks, scan_folder, sentences
from assistant.search.retrieval import HybridSearch

WORDS = ["child", "family", "plan", "conference", "review", "social", "worker", "manager", "chair", "strategy", "discussion", "assessment", "health", "police", "school", "visit", "record", "core", "group", "meeting", "safety", "risk", "parent", "carer", "referral", "threshold", "escalation", "supervision", "decision", "timescale", "consent", "advocate", "agency", "report", "outcome"]


def synthetic_knowledge(folder: Path, files: int = 40, paragraphs: int = 8, seed: int = 7) -> Path:
    """``files`` Markdown procedures of one-sentence paragraphs (one chunk and one sentence vector each)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        lines = [f"# Synthetic procedure {f}", ""]
        for p in range(paragraphs):
            if p % 4 == 0:
                lines += [f"## Part {p // 4} of procedure {f}", ""]
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
            lines += [f"{words.capitalize()} (reference {f}.{p}).", ""]
        (folder / f"synthetic-{f:02d}.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


def expected_ids(settings) -> tuple[set[str], set[str]]:
    """Chunk ids and sentence ids a fresh build of the folder holds, computed without the index."""
    scan = scan_folder(settings.knowledge_dir, settings.max_file_bytes, settings.chunk_size, settings.chunk_overlap)
    chunks = [c for f in scan.files for c in load_chunks(f, settings.chunk_size, settings.chunk_overlap)[1]]
    return {c.id for c in chunks}, {f"{c.id}.{j}" for c in chunks for j in range(len(sentences(c.text)))}


def stored_ids(index: PolicyIndex) -> tuple[set[str], set[str]]:
    chunks = set(index.passages()[0])
    scol = index._sentences()
    return chunks, set(index_module.read_all(scol, [])["ids"]) if scol is not None else set()


def fingerprints(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def save_a_draft(settings) -> Path:
    from assistant.casework.drafts import Draft, save_draft

    now = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    path = settings.draft_folder / "LL-1234 step-down.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_draft(Draft.new("step-down", "social_worker", "LL-1234", now), path)
    return path


def forget_process_state(index: PolicyIndex) -> None:
    """What a process exit does: Chroma's cached connection to the folder goes away."""
    index._forget_client()


# -- in-process: a failed sync, a corrupt store ----------------------------------------------------


def test_sync_that_fails_midway_leaves_the_marker_and_the_next_sync_rebuilds(settings, monkeypatch):
    monkeypatch.setattr(index_sync, "EMBED_BATCH", 5)
    calls = {"n": 0}

    class Failing(FakeEmbeddings):
        def encode(self, texts, progress=False):
            calls["n"] += 1
            if calls["n"] == 3:
                raise MemoryError("simulated failure in the third batch")
            return super().encode(texts, progress)

    with pytest.raises(MemoryError):
        PolicyIndex(settings, Failing()).sync(progress=False)
    assert (settings.data_dir / SYNC_MARKER).exists()
    half = PolicyIndex(settings, FakeEmbeddings())
    assert 0 < len(half.passages()[0]) < len(expected_ids(settings)[0])  # two batches were written
    assert not half.exists()  # an incomplete index does not count: the app and `search` sync first

    report = PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    assert report.recovered == "the previous index update did not finish (interrupted or failed)"
    assert report.embedded == report.chunks == len(expected_ids(settings)[0])
    assert stored_ids(PolicyIndex(settings, FakeEmbeddings())) == expected_ids(settings)
    assert not (settings.data_dir / SYNC_MARKER).exists()
    again = PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    assert again.recovered is None and again.embedded == 0


def test_a_model_mismatch_is_not_mistaken_for_a_crash(settings):
    from assistant.errors import IndexMismatchError

    PolicyIndex(settings, FakeEmbeddings()).sync(progress=False)
    other = FakeEmbeddings(name="test/other-model")
    for _ in range(2):  # the error does not leave a marker that would rebuild silently next time
        with pytest.raises(IndexMismatchError):
            PolicyIndex(settings, other).sync(progress=False)
        assert not (settings.data_dir / SYNC_MARKER).exists()


@pytest.mark.parametrize("damage", ["header", "truncated"])
def test_corrupt_sqlite_is_moved_aside_and_rebuilt(settings, damage):
    index = PolicyIndex(settings, FakeEmbeddings())
    index.sync(progress=False)
    forget_process_state(index)
    store = settings.data_dir / "chroma" / "chroma.sqlite3"
    damaged = store.read_bytes()
    if damage == "header":
        damaged = b"\xff" * 100 + damaged[100:]
    else:
        damaged = damaged[: len(damaged) // 3]
    store.write_bytes(damaged)
    draft = save_a_draft(settings)
    draft_bytes = draft.read_bytes()
    knowledge = fingerprints(settings.knowledge_dir)

    fresh = PolicyIndex(settings, FakeEmbeddings())
    assert not fresh.exists()  # the app and `search` see "no index" and sync, which recovers
    report = fresh.sync(progress=False)
    assert report.recovered is not None
    assert re.match(r"the index could not be read \(InternalError: .*(not a database|malformed).*\); "
                    r"it was moved to chroma\.broken-\d{8}-\d{6}$", report.recovered), report.recovered
    broken = [p for p in settings.data_dir.iterdir() if p.name.startswith("chroma.broken-")]
    assert len(broken) == 1 and (broken[0] / "chroma.sqlite3").read_bytes() == damaged  # kept, not deleted
    assert report.embedded == report.chunks == len(expected_ids(settings)[0])
    assert stored_ids(PolicyIndex(settings, FakeEmbeddings())) == expected_ids(settings)
    assert draft.read_bytes() == draft_bytes and fingerprints(settings.knowledge_dir) == knowledge
    assert PolicyIndex(settings, FakeEmbeddings()).sync(progress=False).recovered is None


def test_missing_vector_segment_files_are_rebuilt_by_chroma_itself(settings):
    """Chroma keeps the vectors in its SQLite log too: deleted HNSW files come back without our help."""
    import shutil

    index = PolicyIndex(settings, FakeEmbeddings())
    index.sync(progress=False)
    forget_process_state(index)
    for folder in (settings.data_dir / "chroma").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    fresh = PolicyIndex(settings, FakeEmbeddings())
    assert fresh.exists()
    report = fresh.sync(progress=False)
    assert report.recovered is None and report.embedded == 0
    search = HybridSearch(fresh, settings)
    assert search.dense_ranking("service manager records the step-down discussion", 3)


# -- real processes --------------------------------------------------------------------------------------


def read_progress(path: Path) -> int:
    """Passages embedded so far, from the tqdm bar the `index` command writes to stderr."""
    found = re.findall(r"Embedding policy passages:.*?\|\s*(\d+)/(\d+)", path.read_text(errors="replace"))
    return int(found[-1][0]) if found else 0


@pytest.mark.integration
@pytest.mark.slow
def test_sigkill_mid_index_loses_nothing_and_the_next_index_rebuilds(tmp_path, real_embeddings):
    knowledge = synthetic_knowledge(copy_knowledge(tmp_path / "knowledge"))  # 320 + the real policies' chunks
    data = tmp_path / "data"
    settings = clean_settings(knowledge_dir=knowledge, data_dir=data)
    draft = save_a_draft(settings)
    draft_bytes = draft.read_bytes()
    before = fingerprints(knowledge)
    want_chunks, want_sentences = expected_ids(settings)
    assert len(want_chunks) > index_sync.EMBED_BATCH  # at least two write batches: one lands, one is cut

    env = cli_env(knowledge_dir=knowledge, data_dir=data)
    stderr = tmp_path / "index.stderr"
    with open(stderr, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "index"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 240
        while read_progress(stderr) == 0:  # the first batch is written to Chroma before the bar moves
            assert proc.poll() is None, f"index finished before it could be killed:\n{stderr.read_text()[-2000:]}"
            assert time.monotonic() < deadline, stderr.read_text()[-2000:]
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    done = read_progress(stderr)
    assert 0 < done < len(want_chunks), done

    # Nothing the user owns was touched, and the half-written index is recognised as such.
    assert fingerprints(knowledge) == before
    assert draft.read_bytes() == draft_bytes
    assert (data / SYNC_MARKER).exists()
    half = PolicyIndex(settings, PackagedEmbeddings())
    assert 0 < len(half.passages()[0]) < len(want_chunks)
    assert not half.exists()
    forget_process_state(half)

    proc = run_cli(["index", "--quiet"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[-1] == "recovered: the previous index update did not finish (interrupted or failed)"
    assert f"chunks: {len(want_chunks)} ({len(want_chunks)} embedded in this run)" in lines
    assert lines[0] == f"files indexed: {len(before)} ({len(before)} updated, 0 unchanged, 0 removed)"

    index = PolicyIndex(settings, real_embeddings)
    assert stored_ids(index) == (want_chunks, want_sentences)  # exactly a fresh build's chunks and sentences
    assert index.exists() and not (data / SYNC_MARKER).exists()
    result = HybridSearch(index, settings).search(ON_TOPIC, 3)
    assert result.covered and result.passages[0].source == STEP_DOWN
    assert fingerprints(knowledge) == before and draft.read_bytes() == draft_bytes

    proc = run_cli(["index", "--quiet"], env)  # and then it is an ordinary, incremental index again
    assert proc.returncode == 0 and "recovered:" not in proc.stdout
    assert f"chunks: {len(want_chunks)} (0 embedded in this run)" in proc.stdout


@pytest.mark.integration
@pytest.mark.slow
def test_two_index_processes_at_once_both_finish_and_agree(tmp_path):
    knowledge = copy_knowledge(tmp_path / "knowledge")
    data = tmp_path / "data"
    settings = clean_settings(knowledge_dir=knowledge, data_dir=data)
    want_chunks, want_sentences = expected_ids(settings)
    env = cli_env(knowledge_dir=knowledge, data_dir=data)
    procs = [subprocess.Popen([sys.executable, "-m", "assistant", "index", "--quiet"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = []
    try:
        for proc in procs:
            outs.append(proc.communicate(timeout=300))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err[-3000:]
        assert "recovered:" not in out
    embedded = sorted(int(re.search(r"^chunks: (\d+) \((\d+) embedded", out, re.M).group(2)) for out, _ in outs)
    assert embedded == [0, len(want_chunks)]  # one built it; the other waited for the lock, then had nothing to do
    index = PolicyIndex(settings, PackagedEmbeddings())
    assert stored_ids(index) == (want_chunks, want_sentences)
    assert index.exists() and not (data / SYNC_MARKER).exists()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["rebuild", "sync"])
def test_a_running_search_notices_an_index_rebuilt_by_another_process(settings, fake_embeddings, how):
    """What the index package's docstring promises: the next search after another process's update sees it."""
    index = PolicyIndex(settings, fake_embeddings)
    index.sync(progress=False)
    search = HybridSearch(index, settings)
    assert search.search("quokka enclosure inspection", 3).top_similarity < 0.9
    first_generation = index.generation()

    (settings.knowledge_dir / "zoo.md").write_text(
        "# Zoo visits\n\nThe quokka enclosure inspection happens every Tuesday before contact.\n", encoding="utf-8")
    step_down = settings.knowledge_dir / STEP_DOWN  # and a changed paragraph: its old chunk id disappears
    step_down.write_text(step_down.read_text(encoding="utf-8").replace("at least 48 hours", "at least 72 hours"),
                         encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from helpers.support import FakeEmbeddings
        from assistant.config import load_settings
        from assistant.search.index import PolicyIndex
        report = PolicyIndex(load_settings(), FakeEmbeddings()).{how}(progress=False)
        print(report.chunks)
    """)
    env = cli_env(knowledge_dir=settings.knowledge_dir, data_dir=settings.data_dir)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]

    assert index.generation() != first_generation
    result = search.search("quokka enclosure inspection", 3)  # the same objects, as the app holds them
    assert result.passages and result.passages[0].source == "zoo.md"
    dense = dict(search.dense_ranking("quokka enclosure inspection every Tuesday", 3))
    zoo_ids = {cid for cid, _, meta in zip(*index.passages()) if meta["source"] == "zoo.md"}
    assert zoo_ids & set(dense)  # dense search sees the new vectors (a re-created or an updated collection)
    # Before the index re-opened the store on a new generation, this raised TypeError (a stale vector's id).
    result = search.search("service manager records the step-down discussion on Liquid Logic hours before", 3)
    texts = " ".join(p.text for p in result.passages)
    assert "at least 72 hours" in texts and "at least 48 hours" not in texts
