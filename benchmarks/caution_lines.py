"""Where the caution would show at each line: for every question accepted as covered, whether its top 3 passages
hold the answer ("right") or not ("wrong": an uncovered question accepted, or an answerable one whose top 3 miss),
and at each caution line how many of each the caution marks. A benchmark, not a test.

    PYTHONPATH=. .venv/bin/python benchmarks/caution_lines.py          # as shipped (with the relevance model)
    PYTHONPATH=. .venv/bin/python benchmarks/caution_lines.py --five   # without it
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from assistant.config import Settings
from assistant.search.embeddings import PackagedEmbeddings
from assistant.search.evaluation import (
    DEV_2_FILE,
    DISTRACTORS,
    GOLD_FILE,
    HELDOUT_3_FILE,
    HELDOUT_FILE,
    Judge,
    eval_corpus,
    installed_relevance,
    load_gold,
    run_pipeline,
)

LINES = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
SETS = {"gold": GOLD_FILE, "dev_2": DEV_2_FILE, "heldout": HELDOUT_FILE, "heldout_3": HELDOUT_3_FILE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--five", action="store_true", help="without the relevance model (five signals)")
    args = parser.parse_args()
    settings = Settings(relevance=not args.five)
    relevance = installed_relevance(settings)
    embeddings = PackagedEmbeddings()
    print(f"covered signals: {'six (with the relevance model)' if relevance else 'five'}; "
          f"covered at confidence >= {settings.covered_confidence}")
    print("| caution below | " + " | ".join(f"{name}: right / wrong" for name in SETS) + " |")
    print("|---|" + "---|" * len(SETS))
    table: dict[float, list[str]] = {line: [] for line in LINES}
    with tempfile.TemporaryDirectory(prefix="cp-caution-") as tmp:
        corpus = eval_corpus(settings.knowledge_dir, DISTRACTORS, Path(tmp) / "corpus")
        judge = Judge(corpus)
        for name, path in SETS.items():
            questions = load_gold(path)
            ranked = run_pipeline(questions, corpus, Path(tmp) / name, settings.chunk_size, embeddings,
                                  relevance=relevance)
            accepted = []
            for q in questions:
                r = ranked[q.id]
                if r.signal >= settings.covered_confidence:
                    right = q.answerable and any(judge.is_hit(q, s, t) for s, t in r.hits[:3])
                    accepted.append((r.signal, right))
            n_right = sum(ok for _, ok in accepted)
            n_wrong = len(accepted) - n_right
            for line in LINES:
                right = sum(1 for s, ok in accepted if ok and s < line)
                wrong = sum(1 for s, ok in accepted if not ok and s < line)
                table[line].append(f"{right}/{n_right} / {wrong}/{n_wrong}")
    for line, cells in table.items():
        print(f"| {line} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
