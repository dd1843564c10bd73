"""The covered model: its arithmetic, its file, and fitting it."""

import json
import math

import pytest

from assistant.errors import AssistantError
from assistant.search.covered import (
    BASE_FEATURES,
    FEATURES,
    MODEL_FILE,
    RELEVANCE_MODEL_FILE,
    CoveredModel,
    Signals,
    fit_covered_model,
    load_covered_model,
)


def signals(**values) -> Signals:
    base = {"dense": 0.5, "margin": 0.05, "key": 0.5, "coverage": 0.3, "agree": 2.0}
    return Signals(**{**base, **values})


def test_confidence_is_the_logistic_of_the_standardised_weighted_sum():
    model = CoveredModel(features=["dense", "key"], mean=[0.5, 0.4], scale=[0.1, 0.2], weights=[2.0, 1.0],
                         intercept=-0.5, fitted_on="test")
    z = -0.5 + 2.0 * (0.7 - 0.5) / 0.1 + 1.0 * (0.2 - 0.4) / 0.2
    assert model.confidence(signals(dense=0.7, key=0.2)) == pytest.approx(1 / (1 + math.exp(-z)))


@pytest.mark.parametrize("change, problem", [
    ({"features": ["dense", "shoe size"]}, "unknown signals"),
    ({"weights": [1.0]}, "one value per feature"),
    ({"scale": [0.0, 1.0]}, "every scale must be positive"),
])
def test_a_broken_model_is_refused(change, problem):
    data = {"features": ["dense", "key"], "mean": [0.0, 0.0], "scale": [1.0, 1.0], "weights": [1.0, 1.0],
            "intercept": 0.0, "fitted_on": "test", **change}
    with pytest.raises(ValueError, match=problem):
        CoveredModel(**data)


def test_an_unreadable_model_file_is_named(tmp_path):
    bad = tmp_path / "covered_model.json"
    bad.write_text('{"features": ["dense"]}')
    with pytest.raises(AssistantError, match=r"is not valid \(mean: Field required; .*--fit-covered"):
        load_covered_model(bad)
    with pytest.raises(AssistantError, match="Cannot read the covered model .*missing.json"):
        load_covered_model(tmp_path / "missing.json")


def test_the_shipped_model_reads_the_five_signals_and_says_what_it_was_fitted_on():
    model = load_covered_model()
    assert model.features == list(BASE_FEATURES) == [f for f in FEATURES if f != "relevance"]
    assert model.fitted_on.startswith("gold.yaml: ")
    assert json.loads(MODEL_FILE.read_text())["intercept"] == model.intercept
    # more of every signal the fit found helpful means more confidence
    low, high = signals(key=0.35, coverage=0.1, agree=0.0), signals(key=0.7, coverage=0.8, agree=3.0)
    assert model.confidence(low) < 0.5 < model.confidence(high)


def test_fitting_separates_what_the_signals_separate():
    yes = [signals(key=0.6 + i / 100, coverage=0.5) for i in range(10)]
    no = [signals(key=0.3 + i / 100, coverage=0.1) for i in range(10)]
    model = fit_covered_model(yes + no, [True] * 10 + [False] * 10, "fake")
    assert all(model.confidence(s) > 0.5 for s in yes) and all(model.confidence(s) < 0.5 for s in no)
    with pytest.raises(AssistantError, match="needs both answerable and uncovered"):
        fit_covered_model(yes, [True] * 10, "fake")


def test_the_six_signal_model_reads_the_relevance_score_and_refuses_signals_without_it():
    model = load_covered_model(RELEVANCE_MODEL_FILE)
    assert model.features == list(FEATURES) and model.fitted_on.startswith("gold.yaml: ")
    weight = dict(zip(model.features, model.weights))["relevance"]
    assert weight > 0, "a passage the relevance model scores higher should make the answer more likely covered"
    assert model.confidence(signals(relevance=-5.0)) < model.confidence(signals(relevance=5.0))
    with pytest.raises(AssistantError, match="reads relevance, which the search did not give"):
        model.confidence(signals())
