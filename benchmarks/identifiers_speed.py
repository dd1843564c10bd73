"""What the detector's speed changes save, side by side in one process (alternating passes, so the shared
machine's noise falls on every variant alike): notes of about 500 characters built from note sets 3 and 4.

    PYTHONPATH=. .venv/bin/python benchmarks/identifiers_speed.py [--passes 7]
    PYTHONPATH=. .venv/bin/python benchmarks/identifiers_speed.py --name-models [--passes 7]

With ``--name-models`` it times instead the two recognisers a council may choose (``ASSISTANT_NAME_MODEL``:
``pinned`` and ``trained``), each with its own rules, alternating pass by pass in one process.

Variants (each also checked to give the same findings as "now" on every note):

- "before": the detector at the start of 2026-12-02's fourth session: the name model's matrix products by
  BLIS (thinc's default) and, where a word needs its part-of-speech tag, the whole note tagged;
- "numpy products": products by numpy (OpenBLAS), the whole note tagged;
- "one window at a time": numpy products, a window of ``_TAG_CONTEXT`` words each side of a word tagged, each in a
  run of the tagger of its own;
- "now": what ships: as the last, but the words a rule will ask about tagged together in one run (``_Tags.prefetch``:
  most of a short run's cost is reading the model's weights).

The 15 ms target is for "now". The model's PERSON pass alone is timed too, with spaCy's version printed: run
the benchmark in two environments, alternately, to compare spaCy releases (spaCy 3.8.8 and later take the
interpreter's lock in every step of the entity parser, which doubled this pass here: decision 0017).

An earlier version of this benchmark (``identifiers_tagger.py``) measured
not tagging words already taken (docs/privacy.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
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


def _whole_note_at(self, start: int) -> str:
    """``_Tags.at`` as it was: the whole note tagged once, on the first word that needs a tag."""
    if "whole" not in self.__dict__:
        self.whole = names_model.tags(self.text)
    return self.whole.get(start, "")


@contextmanager
def variant(name: str):
    from thinc.api import NumpyOps

    nlp = names_model._LOADER.get()
    nodes = [node for pipe in nlp.pipe_names for node in nlp.get_pipe(pipe).model.walk()]
    shipped_ops, shipped_at, shipped_prefetch = nodes[0].ops, ids._Tags.at, ids._Tags.prefetch
    if name == "before":
        blis = NumpyOps(use_blis=True)
        for node in nodes:
            node.ops = blis
    if name in ("before", "numpy products"):
        ids._Tags.at = _whole_note_at
        ids._Tags.prefetch = _no_prefetch
    if name == "one window at a time":
        ids._Tags.prefetch = _one_at_a_time(shipped_prefetch)
    try:
        yield
    finally:
        for node in nodes:
            node.ops = shipped_ops
        ids._Tags.at, ids._Tags.prefetch = shipped_at, shipped_prefetch


def _no_prefetch(self, starts) -> None:
    """The whole note is tagged on the first word asked (``_whole_note_at``): nothing is tagged ahead."""


def _one_at_a_time(prefetch):
    """``_Tags.prefetch`` as it was before 2026-12-05's twenty-third session: each word's window in its own run."""
    def one_at_a_time(self, starts) -> None:
        for start in starts:
            prefetch(self, [start])
    return one_at_a_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--name-models", action="store_true", help="time ASSISTANT_NAME_MODEL=pinned and =trained")
    args = parser.parse_args(argv)
    texts = notes()
    if args.name_models:
        return _name_models(texts, args.passes)
    ids.detect("Warm up: Amy Smith went home.")
    if names_model.problem():
        print(f"The name model is not available: {names_model.problem()}")
        return 1
    labels = ("before", "numpy products", "one window at a time", "now")
    found: dict[str, list] = {}
    times: dict[str, list[float]] = {label: [] for label in labels}
    detect: Callable = ids.detect
    for _ in range(args.passes):
        for label in labels:
            with variant(label):
                began = time.perf_counter()
                found[label] = [detect(text) for text in texts]
                times[label].append((time.perf_counter() - began) / len(texts) * 1000)
    same = all(found[label] == found["now"] for label in labels)
    model_alone = []
    for _ in range(args.passes):
        began = time.perf_counter()
        for text in texts:
            names_model.persons(text)
        model_alone.append((time.perf_counter() - began) / len(texts) * 1000)
    import spacy

    print(f"spaCy {spacy.__version__}; {len(texts)} notes of about 500 characters (sets 3 and 4), {args.passes} "
          f"passes each, alternating in one process; {'the same findings every way' if same else 'THE FINDINGS DIFFER'}")
    now = statistics.median(times["now"])
    for label, runs in times.items():
        median = statistics.median(runs)
        print(f"  {label}: best {min(runs):.1f} ms, median {median:.1f} ms per note ({median / now:.2f}× now)")
    print(f"  the model's PERSON pass alone: median {statistics.median(model_alone):.1f} ms per note")
    return 0 if same else 1


def _name_models(texts: list[str], passes: int) -> int:
    """The detector and its PERSON pass with each recogniser, alternating pass by pass."""
    import os

    choices = ("pinned", "trained")
    times: dict[str, list[float]] = {c: [] for c in choices}
    alone: dict[str, list[float]] = {c: [] for c in choices}
    before = os.environ.get("ASSISTANT_NAME_MODEL")
    try:
        for choice in choices:  # load each once before timing
            os.environ["ASSISTANT_NAME_MODEL"] = choice
            ids.detect("Warm up: Amy Smith went home.")
            if names_model.problem():
                print(f"The {choice} name model is not available: {names_model.problem()}")
                return 1
        for _ in range(passes):
            for choice in choices:
                os.environ["ASSISTANT_NAME_MODEL"] = choice
                began = time.perf_counter()
                for text in texts:
                    ids.detect(text)
                times[choice].append((time.perf_counter() - began) / len(texts) * 1000)
                began = time.perf_counter()
                for text in texts:
                    names_model.persons(text)
                alone[choice].append((time.perf_counter() - began) / len(texts) * 1000)
    finally:
        if before is None:
            os.environ.pop("ASSISTANT_NAME_MODEL", None)
        else:
            os.environ["ASSISTANT_NAME_MODEL"] = before
    print(f"{len(texts)} notes of about 500 characters (sets 3 and 4), {passes} passes each, alternating in one process")
    for choice in choices:
        print(f"  ASSISTANT_NAME_MODEL={choice}: the detector median {statistics.median(times[choice]):.1f} ms per note "
              f"(best {min(times[choice]):.1f}); its PERSON pass alone median {statistics.median(alone[choice]):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
