"""Training the relevance model at set-up, and checking that a model behaves as the one measured here.

``python -m assistant train-relevance`` trains on ``relevance_pairs.training_pairs`` with ``SETTINGS`` (about
8 minutes on 2 cores), exports, checks, and only then moves the model into ``ASSISTANT_RELEVANCE_DIR``.

The check: ``relevance_reference.json`` holds, for the model whose figures are in docs/retrieval-quality.md,
the SHA-256 of its ``relevance.onnx`` and its scores of fixed question -> passage pairs. Training is seeded:
on the machine it was measured on, the same pairs give the same file (tests/search/test_relevance.py). Another
processor may round differently and give different bits; such a model is accepted only if its scores of the
reference pairs are each within the reference's tolerance of the measured ones. The app runs the same check
when it loads the model, and falls back to the five-signal covered model when it fails (and says so).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError
from assistant.search.relevance import MANIFEST_FILE, MODEL_FILE, Pair, Relevance, TrainingSettings, file_sha256

REFERENCE_FILE = Path(__file__).with_name("relevance_reference.json")
SETTINGS = TrainingSettings()
"""Chosen on gold.yaml (benchmarks/results/2026-12-02-cross-encoder.md): 3 layers, 192 tokens, 4 epochs."""
REFERENCE_PAIRS = 24
TOLERANCE_SHARE = 0.05
"""A model trained elsewhere is accepted if each reference score is within this share of the reference
scores' range of the measured one."""


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Of the measured model's ``relevance.onnx``."""
    pairs_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Of the pairs it was trained on (``relevance_pairs.pairs_digest``)."""
    settings: dict[str, float | int]
    tolerance: float = Field(gt=0)
    pairs: list[tuple[str, str, float]] = Field(min_length=1)
    """Question, passage, the measured model's score."""
    measured: str


def load_reference(path: Path = REFERENCE_FILE) -> Reference:
    try:
        return Reference.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise AssistantError(f"Cannot read the relevance model's reference {path}: {exc.strerror or exc}. "
                             f"Reinstall the app.") from None
    except ValidationError as exc:
        raise AssistantError(f"The relevance model's reference {path} is not valid ({exc.error_count()} "
                             f"problems, first: {exc.errors()[0]['msg']}). Reinstall the app.") from None


def reference_digest(path: Path = REFERENCE_FILE) -> str:
    return file_sha256(path)


def check(model: Relevance, reference: Reference) -> str:
    """How the model compares with the measured one (a sentence), or AssistantError when it differs beyond
    the tolerance. The scores are compared even when the file is the same: reading the question and passage
    (the tokenizer, ONNX Runtime) is part of what was measured."""
    worst = 0.0
    for question, passage, expected in reference.pairs:
        worst = max(worst, abs(model.score(question, [passage])[0] - expected))
    if worst <= 1e-4 and model.manifest.get("files", {}).get(MODEL_FILE) == reference.sha256:
        return "identical to the model measured (same SHA-256, same scores)"
    if worst > reference.tolerance:
        raise AssistantError(f"The relevance model scores differently from the one measured: a reference score "
                             f"is {worst:.3f} away (tolerance {reference.tolerance:.3f}). It is not used; search "
                             f"uses the five other signals. Train it again with `python -m assistant "
                             f"train-relevance`, or report this with the machine's processor model.")
    return f"not bit for bit the model measured, but within {worst:.3f} of its scores (tolerance " \
           f"{reference.tolerance:.3f})"


def is_current(folder: Path, reference_path: Path = REFERENCE_FILE) -> bool:
    """Whether ``folder`` holds an intact model trained and checked against this release's reference."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
        if manifest.get("reference") != reference_digest(reference_path):
            return False
        return all(file_sha256(folder / name) == digest
                   for name, digest in files.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _reference_from(model: Relevance, pairs: Sequence[Pair], digest: str, measured: str,
                    settings: TrainingSettings) -> Reference:
    step = max(1, len(pairs) // REFERENCE_PAIRS)
    chosen = list(pairs)[::step][:REFERENCE_PAIRS]
    scored = [(q, p, round(model.score(q, [p])[0], 6)) for q, p, _ in chosen]
    values = [s for *_, s in scored]
    return Reference(sha256=model.manifest["files"][MODEL_FILE], pairs_digest=digest,
                     settings=dict(vars(settings)), tolerance=round(TOLERANCE_SHARE * (max(values) - min(values)), 6),
                     pairs=scored, measured=measured)


def train_and_install(folder: Path, *, write_reference: str | None = None, if_stale: bool = False,
                      log: Callable[[str], None] = print, settings: TrainingSettings = SETTINGS,
                      pairs: Sequence[Pair] | None = None, reference_path: Path = REFERENCE_FILE) -> str:
    """Train, export, check, and move the model into ``folder``; returns what the check found. A model that
    fails the check is not installed (AssistantError), and an earlier one stays as it was.

    ``write_reference`` (development only, with a description of the machine) writes ``reference_path`` from
    the model trained instead of checking it: figures measured with that model belong in the docs. ``pairs``
    (tests only) replaces ``relevance_pairs.training_pairs``."""
    from assistant.search.embeddings import packaged_model_dir
    from assistant.search.relevance import export, train
    from assistant.search.relevance_pairs import pairs_digest, training_pairs

    reference = None if write_reference else load_reference(reference_path)
    if if_stale and reference is not None and is_current(folder, reference_path):
        log(f"The relevance model in {folder} is up to date.")
        return "up to date"
    if pairs is None:
        with tempfile.TemporaryDirectory(prefix="cp-relevance-") as tmp:
            pairs = training_pairs(Path(tmp), log=log)
    digest = pairs_digest(pairs)
    if reference is not None and digest != reference.pairs_digest:
        log("note: the training pairs differ from those of the model measured (a changed shipped policy, pathway "
            "or development set?); the model trained will be checked by its scores.")
    tokenizer, model = train(pairs, packaged_model_dir(), settings, log=log)
    found: dict[str, str] = {}

    def accept(staged: Path) -> dict[str, Any]:
        trained = Relevance(staged)
        if write_reference:
            ref = _reference_from(trained, pairs, digest, write_reference, settings)
            reference_path.write_text(ref.model_dump_json(indent=1) + "\n", encoding="utf-8")
            found["check"] = f"reference written to {reference_path.name}"
        else:
            assert reference is not None
            found["check"] = check(trained, reference)
        return {"reference": reference_digest(reference_path), "check": found["check"], "pairs_digest": digest}

    export(tokenizer, model, folder, settings.max_length, trained_on="pathway items, dev_2, dev_3", accept=accept)
    log(f"The relevance model is in {folder}: {found['check']}.")
    return found["check"]
