"""What not tagging words already taken saves, side by side in one process (alternating runs, so the shared
machine's noise falls on both): notes of about 500 characters built from identifier sets 3 and 4.

    PYTHONPATH=. .venv/bin/python benchmarks/identifiers_tagger.py [--passes 5]

"before" makes ``identifiers._overlaps`` always false, so every note with a sentence-opening or lower-case
given name is tagged, as the detector did before; "now" is the shipped detector. Both give the same findings
(checked here on every note; ``tests/privacy/test_identifiers.py`` guards the behaviour).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.identifiers_corpus import load_jsonl
from identifiers import notes_of

import assistant.privacy.identifiers as ids
from assistant.privacy import names_model

ROOT = Path(__file__).resolve().parent.parent
SETS = ("identifiers_heldout_3.jsonl", "identifiers_dev_4.jsonl")


def notes() -> list[str]:
    return notes_of([item for name in SETS for item in load_jsonl(ROOT / "tests" / name)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args(argv)
    texts = notes()
    ids.detect("Warm up: Amy Smith went home.")
    if names_model.problem():
        print(f"The name model is not available: {names_model.problem()}")
        return 1
    real = ids._overlaps
    found: dict[str, list] = {}
    times: dict[str, list[float]] = {"before": [], "now": []}
    for _ in range(args.passes):
        for label in ("before", "now"):
            ids._overlaps = real if label == "now" else (lambda *_: False)
            began = time.perf_counter()
            found[label] = [ids.detect(text) for text in texts]
            times[label].append((time.perf_counter() - began) / len(texts) * 1000)
    ids._overlaps = real
    assert found["before"] == found["now"], "the findings differ"
    print(f"{len(texts)} notes of about 500 characters (sets 3 and 4), {args.passes} passes each, alternating "
          "in one process; the same findings both ways")
    for label, runs in times.items():
        print(f"  {label}: best {min(runs):.1f} ms, median {statistics.median(runs):.1f} ms per note")
    return 0


if __name__ == "__main__":
    sys.exit(main())
