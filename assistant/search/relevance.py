"""A relevance model: reads a question and a passage together and scores how well the passage answers it.

The packaged sentence encoder's first layers with a one-number head on the mean of the tokens' states (the
pooling the encoder was trained with; a head on the first token never learned here, decision 0015), trained
on question -> passage pairs, exported to ONNX with 8-bit weights and run by ONNX Runtime on one thread.

``python -m assistant train-relevance`` trains it at set-up (``relevance_install.py``); the search reads its score
of the best passage as a sixth covered signal (docs/decisions/0015-covered-from-several-signals.md).
Training and export need torch, transformers and ``onnx``; scoring needs only ONNX Runtime and the tokenizer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError

MODEL_FILE = "relevance.onnx"
MANIFEST_FILE = "relevance.json"
INPUTS = ("input_ids", "token_type_ids", "attention_mask")


@dataclass(frozen=True)
class TrainingSettings:
    layers: int = 3
    """How many of the encoder's 6 layers to keep: each costs the same time."""
    max_length: int = 192
    """Tokens of question and passage read together."""
    epochs: int = 4
    lr: float = 1e-4
    batch: int = 16
    seed: int = 0
    threads: int = 2
    """torch's threads while training: fixed, because the order in which threads add up changes the last bits."""


Pair = tuple[str, str, float]
"""A question, a passage, and 1.0 if the passage answers the question, else 0.0."""


def _mean_head(folder: str, layers: int) -> Any:
    import torch
    from transformers import AutoModel

    class MeanHead(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(folder, local_files_only=True)
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, token_type_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, token_type_ids=token_type_ids,
                                  attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return self.head((states * mask).sum(1) / mask.sum(1))

    return MeanHead()


def chance_loss(pairs: Sequence[Pair]) -> float:
    """The training loss of a model that scores every pair alike (positives and negatives weighted to count
    alike): a mean loss that stays here means nothing was learned."""
    negatives = sum(1 for *_, label in pairs if label < 0.5)
    return float(2 * np.log(2) * negatives / len(pairs))


def train(pairs: Sequence[Pair], encoder_dir: Path, settings: TrainingSettings = TrainingSettings(),
          log: Callable[[str], None] = print) -> tuple[Any, Any]:
    """Train on ``pairs``; returns (tokenizer, model). Seeded: the same pairs and settings give the same model."""
    import torch
    from transformers import AutoTokenizer

    positives = sum(1 for *_, label in pairs if label >= 0.5)
    if not 0 < positives < len(pairs):
        raise AssistantError(f"Training the relevance model needs both answering and non-answering pairs "
                             f"(got {positives} answering of {len(pairs)}).")
    torch.set_num_threads(settings.threads)
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir), local_files_only=True)
    model = _mean_head(str(encoder_dir), settings.layers)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=settings.lr)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(pairs) - positives) / positives))
    order = list(pairs)
    started = time.time()
    log(f"{len(pairs)} pairs ({positives} answering); loss of a model that learned nothing: {chance_loss(pairs):.3f}")
    for epoch in range(settings.epochs):
        random.shuffle(order)
        losses = []
        for i in range(0, len(order), settings.batch):
            batch = order[i:i + settings.batch]
            enc = tokenizer([q for q, _, _ in batch], [p for _, p, _ in batch], truncation=True,
                            max_length=settings.max_length, padding=True, return_tensors="pt")
            logits = model(**{name: enc[name] for name in INPUTS}).squeeze(-1)
            loss = loss_fn(logits, torch.tensor([label for *_, label in batch]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        log(f"epoch {epoch + 1}/{settings.epochs}: mean loss {np.mean(losses):.3f}, {time.time() - started:.0f} s")
    model.eval()
    return tokenizer, model


def torch_scorer(tokenizer: Any, model: Any, max_length: int) -> Callable[[str, Sequence[str]], list[float]]:
    """Scores with the model as trained (full precision, torch)."""
    import torch

    def score(question: str, passages: Sequence[str]) -> list[float]:
        with torch.inference_mode():
            enc = tokenizer([question] * len(passages), list(passages), truncation=True, max_length=max_length,
                            padding=True, return_tensors="pt")
            return model(**{name: enc[name] for name in INPUTS}).squeeze(-1).tolist()
    return score


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(tokenizer: Any, model: Any, folder: Path, max_length: int, trained_on: str,
           accept: Callable[[Path], dict[str, Any]] | None = None) -> Path:
    """Write the model to ``folder`` as ONNX with 8-bit weights (ONNX Runtime's dynamic quantisation), its
    tokenizer, and a manifest with every file's SHA-256. Written beside and moved into place, so a failure
    leaves any earlier model as it was. ``accept`` sees the written folder before it is moved into place: it
    raises to keep the earlier model, or returns further fields for the manifest."""
    import tempfile
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".relevance-", dir=folder.parent) as tmp:
        work = Path(tmp)
        sample = tokenizer(["a question"], ["a passage"], return_tensors="pt")
        plain = work / "plain.onnx"
        with warnings.catch_warnings():  # the tracer's notes on code paths a padded batch never takes
            warnings.simplefilter("ignore")
            torch.onnx.export(model, tuple(sample[n] for n in INPUTS), str(plain), input_names=list(INPUTS),
                              output_names=["score"], opset_version=17, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"} for n in INPUTS} | {"score": {0: "batch"}})
        out = work / "model"
        out.mkdir()
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice to pre-process first, logged on the root logger: not needed here
        try:
            quantize_dynamic(str(plain), str(out / MODEL_FILE), weight_type=QuantType.QInt8)
        finally:
            root.setLevel(level)
        tokenizer.save_pretrained(str(out))
        files = {p.name: file_sha256(p) for p in sorted(out.iterdir()) if p.is_file()}
        manifest = {"files": files, "max_length": max_length, "trained_on": trained_on}
        (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if accept is not None:
            manifest |= accept(out)
            (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = work / "old"
        if folder.exists():
            folder.rename(old)
        try:
            out.rename(folder)
        except OSError:
            if old.exists():
                old.rename(folder)
            raise
    return folder / MODEL_FILE


class Relevance:
    """The exported model, loaded once: ``score(question, passages)`` gives one number a passage (higher: more
    likely to answer)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime

        manifest_path = folder / MANIFEST_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            files: dict[str, str] = manifest["files"]
            self.max_length = int(manifest["max_length"])
            self.manifest: dict[str, Any] = manifest
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AssistantError(f"The relevance model in {folder} cannot be used: {manifest_path.name} is missing "
                                 f"or unreadable ({exc}). Train it again.") from exc
        for name, digest in files.items():
            path = folder / name
            if not path.is_file() or file_sha256(path) != digest:
                raise AssistantError(f"The relevance model in {folder} cannot be used: {name} is missing or "
                                     f"differs from the file that was trained. Train it again.")
        if MODEL_FILE not in files:
            raise AssistantError(f"The relevance model in {folder} cannot be used: its manifest lists no {MODEL_FILE}.")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = pair_tokenizer(folder / "tokenizer.json", self.max_length)

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        encodings = self._tokenizer.encode_batch([(question, p) for p in passages])
        inputs = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                  "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
                  "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}
        return self._session.run(None, inputs)[0][:, 0].tolist()


def pair_tokenizer(path: Path, max_length: int) -> Any:
    """The saved fast tokenizer read by the ``tokenizers`` library itself, set as training's tokenizer call was
    (``truncation=True``: longest first, to ``max_length``; padded to the longest in the batch). Not through
    transformers: its lazily initialised module fails to import from two threads at once (the app's warm-up
    loads the embedding model while a page loads this), and it is not needed to score."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
    return tokenizer
