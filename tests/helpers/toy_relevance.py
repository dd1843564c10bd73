"""A toy relevance training (one layer, four questions) that runs in seconds, for tests of the model's code."""

from __future__ import annotations

from assistant.search import relevance

TOY = relevance.TrainingSettings(layers=1, max_length=48, epochs=25, lr=3e-4, batch=8, seed=0)

ANSWERS = [
    ("who signs off the step down", "The Team Manager signs off the step down before conference."),
    ("when must the legal gateway meeting happen", "A legal gateway meeting must be held at 15 months."),
    ("who records the discussion on Liquid Logic", "The Service Manager records the discussion on Liquid Logic."),
    ("what evidence supports ending the plan", "Core group minutes and home visits evidence the step down."),
]


def toy_pairs() -> list[relevance.Pair]:
    pairs: list[relevance.Pair] = []
    for i, (question, passage) in enumerate(ANSWERS):
        pairs.append((question, passage, 1.0))
        pairs += [(question, other, 0.0) for j, (_, other) in enumerate(ANSWERS) if j != i]
    return pairs
