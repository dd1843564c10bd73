"""Installing the relevance model: a model is moved into place only after its check, an earlier one survives a
failed check, an up-to-date model is not trained again, and a model is checked against the measured one by its
file or, failing that, by its scores. The toy training (``helpers.toy_relevance``) keeps it to seconds; the
last tests check the real model that ``make`` installs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.support import INSTALLED_RELEVANCE
from helpers.toy_relevance import TOY, toy_pairs

from assistant.errors import AssistantError
from assistant.search import relevance, relevance_install
from assistant.search.relevance_install import Reference, check, is_current, load_reference, train_and_install

pytest.importorskip("onnx")


def quiet(_: str) -> None:
    pass


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A toy model installed with its own reference written (as ``--write-reference`` does)."""
    base = tmp_path_factory.mktemp("relevance-install")
    folder, reference = base / "relevance", base / "reference.json"
    found = train_and_install(folder, write_reference="a test", pairs=toy_pairs(), settings=TOY,
                              reference_path=reference, log=quiet)
    assert found == "reference written to reference.json"
    return folder, reference


def shifted(reference: Reference, by: float, sha: str = "0" * 64) -> Reference:
    return reference.model_copy(update={"sha256": sha, "pairs": [(q, p, s + by) for q, p, s in reference.pairs]})


def test_the_reference_records_the_model_and_its_scores(installed):
    folder, path = installed
    reference = load_reference(path)
    model = relevance.Relevance(folder)
    assert reference.sha256 == model.manifest["files"][relevance.MODEL_FILE]
    assert reference.settings["layers"] == TOY.layers and reference.measured == "a test"
    assert len(reference.pairs) == len(toy_pairs())  # fewer pairs than REFERENCE_PAIRS: all of them
    assert all(abs(model.score(q, [p])[0] - s) < 1e-5 for q, p, s in reference.pairs)
    scores = [s for *_, s in reference.pairs]
    assert reference.tolerance == pytest.approx(0.05 * (max(scores) - min(scores)), abs=1e-6)
    assert model.manifest["reference"] == relevance_install.reference_digest(path)


def test_the_check_passes_the_same_file_and_close_scores_and_refuses_others(installed):
    folder, path = installed
    reference, model = load_reference(path), relevance.Relevance(folder)
    assert check(model, reference) == "identical to the model measured (same SHA-256, same scores)"
    assert check(model, shifted(reference, 0.5 * reference.tolerance)).startswith("not bit for bit")
    with pytest.raises(AssistantError, match=r"scores differently.*is \d+\.\d+ away \(tolerance"):
        check(model, shifted(reference, 2 * reference.tolerance))
    # the same file read differently (another tokenizer or runtime) is refused too
    with pytest.raises(AssistantError, match="scores differently"):
        check(model, shifted(reference, 2 * reference.tolerance, sha=reference.sha256))


def test_an_up_to_date_model_is_not_trained_again(installed):
    folder, path = installed
    assert is_current(folder, path)
    lines: list[str] = []
    assert train_and_install(folder, if_stale=True, pairs=[], settings=TOY, reference_path=path,
                             log=lines.append) == "up to date"  # no pairs: training would have failed
    assert lines == [f"The relevance model in {folder} is up to date."]


def test_a_changed_file_or_another_reference_makes_it_stale(installed, tmp_path):
    folder, path = installed
    other = tmp_path / "other.json"
    other.write_text(shifted(load_reference(path), 0.0, sha=load_reference(path).sha256).model_dump_json()
                     .replace('"a test"', '"another machine"'))
    assert not is_current(folder, other)
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in folder.iterdir():
        copy.joinpath(f.name).write_bytes(f.read_bytes())
    assert is_current(copy, path)
    with (copy / "tokenizer.json").open("ab") as f:
        f.write(b" ")
    assert not is_current(copy, path)
    assert not is_current(tmp_path / "nothing-here", path)


def test_training_again_checks_against_the_reference_and_a_failure_keeps_the_earlier_model(installed, tmp_path):
    folder, path = installed
    assert train_and_install(folder, pairs=toy_pairs(), settings=TOY, reference_path=path,
                             log=quiet) == "identical to the model measured (same SHA-256, same scores)"
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    strict = tmp_path / "strict.json"
    strict.write_text(shifted(load_reference(path), 10 * load_reference(path).tolerance).model_dump_json())
    with pytest.raises(AssistantError, match="scores differently"):
        train_and_install(folder, pairs=toy_pairs(), settings=TOY, reference_path=strict, log=quiet)
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before, "the earlier model was not kept whole"
    assert sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".relevance-")) == []


def test_an_unreadable_reference_is_named(tmp_path):
    with pytest.raises(AssistantError, match="Cannot read the relevance model's reference .*missing.json"):
        load_reference(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"sha256": "xyz"}))
    with pytest.raises(AssistantError, match="bad.json is not valid"):
        load_reference(bad)


# The real model, as `make` installs it (`python -m assistant train-relevance --if-stale`).

@pytest.mark.integration
def test_the_installed_model_is_current_and_passes_its_check():
    folder = INSTALLED_RELEVANCE
    assert is_current(folder), f"no intact relevance model checked against this release in {folder}: " \
                               f"run `make relevance`"
    manifest = json.loads((folder / relevance.MANIFEST_FILE).read_text())
    found = check(relevance.Relevance(folder), load_reference())  # raises if it scores differently
    assert found == "identical to the model measured (same SHA-256, same scores)" or \
        found.startswith("not bit for bit")
    print(f"installed relevance model: {found} (at installation: {manifest['check']})")


@pytest.mark.integration
@pytest.mark.slow
def test_the_shipped_material_gives_the_pairs_the_reference_model_learned_from(tmp_path):
    """If a shipped policy, pathway or development set changes, the model trained at set-up would learn from
    other pairs than the one measured: train it again with ``--write-reference`` and measure again."""
    from assistant.search.relevance_pairs import pairs_digest, training_pairs

    pairs = training_pairs(tmp_path, log=quiet)
    assert pairs_digest(pairs) == load_reference().pairs_digest
    with pytest.raises(ValueError, match="never train on a set that is reported on"):
        training_pairs(tmp_path / "again", dev_files=[relevance_install.REFERENCE_FILE.with_name("gold.yaml")])
