"""The relevance model: it learns, exports to a file whose scores agree with training's, and refuses a changed
file. One layer and a toy set keep it to seconds; the real training is ``python -m assistant train-relevance``."""

from __future__ import annotations

import json

import pytest
from helpers.toy_relevance import ANSWERS, TOY, toy_pairs

from assistant.errors import AssistantError
from assistant.search import relevance
from assistant.search.embeddings import packaged_model_dir


@pytest.fixture(scope="module")
def trained():
    return relevance.train(toy_pairs(), packaged_model_dir(), TOY, log=lambda _: None)


def test_it_learns_which_passage_answers(trained):
    score = relevance.torch_scorer(*trained, TOY.max_length)
    for i, (question, _) in enumerate(ANSWERS):
        scores = score(question, [p for _, p in ANSWERS])
        assert max(range(len(ANSWERS)), key=scores.__getitem__) == i, (question, scores)


def test_the_loss_it_is_judged_against_is_that_of_scoring_every_pair_alike():
    import math

    pairs = toy_pairs()  # 4 answering, 12 not
    assert relevance.chance_loss(pairs) == pytest.approx(2 * math.log(2) * 12 / 16)


def test_training_needs_both_kinds_of_pair():
    with pytest.raises(AssistantError, match="both answering and non-answering"):
        relevance.train([(q, p, 1.0) for q, p in ANSWERS], packaged_model_dir(), TOY, log=lambda _: None)


def test_the_exported_file_scores_as_training_did_and_is_reproducible(trained, tmp_path):
    pytest.importorskip("onnx")
    folder = relevance.export(*trained, tmp_path / "relevance", TOY.max_length, trained_on="toy")
    model = relevance.Relevance(folder.parent)
    torch_score = relevance.torch_scorer(*trained, TOY.max_length)
    for question, _ in ANSWERS:
        passages = [p for _, p in ANSWERS]
        onnx_scores, torch_scores = model.score(question, passages), torch_score(question, passages)
        # 8-bit weights move the numbers a little (up to 0.6 of a range of 7 here) and may swap near-equal
        # non-answering passages, but not which passage answers
        assert max(range(4), key=onnx_scores.__getitem__) == max(range(4), key=torch_scores.__getitem__)
        spread = max(torch_scores) - min(torch_scores)
        assert max(abs(a - b) for a, b in zip(onnx_scores, torch_scores)) <= 0.2 * spread
    assert model.score("anything", []) == []

    again = relevance.train(toy_pairs(), packaged_model_dir(), TOY, log=lambda _: None)
    relevance.export(*again, tmp_path / "again", TOY.max_length, trained_on="toy")
    first = json.loads((tmp_path / "relevance" / relevance.MANIFEST_FILE).read_text())["files"]
    second = json.loads((tmp_path / "again" / relevance.MANIFEST_FILE).read_text())["files"]
    assert first[relevance.MODEL_FILE] == second[relevance.MODEL_FILE], "same pairs and seed, different model file"


def test_a_changed_or_missing_file_is_refused_by_name(trained, tmp_path):
    pytest.importorskip("onnx")
    folder = relevance.export(*trained, tmp_path / "relevance", TOY.max_length, trained_on="toy").parent
    with (folder / relevance.MODEL_FILE).open("ab") as f:
        f.write(b"\0")
    with pytest.raises(AssistantError, match="relevance.onnx is missing or differs"):
        relevance.Relevance(folder)
    (folder / relevance.MANIFEST_FILE).unlink()
    with pytest.raises(AssistantError, match="relevance.json is missing or unreadable"):
        relevance.Relevance(folder)


def test_exporting_again_replaces_the_model_whole(trained, tmp_path):
    pytest.importorskip("onnx")
    folder = tmp_path / "relevance"
    relevance.export(*trained, folder, TOY.max_length, trained_on="first")
    relevance.export(*trained, folder, TOY.max_length, trained_on="second")
    assert json.loads((folder / relevance.MANIFEST_FILE).read_text())["trained_on"] == "second"
    assert relevance.Relevance(folder).score("who signs off the step down", ["x"])
    assert [p.name for p in tmp_path.iterdir()] == ["relevance"], "nothing left beside it"
