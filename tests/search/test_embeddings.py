"""The packaged all-MiniLM-L6-v2: pinned weights, integrity check, offline, 384-d unit vectors."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from helpers.support import PINNED_SHA256, ROOT, cli_env

from assistant.errors import ModelIntegrityError
from assistant.search.embeddings import (
    MODEL_SHA256,
    PACKAGED_MODEL,
    PackagedEmbeddings,
    file_sha256,
    packaged_model_dir,
    verify_weights,
)


def test_pinned_constant_is_the_reviewed_hash():
    assert MODEL_SHA256 == PINNED_SHA256
    assert PACKAGED_MODEL.sha256 == PINNED_SHA256
    assert PACKAGED_MODEL.name == "sentence-transformers/all-MiniLM-L6-v2"
    assert PACKAGED_MODEL.dim == 384
    assert PackagedEmbeddings.info == PACKAGED_MODEL


@pytest.mark.integration
def test_packaged_weights_have_the_pinned_sha256():
    weights = packaged_model_dir() / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    assert digest == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    assert file_sha256(weights) == digest
    verify_weights(packaged_model_dir())  # does not raise


@pytest.fixture
def copied_model_dir(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(packaged_model_dir(), copy)
    return copy


@pytest.mark.integration
def test_modified_weights_are_refused_naming_the_file(copied_model_dir):
    weights = copied_model_dir / "model.safetensors"
    with open(weights, "r+b") as fh:
        fh.seek(weights.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelIntegrityError, match=re.escape(str(weights)) + r" are not the expected file"):
        verify_weights(copied_model_dir)


@pytest.mark.integration
def test_embeddings_from_a_tampered_model_dir_never_load(copied_model_dir):
    weights = copied_model_dir / "model.safetensors"
    with open(weights, "ab") as fh:
        fh.write(b"\x00")
    embeddings = PackagedEmbeddings(model_dir=copied_model_dir)
    with pytest.raises(ModelIntegrityError, match=re.escape(str(weights))):
        embeddings.embed_query("anything")
    assert embeddings._model is None


def test_missing_weights_are_reported(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelIntegrityError, match=re.escape(str(tmp_path / "model.safetensors")) + " does not exist"):
        verify_weights(tmp_path)


def test_importing_assistant_forces_offline_mode():
    env = {**cli_env(), "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0", "ANONYMIZED_TELEMETRY": "True"}
    code = (
        "import json, os; before = {k: os.environ.get(k) for k in ('HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE')};"
        "import assistant;"
        "after = {k: os.environ.get(k) for k in ('HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'ANONYMIZED_TELEMETRY')};"
        "print(json.dumps([before, after]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60, check=True)
    before, after = json.loads(out.stdout)
    assert before == {"HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0"}
    assert after == {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


@pytest.mark.integration
def test_real_embedding_is_384_dimensional_and_unit_length(real_embeddings):
    vector = np.array(real_embeddings.embed_query("When is a child protection plan stepped down?"))
    assert vector.shape == (384,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-4)
    docs = np.array(real_embeddings.embed_documents(["Core groups meet monthly.", "Mileage is paid quarterly."]))
    assert docs.shape == (2, 384)
    assert np.linalg.norm(docs, axis=1) == pytest.approx([1.0, 1.0], abs=1e-4)


@pytest.mark.integration
def test_real_embeddings_are_deterministic_and_semantic(real_embeddings):
    a, b, c, a_again = real_embeddings.encode([
        "The service manager records the decision on Liquid Logic.",
        "The decision is recorded on Liquid Logic by the service manager.",
        "The canteen serves soup on Fridays.",
        "The service manager records the decision on Liquid Logic.",
    ])
    assert np.allclose(a, a_again, atol=1e-5)
    assert float(a @ b) > 0.8
    assert float(a @ b) > float(a @ c) + 0.4


@pytest.mark.integration
def test_warm_up_loads_the_model_in_the_background_once():
    embeddings = PackagedEmbeddings()
    after: list[bool] = []
    thread = embeddings.warm_up_in_background(then=lambda: after.append(embeddings._model is not None))
    assert thread is not None and thread.daemon
    assert embeddings.warm_up_in_background() is None  # already warming: no second load
    vector = embeddings.embed_query("a question asked while it loads")  # waits for the same load
    thread.join(timeout=120)
    assert not thread.is_alive() and embeddings._model is not None
    assert after == [True]  # ``then`` ran once, after the model was loaded
    assert len(vector) == 384


def test_a_failed_warm_up_is_logged_and_the_question_still_reports_it(tmp_path, caplog):
    embeddings = PackagedEmbeddings(model_dir=tmp_path)  # no weights here
    thread = embeddings.warm_up_in_background()
    thread.join(timeout=30)
    assert "Loading the embedding model in the background failed: ModelIntegrityError" in caplog.text
    assert str(tmp_path) not in caplog.text  # the log names the failure, not paths or text
    with pytest.raises(ModelIntegrityError, match="weights are missing"):
        embeddings.embed_query("the first real question")
