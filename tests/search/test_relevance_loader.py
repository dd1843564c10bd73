"""The relevance model in a running process: used only when on, installed, intact and passing its check against
the shipped reference; otherwise None, with the reason in words."""

from __future__ import annotations

import threading

import pytest
from helpers.support import INSTALLED_RELEVANCE
from helpers.toy_relevance import TOY, toy_pairs

from assistant.config import Settings
from assistant.search import relevance
from assistant.search.embeddings import packaged_model_dir
from assistant.search.relevance_install import is_current
from assistant.search.relevance_loader import RelevanceLoader, installed_problem, loader, relevance_for

INSTALLED = INSTALLED_RELEVANCE


def test_turned_off_it_is_not_loaded(tmp_path):
    found = RelevanceLoader(INSTALLED, enabled=False)
    assert found.get() is None
    assert found.problem == "The relevance model is turned off (ASSISTANT_RELEVANCE=false)."


def test_missing_it_says_how_to_install_it(tmp_path):
    found = RelevanceLoader(tmp_path / "relevance")
    assert found.get() is None
    assert found.problem is not None and "not installed" in found.problem and "train-relevance" in found.problem


def test_a_model_that_is_not_the_measured_one_is_refused_by_its_scores(tmp_path):
    pytest.importorskip("onnx")
    trained = relevance.train(toy_pairs(), packaged_model_dir(), TOY, log=lambda _: None)
    relevance.export(*trained, tmp_path / "toy", TOY.max_length, trained_on="toy")
    found = RelevanceLoader(tmp_path / "toy")
    assert found.get() is None
    assert found.problem is not None and "scores differently from the one measured" in found.problem
    with (tmp_path / "toy" / relevance.MODEL_FILE).open("ab") as f:
        f.write(b"\0")
    changed = RelevanceLoader(tmp_path / "toy")
    assert changed.get() is None
    assert changed.problem is not None and "relevance.onnx is missing or differs" in changed.problem


@pytest.mark.integration
def test_the_installed_model_loads_once_for_every_thread():
    assert is_current(INSTALLED), f"no relevance model installed in {INSTALLED}: run `make relevance`"
    one = RelevanceLoader(INSTALLED)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(one.get())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got[0] is not None and all(g is got[0] for g in got) and one.problem is None
    settings = Settings(relevance_dir=INSTALLED)
    assert relevance_for(settings)() is loader(INSTALLED).get()
    assert installed_problem(settings) is None
    assert installed_problem(settings.model_copy(update={"relevance": False})) == \
        "The relevance model is turned off (ASSISTANT_RELEVANCE=false)."


def test_any_failure_to_load_leaves_search_with_five_signals_and_says_why(monkeypatch):
    from assistant.search import relevance_loader

    def broken(folder):
        raise ImportError("cannot import name 'Something'")

    monkeypatch.setattr(relevance_loader, "Relevance", broken)
    found = RelevanceLoader(INSTALLED)
    assert found.get() is None
    assert found.problem is not None and "could not be loaded (ImportError: cannot import name" in found.problem


@pytest.mark.integration
@pytest.mark.parametrize("delay", [0.2, 0.5])
def test_it_loads_while_the_embedding_model_loads_in_another_thread(delay):
    """As in the app: the warm-up loads the embedding model while a page loads this, in a fresh process where
    the imports happen for the first time. Reading the tokenizer through transformers failed here whenever the
    page came 0.2 to 0.5 s after the warm-up started (transformers' lazily initialised module: "cannot import
    name 'AutoTokenizer'")."""
    import subprocess
    import sys

    from helpers.support import ROOT

    script = f"""
import threading, time
from pathlib import Path
from assistant.search.embeddings import PackagedEmbeddings
from assistant.search.relevance_loader import RelevanceLoader
loader = RelevanceLoader(Path({str(INSTALLED)!r}))
warm = threading.Thread(target=lambda: PackagedEmbeddings().embed_query("warm up"))
warm.start()
time.sleep({delay})
page = threading.Thread(target=loader.get)
page.start(); warm.join(); page.join()
print("problem:", loader.problem)
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith("problem: None"), proc.stdout + proc.stderr[-3000:]
