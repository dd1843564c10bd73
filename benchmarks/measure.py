"""Measuring helpers for the performance benchmark (bench.py).

- Encoders: ``TimedEmbeddings`` (the packaged model plus a stopwatch around ``encode()``) and
  ``RandomEmbeddings`` (seeded random unit vectors instead of the model; can record its inputs).
- Formatting: times, percentiles, verdicts, report sections (``md``).
- Index build: alternating raw-encoder / pipeline rounds, re-syncs of an unchanged folder.
- Queries: ``Latencies`` and ``measure_interleaved`` (warm latency), ``breakdown`` (a query's
  stages), the large index of section 4 (``large_index``; ``PagedPassagesIndex`` is a benchmark-local
  stand-in, used only if the shipped index fails at that size), and the diagnostic of query
  embedding against torch's threads.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.search.embeddings import PackagedEmbeddings
from assistant.search.index import PolicyIndex
from assistant.search.retrieval import HybridSearch
from benchmarks.machine import cli_env, cli_search
from benchmarks.questions import QUESTIONS, SMOKE_QUESTION


# ----------------------------------------------------------------------------------
# Encoders
# ----------------------------------------------------------------------------------
class TimedEmbeddings(PackagedEmbeddings):
    """The packaged encoder, unchanged, plus a stopwatch around encode()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.encode_seconds = 0.0

    def encode(self, texts, progress: bool = False):
        started = time.perf_counter()
        try:
            return super().encode(texts, progress)
        finally:
            self.encode_seconds += time.perf_counter() - started


class RandomEmbeddings(PackagedEmbeddings):
    """Same ModelInfo as the packaged model (so the index's model checks are the real ones), but
    encode() returns seeded random unit vectors instead of running the model, and can record
    exactly what the pipeline asked it to encode."""

    def __init__(self, seed: int, record: bool = False, batch_size: int = 32):
        super().__init__(batch_size=batch_size)
        self._rng = np.random.default_rng(seed)
        self.recorded: list[str] | None = [] if record else None

    def encode(self, texts, progress: bool = False):
        texts = list(texts)
        if self.recorded is not None:
            self.recorded.extend(texts)
        vectors = self._rng.standard_normal((len(texts), self.info.dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors


def load_model(emb: PackagedEmbeddings) -> float:
    """Seconds to load the packaged model (SHA-256 check + SentenceTransformer); then one warm-up encode."""
    t = time.perf_counter()
    emb.model  # noqa: B018  (the property loads the model)
    seconds = time.perf_counter() - t
    emb.encode(["warm-up sentence about a child protection plan"] * 8)  # first-call costs out of the way
    return seconds


def encoder_inputs(folder: Path, data_dir: Path, seed: int, batch_size: int) -> tuple[list[str], int]:
    """The exact strings PolicyIndex.sync() hands to the encoder for ``folder`` (in its order),
    captured by a dry run of the real pipeline with a recording, model-free encoder."""
    recorder = RandomEmbeddings(seed, record=True, batch_size=batch_size)
    report = PolicyIndex(Settings(knowledge_dir=folder, data_dir=data_dir), recorder).sync(progress=False)
    return recorder.recorded, report.chunks


# ----------------------------------------------------------------------------------
# Formatting
# ----------------------------------------------------------------------------------
def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms"


def md(*blocks: str | list[str] | None) -> str:
    """A report section: Markdown blocks (a string, or lines to join) with a blank line between; None is left out."""
    return "\n\n".join(b if isinstance(b, str) else "\n".join(b) for b in blocks if b is not None) + "\n"


def clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else "…" + text[-(width - 10):]


def short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    last = next((line for line in reversed(text) if line.strip()), "")
    return f"{type(exc).__name__}: {last}"[:300]


# ----------------------------------------------------------------------------------
# Index build and re-sync
# ----------------------------------------------------------------------------------
@dataclass
class BuildRounds:
    """Seconds per round: the raw encoder over the pipeline's own inputs, then a full sync() of the folder."""

    raw: list[float] = field(default_factory=list)
    pipeline: list[float] = field(default_factory=list)
    encode: list[float] = field(default_factory=list)
    """encode() inside each sync (TimedEmbeddings stopwatch)."""
    reported: list[float] = field(default_factory=list)
    """IndexReport.seconds of each sync."""
    index: PolicyIndex | None = None
    """The index of the last round."""


def build_rounds(emb: TimedEmbeddings, folder: Path, tmp: Path, inputs: list[str], n: int,
                 rounds: int) -> BuildRounds:
    """Raw encoder and pipeline alternating, each sync into a fresh data folder ``tmp/data-build-<round>``."""
    out = BuildRounds()
    for r in range(rounds):
        log(f"round {r + 1}/{rounds}: raw encoder over the {len(inputs)} strings of {n} chunks")
        t = time.perf_counter()
        vectors = emb.encode(inputs)
        out.raw.append(time.perf_counter() - t)
        assert vectors.shape == (len(inputs), emb.info.dim)

        log(f"round {r + 1}/{rounds}: pipeline PolicyIndex.sync() into a fresh data folder")
        out.index = PolicyIndex(Settings(knowledge_dir=folder, data_dir=tmp / f"data-build-{r}"), emb)
        emb.encode_seconds = 0.0
        t = time.perf_counter()
        report = out.index.sync(progress=False)
        out.pipeline.append(time.perf_counter() - t)
        out.encode.append(emb.encode_seconds)
        out.reported.append(report.seconds)
        if report.embedded != n or report.chunks != n:
            raise RuntimeError(f"pipeline embedded {report.embedded} / holds {report.chunks} chunks, "
                               f"but the dry run found {n}")
    return out


def unchanged_resyncs(index: PolicyIndex, times: int) -> list[float]:
    """Seconds of ``times`` sync() calls on an unchanged folder (each must change nothing)."""
    seconds = []
    for _ in range(times):
        t = time.perf_counter()
        report = index.sync(progress=False)
        seconds.append(time.perf_counter() - t)
        if report.embedded or report.indexed or report.removed:
            raise RuntimeError(f"re-sync of an unchanged folder changed the index: {report}")
    return seconds


def collection_sizes(index: PolicyIndex) -> str:
    try:
        cols = index.client.list_collections()
        return ", ".join(f"`{c.name}` {c.count():,}" for c in sorted(cols, key=lambda c: c.name))
    except Exception as exc:  # information only
        return f"(could not list collections: {short_error(exc)})"


# ----------------------------------------------------------------------------------
# Queries: sections 3 and 4, the diagnostic
# ----------------------------------------------------------------------------------
@dataclass
class Latencies:
    total: list[float]
    encoder: list[float]
    """The part of each query spent embedding the question (TimedEmbeddings stopwatch)."""
    covered: int

    def row(self) -> str:
        rest = [t - e for t, e in zip(self.total, self.encoder, strict=True)]
        ms = lambda xs, q: f"{pct(xs, q) * 1000:.1f} ms"  # noqa: E731
        return (f"| {ms(self.total, 50)} | {ms(self.total, 95)} | {ms(self.total, 99)} | "
                f"{statistics.mean(self.total) * 1000:.1f} ms | {max(self.total) * 1000:.1f} ms | "
                f"{ms(self.encoder, 50)} / {ms(self.encoder, 95)} | {ms(rest, 50)} / {ms(rest, 95)} |")

    HEADER = ("| p50 | p95 | p99 | mean | max | query embedding p50 / p95 | rest (dense, BM25, fusion) p50 / p95 |\n"
              "|---|---|---|---|---|---|---|")


def measure_interleaved(searches: dict[str, HybridSearch], emb: TimedEmbeddings, n_queries: int, n_warm: int,
                        k: int = 3) -> dict[str, Latencies]:
    """Warm-up, then timed searches (questions cycled) for each search in turn, query by query
    (alternating which goes first), so a busy spell on this shared machine falls on all of them alike."""
    for i in range(n_warm):
        for search in searches.values():
            search.search(QUESTIONS[i % len(QUESTIONS)], k)
    out = {name: Latencies([], [], 0) for name in searches}
    names = list(searches)
    for i in range(n_queries):
        q = QUESTIONS[i % len(QUESTIONS)]
        for name in names if i % 2 == 0 else names[::-1]:
            enc0 = emb.encode_seconds
            started = time.perf_counter()
            result = searches[name].search(q, k)
            out[name].total.append(time.perf_counter() - started)
            out[name].encoder.append(emb.encode_seconds - enc0)
            out[name].covered += bool(result.passages)
    return out


def breakdown(search: HybridSearch, emb: PackagedEmbeddings) -> str:
    """Best-effort split of a query's time into its stages (one pass over the questions)."""
    try:
        index, n = search.index, search.settings.candidates
        dense = getattr(index, "dense_scores", None) or index.dense_search
        stages: dict[str, list[float]] = {"embed_query": [], f"dense ({dense.__name__})": [],
                                          "lexical_ranking (BM25)": []}
        timers = list(stages.values())
        for q in QUESTIONS:
            t0 = time.perf_counter()
            vector = emb.embed_query(q)
            t1 = time.perf_counter()
            dense(vector, n)
            t2 = time.perf_counter()
            search.lexical_ranking(q, n)
            t3 = time.perf_counter()
            for timer, dt in zip(timers, (t1 - t0, t2 - t1, t3 - t2), strict=True):
                timer.append(dt)
        return "Stages, one pass over the questions (p50 / p95): " + "; ".join(
            f"{name} {pct(v, 50) * 1000:.1f} / {pct(v, 95) * 1000:.1f} ms" for name, v in stages.items()) + "."
    except Exception as exc:  # information only
        return f"(stage breakdown unavailable: {short_error(exc)})"


@dataclass
class LargeRun:
    lexical_build: float
    first_rest: float
    lat: Latencies
    stages: str

    @property
    def first(self) -> float:
        return self.lexical_build + self.first_rest


def large_queries(index: PolicyIndex, emb: TimedEmbeddings, n_queries: int, n_warm: int) -> LargeRun:
    search = HybridSearch(index, index.settings)
    t = time.perf_counter()
    search.refresh()  # what the first search() does first: fetch all passages, build BM25
    lexical_build = time.perf_counter() - t
    t = time.perf_counter()
    search.search(QUESTIONS[0], 3)
    first_rest = time.perf_counter() - t
    lat = measure_interleaved({"only": search}, emb, n_queries, n_warm)["only"]
    return LargeRun(lexical_build, first_rest, lat, breakdown(search, emb))


class PagedPassagesIndex(PolicyIndex):
    """Benchmark-local stand-in, NOT the shipped code: passages() reads the collection in pages.

    Chroma's SQLite backend (1.5.x) fails an unpaged ``get(include=[..."metadatas"...])`` on
    collections above 32,766 records ("too many SQL variables"); this is what a fix could
    look like, used only to measure latency at sizes where the shipped passages() fails.
    """

    PAGE = 10_000

    def passages(self) -> tuple[list[str], list[str], list[dict]]:
        col = self._collection()
        if col is None:
            return [], [], []
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict] = []
        while True:
            got = col.get(include=["documents", "metadatas"], limit=self.PAGE, offset=len(ids))
            if not got["ids"]:
                return ids, texts, metas
            ids += got["ids"]
            texts += got["documents"]
            metas += got["metadatas"]


@dataclass
class LargeIndex:
    """Section 4: an index written by the shipped sync() with random vectors, then queried with the real model."""

    chunks: int
    write_s: float
    sizes: str
    resync: str
    """Second sync() of the unchanged folder: its time, or 'error after …'."""
    resync_error: str | None
    shipped_error: str | None
    """Set when the shipped PolicyIndex failed the queries; ``run`` then comes from PagedPassagesIndex."""
    run: LargeRun
    cli: str
    """A fresh ``search --json`` process against this index: its time, or 'failed with …'."""


def large_index(settings: Settings, emb: TimedEmbeddings, seed: int, n_queries: int, n_warm: int) -> LargeIndex:
    log("large index: PolicyIndex.sync() with the random-vector encoder")
    builder = PolicyIndex(settings, RandomEmbeddings(seed, batch_size=settings.embed_batch_size))
    t = time.perf_counter()
    chunks = builder.sync(progress=False).chunks
    write_s = time.perf_counter() - t
    sizes = collection_sizes(builder)

    log("large index: re-sync of the unchanged folder (shipped code)")
    t = time.perf_counter()
    resync_error = None
    try:
        builder.sync(progress=False)
        resync = fmt_s(time.perf_counter() - t)
    except Exception as exc:
        resync_error = short_error(exc)
        resync = f"error after {fmt_s(time.perf_counter() - t)}"

    log("large index: first search and timed queries (shipped PolicyIndex)")
    shipped_error = None
    try:
        run = large_queries(PolicyIndex(settings, emb), emb, n_queries, n_warm)
    except Exception as exc:  # the shipped code failing at this size is itself the finding
        shipped_error = short_error(exc)
        log(f"large index: the shipped code failed ({shipped_error}); measuring with paged passages()")
        run = large_queries(PagedPassagesIndex(settings, emb), emb, n_queries, n_warm)

    log("process start to first answer at the large index (information)")
    env = cli_env(settings.knowledge_dir, settings.data_dir, ASSISTANT_COVERED_CONFIDENCE="0")
    try:
        cli = fmt_s(cli_search(SMOKE_QUESTION, env, 1)[0])
    except RuntimeError as exc:
        cli = f"failed with `{short_error(exc)}`"
    return LargeIndex(chunks, write_s, sizes, resync, resync_error, shipped_error, run, cli)


def encoder_threads_diagnostic(emb: PackagedEmbeddings, blocks: int = 3) -> str:
    """The "Diagnostic" section: embed_query per question, blocks alternating torch's default intra-op
    threads and 1 (information only; the assistant's own setting is not changed)."""
    import torch

    log("diagnostic: query embedding with torch threads = default vs 1")
    default_threads = torch.get_num_threads()
    by_threads: dict[int, list[float]] = {default_threads: [], 1: []}
    try:
        for _ in range(blocks):
            for n_threads in by_threads:
                torch.set_num_threads(n_threads)
                for q in QUESTIONS[:3]:
                    emb.embed_query(q)
                for q in QUESTIONS:
                    t = time.perf_counter()
                    emb.embed_query(q)
                    by_threads[n_threads].append(time.perf_counter() - t)
    finally:
        torch.set_num_threads(default_threads)
    return md(
        "## Diagnostic: query embedding vs torch threads",
        f"`embeddings.embed_query` on the {len(QUESTIONS)} questions, alternating blocks with torch's default "
        f"{default_threads} intra-op threads and with 1 thread ({blocks} blocks each, same process, same minutes). "
        "Information only; the assistant itself was not changed.",
        ["| torch threads | p50 | p95 | max |", "|---|---|---|---|",
         *[f"| {k} | {pct(v, 50) * 1000:.1f} ms | {pct(v, 95) * 1000:.1f} ms | {max(v) * 1000:.1f} ms |"
           for k, v in by_threads.items()]],
    )
