"""Query latency with 2 torch threads vs 1 for the query encoder, side by side, quiet and with
one core kept busy by another process.

HybridSearch.search over the shipped knowledge (real model, real Chroma), 200 queries per round,
two alternating rounds per setting. Run from the project root:

    PYTHONPATH=. .venv/bin/python benchmarks/query_threads.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = [
    "When must the service manager record the step-down?",
    "What happens at 15 months?",
    "Who attends the legal planning meeting?",
    "What is disguised compliance?",
] * 50


def p50_p95(search, threads: int) -> tuple[float, float]:
    search.index.embeddings.QUERY_THREADS = threads
    times = []
    for question in QUESTIONS:
        began = time.perf_counter()
        search.search(question)
        times.append(time.perf_counter() - began)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * len(times)) - 1] * 1000


def main() -> None:
    base = Path(tempfile.mkdtemp())
    shutil.copytree(Path(__file__).resolve().parent.parent / "knowledge", base / "knowledge")
    os.environ["ASSISTANT_KNOWLEDGE_DIR"] = str(base / "knowledge")
    os.environ["ASSISTANT_DATA_DIR"] = str(base / "data")
    from assistant.config import load_settings
    from assistant.search.index import PolicyIndex
    from assistant.search.retrieval import HybridSearch

    settings = load_settings()
    index = PolicyIndex(settings)
    index.sync(progress=False)
    search = HybridSearch(index, settings)
    for question in QUESTIONS[:10]:
        search.search(question)
    print("| machine | query threads | p50 / p95 ms, round 1 | round 2 |\n| --- | --- | --- | --- |")
    for label, busy in (("quiet", False), ("one core busy", True)):
        burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
        try:
            rounds: dict[int, list[tuple[float, float]]] = {2: [], 1: []}
            for _ in range(2):
                for threads in (2, 1):
                    rounds[threads].append(p50_p95(search, threads))
        finally:
            if burner is not None:
                burner.kill()
        for threads, results in rounds.items():
            cells = " | ".join(f"{a:.1f} / {b:.1f}" for a, b in results)
            print(f"| {label} | {threads} | {cells} |")
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
