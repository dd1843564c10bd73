"""Identifier detection quality: the rules alone, the name model alone and the two combined (what ships,
assistant.privacy.identifiers.detect), side by side in one run, beside Microsoft Presidio's patterns.

    PYTHONPATH=. .venv/bin/python benchmarks/identifiers.py [--corpus FILE.jsonl]

Prints a Markdown table of recall per identifier type and false-positive rate per look-alike
category, overall figures and the time per 500-character note, on the seeded synthetic set of
tests/helpers/identifiers_corpus.py (targets: recall >= 0.98, false positives <= 2 %), or on labelled
snippets in a JSON Lines file (``--corpus tests/identifiers_heldout.jsonl``: written by someone who
had not seen the rules).

Presidio is measured when it is importable. Its full engine needs a spaCy model, which is
normally downloaded from GitHub (not reachable here), so the default ``AnalyzerEngine()`` is
tried and its failure reported; then Presidio is run with its ``NoOpNlpEngine`` and only its
pattern recognizers (email, phone for GB, date, UK NHS, UK NINO, UK postcode). It has no name
recogniser without a spaCy model and no street-address recogniser at all.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.identifiers_corpus import build, load_jsonl, score

from assistant.privacy.identifiers import detect, model_names, model_problem, nhs_number_valid

PRESIDIO_TYPES = {"PERSON": "name", "DATE_TIME": "date_of_birth", "UK_NHS": "nhs_number", "UK_NINO": "ni_number",
                  "UK_POSTCODE": "postcode", "PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "LOCATION": "address"}


class Span(NamedTuple):
    type: str
    start: int
    end: int


def presidio_detector() -> tuple[Callable[[str], list[Span]] | None, str]:
    """A detect-like function over Presidio's pattern recognizers, or None, and what happened."""
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NoOpNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            DateRecognizer,
            EmailRecognizer,
            NhsRecognizer,
            PhoneRecognizer,
            UkNinoRecognizer,
            UkPostcodeRecognizer,
        )
    except ImportError as exc:
        return None, f"presidio-analyzer is not installed ({exc})"
    notes = []
    try:
        AnalyzerEngine()
        notes.append("default AnalyzerEngine() loaded a spaCy model")
    except BaseException as exc:
        notes.append(f"default AnalyzerEngine() failed: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (EmailRecognizer(), PhoneRecognizer(supported_regions=("GB",)), DateRecognizer(),
                       NhsRecognizer(), UkNinoRecognizer(), UkPostcodeRecognizer()):
        registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(registry=registry, nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]),
                            supported_languages=["en"])

    def run(text: str) -> list[Span]:
        return [Span(PRESIDIO_TYPES.get(r.entity_type, r.entity_type), r.start, r.end)
                for r in engine.analyze(text, language="en")]

    notes.append("measured: NoOpNlpEngine + pattern recognizers (no PERSON, no street address)")
    return run, "; ".join(notes)


def presidio_with_model() -> tuple[Callable[[str], list[Span]] | None, str]:
    """Presidio's AnalyzerEngine on the packaged spaCy model (its PERSON entities) with the project's rules as
    a custom recogniser: the issue's alternative to the plain combination, measured beside it."""
    try:
        from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer
    except ImportError as exc:
        return None, f"presidio-analyzer is not installed ({exc})"
    from assistant.privacy.names_model import model_dir

    folder = model_dir()
    if folder is None:
        return None, "the name model is not installed"

    class Rules(EntityRecognizer):
        def load(self) -> None:
            pass

        def analyze(self, text, entities, nlp_artifacts=None):
            return [RecognizerResult(f.type, f.start, f.end, 1.0) for f in detect(text, model=False)]

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"]))
    registry.add_recognizer(Rules(supported_entities=list(PRESIDIO_TYPES.values())))
    engine = AnalyzerEngine(registry=registry, supported_languages=["en"],
                            nlp_engine=SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(folder)}]))

    def run(text: str) -> list[Span]:
        return [Span(PRESIDIO_TYPES.get(r.entity_type, r.entity_type), r.start, r.end)
                for r in engine.analyze(text, language="en")]

    return run, "AnalyzerEngine + the packaged spaCy model's PERSON + the rules as a custom recogniser"


def notes_of(items, size: int = 500) -> list[str]:
    """The corpus sentences joined into notes of about ``size`` characters."""
    notes, current = [], ""
    for item in items:
        current = f"{current} {item.text}".strip()
        if len(current) >= size:
            notes.append(current[:size])
            current = ""
    return notes


def ms_per_note(fn: Callable[[str], object], notes: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for note in notes:
            fn(note)
        best = min(best, (time.perf_counter() - t0) / len(notes) * 1000)
    return best


def any_check_digit_fp(fn: Callable[[str], list], n: int = 2000) -> tuple[float, float]:
    """Share of truly random 10-digit numbers flagged, and the share that pass the NHS check anyway."""
    rng = random.Random(7)
    numbers = [f"{rng.randrange(10**9, 10**10)}" for _ in range(n)]
    flagged = sum(bool(fn(f"Account {x} was closed.")) for x in numbers)
    return flagged / n, sum(map(nhs_number_valid, numbers)) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Identifier detection quality, rules beside Presidio.")
    parser.add_argument("--corpus", type=Path, help="labelled snippets (JSON Lines) instead of the synthetic set")
    args = parser.parse_args(argv)
    items = load_jsonl(args.corpus) if args.corpus else build()
    source = args.corpus or "seeded, tests/helpers/identifiers_corpus.py"
    problem = model_problem()
    if problem:
        print(f"The name model is not in use: {problem}")
    systems: dict[str, Callable] = {"rules alone": partial(detect, model=False, address_town=False)}
    if not problem:
        systems["model alone (spaCy + given names)"] = model_names
        systems["combined (shipped)"] = partial(detect, address_town=False)
        systems["combined, ASSISTANT_ADDRESS_TOWN=redact"] = partial(detect, address_town=True)
    presidio, note = presidio_detector()
    if presidio is not None:
        systems["Presidio 2.2 patterns only"] = presidio
    if not problem:
        with_model, more = presidio_with_model()
        note += f"; {more}"
        if with_model is not None:
            systems["Presidio + model + rules"] = with_model
    results = {name: score(items, fn) for name, fn in systems.items()}
    names = list(results)
    n_ids = sum(len(i.identifiers) for i in items)
    n_look = sum(len(i.lookalikes) for i in items)
    print(f"Corpus: {len(items)} sentences, {n_ids} identifiers, {n_look} look-alikes ({source})")
    print(f"Presidio: {note}\n")
    print("| measure | n | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    first = results[names[0]]
    for kind in first["recall"]:
        cells = [f"{results[n]['recall'].get(kind, 0):.3f}" for n in names]
        print(f"| recall: {kind} | {first['counts'][kind]} | " + " | ".join(cells) + " |")
    print("| **recall: overall** | " + f"{n_ids} | " + " | ".join(f"**{results[n]['overall_recall']:.3f}**" for n in names) + " |")
    for cat in first["fp_rate"]:
        cells = [f"{results[n]['fp_rate'].get(cat, 0):.1%}" for n in names]
        print(f"| FP rate: {cat} | {first['counts'][cat]} | " + " | ".join(cells) + " |")
    print("| **FP rate: overall** | " + f"{n_look} | " + " | ".join(f"**{results[n]['overall_fp_rate']:.1%}**" for n in names) + " |")
    notes = notes_of(items)
    print(f"| ms per 500-char note | {len(notes)} | " + " | ".join(f"{ms_per_note(systems[n], notes):.3f}" for n in names) + " |")
    cells = []
    for n in names:
        fp, valid = any_check_digit_fp(systems[n])
        cells.append(f"{fp:.1%}")
    print("| info: random 10-digit numbers, any check digit, flagged | 2000 | " + " | ".join(cells) + " |")
    print(f"\n{valid:.1%} of those random numbers pass the NHS mod-11 check, so are indistinguishable from NHS numbers.")
    print("Targets: synthetic set recall >= 0.98, false positives <= 2 %; held-out set 3 names >= 0.90, all types "
          ">= 0.92, look-alikes altered <= 3 %, <= 15 ms per 500-character note.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
