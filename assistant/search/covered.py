"""The covered decision: does the index hold a passage that answers the question?

One similarity alone cannot tell (docs/retrieval-quality.md): an uncovered question in the policies'
own words scores like an answerable one. So several signals are combined by a logistic regression
fitted on ``tests/eval/gold.yaml`` (``python -m assistant eval --fit-covered``) and kept as data in
``covered_model.json``: standardise each signal, weigh, add, squash to a confidence between 0 and 1. While the
relevance model is in use (``relevance_install.py``) a second fit over its score too, ``covered_model_relevance.json``,
decides instead.
The app refuses below ``ASSISTANT_COVERED_CONFIDENCE`` and cautions below ``ASSISTANT_CAUTION_BELOW``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import AssistantError

MODEL_FILE = Path(__file__).with_name("covered_model.json")


@dataclass(frozen=True)
class Signals:
    """What the rankings say about one question (all computed on the question with case details taken out)."""

    dense: float
    """Best dense similarity of any passage."""
    margin: float
    """How far the best dense passage is ahead of the second."""
    key: float
    """Best similarity to a pathway item's question (``question_keys``)."""
    coverage: float
    """How much of the question (words weighted by rarity) the best fused passage holds, 0 to 1."""
    agree: float
    """How many of the three rankings (dense, lexical, question keys) have the best fused passage in their top 3."""
    relevance: float | None = None
    """The relevance model's score of the best fused passage (``relevance.py``); None when it is not in use."""

    def as_dict(self) -> dict[str, float | None]:
        return asdict(self)


FEATURES = tuple(Signals.__dataclass_fields__)
BASE_FEATURES = tuple(f for f in FEATURES if f != "relevance")
"""The five signals of every search; the covered model in ``MODEL_FILE`` reads these."""
RELEVANCE_MODEL_FILE = Path(__file__).with_name("covered_model_relevance.json")
"""The covered model over all six signals, used while the relevance model is in use."""


class CoveredModel(BaseModel):
    """A fitted logistic regression over ``Signals``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    features: list[str] = Field(min_length=1)
    mean: list[float]
    scale: list[float]
    weights: list[float]
    intercept: float
    fitted_on: str
    """Which question set, and how many questions of each kind."""

    @model_validator(mode="after")
    def _check(self) -> CoveredModel:
        unknown = set(self.features) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown signals {sorted(unknown)} (known: {', '.join(FEATURES)})")
        if not len(self.features) == len(self.mean) == len(self.scale) == len(self.weights):
            raise ValueError("features, mean, scale and weights must have one value per feature")
        if any(s <= 0 for s in self.scale):
            raise ValueError("every scale must be positive")
        return self

    def confidence(self, signals: Signals) -> float:
        values = {f: v for f, v in signals.as_dict().items() if v is not None}
        missing = [f for f in self.features if f not in values]
        if missing:
            raise AssistantError(f"This covered model reads {', '.join(missing)}, which the search did not give.")
        z = self.intercept + sum(w * (values[f] - m) / s for f, m, s, w in
                                 zip(self.features, self.mean, self.scale, self.weights))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_covered_model(path: Path = MODEL_FILE) -> CoveredModel:
    try:
        return CoveredModel.model_validate_json(Path(path).read_bytes())
    except OSError as exc:
        raise AssistantError(f"Cannot read the covered model {path}: {exc.strerror or exc}. Reinstall the app, "
                             f"or re-fit it with `python -m assistant eval --fit-covered`.") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'the file'}: {e['msg']}" for e in exc.errors())
        raise AssistantError(f"The covered model {path} is not valid ({problems}). Re-fit it with "
                             f"`python -m assistant eval --fit-covered`.") from None


def fit_covered_model(signals: Sequence[Signals], answerable: Sequence[bool], fitted_on: str,
                      features: Sequence[str] = BASE_FEATURES) -> CoveredModel:
    """Fit the model (scikit-learn's logistic regression, classes weighted equally) on labelled questions."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([[s.as_dict()[f] for f in features] for s in signals])
    y = np.array(answerable, dtype=bool)
    if y.all() or not y.any():
        raise AssistantError("Fitting the covered model needs both answerable and uncovered questions.")
    scaler = StandardScaler().fit(x)
    scale = [float(v) if v > 0 else 1.0 for v in scaler.scale_]
    lr = LogisticRegression(C=1.0, class_weight="balanced").fit((x - scaler.mean_) / scale, y)
    return CoveredModel(features=list(features), mean=[float(v) for v in scaler.mean_], scale=scale,
                        weights=[float(v) for v in lr.coef_[0]], intercept=float(lr.intercept_[0]),
                        fitted_on=fitted_on)
