"""An experiment: a cross-encoder (question and passage read together) trained here from the packaged
encoder's weights, as a sixth covered signal and as a re-ranker, measured beside the shipped pipeline.

No question-passage model can be installed (docs/decisions/0015-covered-from-several-signals.md), so this
trains one: the packaged MiniLM weights (the first ``--layers`` of its 6) with a new one-number head reading
the mean of the tokens' states (``--pooling mean``; ``cls``, transformers' ``AutoModelForSequenceClassification``,
was used by the first runs and never learned: ``relevance_model``), binary cross-entropy weighted so that
positives and negatives count alike, AdamW, batch 16. Each epoch prints its mean loss beside the loss of a
model that learned nothing.
Training pairs, from development material only:
- each pathway item's question -> the passages it cites (positive) and the five best-fused other passages
  of the knowledge folder for it (negative);
- each answerable question of the ``--dev`` sets -> the passages among its top 10 that hold its answer
  (positive) and six that do not (negative); each uncovered one -> its top 5 (negative).
Never ``gold.yaml`` (the covered model is fitted there), never the held-out sets.

Rules fixed before the first run: the cross-encoder's covered signal ships only if the covered model
fitted on gold with it makes fewer leave-one-out errors on gold than the shipped five signals and no
more errors (answerable refused + uncovered accepted) on either held-out set; its re-ranking ships only if
it gains Recall@3 hits on gold and loses none on either held-out set; either only within the 50 ms warm
query p95 (first run, 2026-12-02: the best of the top 3 took 195 ms median, so the faster variants in
``SIGNALS`` were added and measured in a second run, their choice again on gold only).

    PYTHONPATH=. .venv/bin/python benchmarks/cross_encoder_experiment.py

runs the defaults (3 layers, 192 tokens, learning rate 1e-4, 4 epochs, dev_2 and dev_3, mean pooling); the
first runs were ``--layers 6 --max-length 320 --lr 2e-5 --epochs 2 --dev dev_2 --pooling cls``.

The ONNX Runtime variant needs the ``onnx`` package (for the export and ONNX Runtime's quantiser), which the
project does not install: ``pip install --target <folder> onnx==1.23.2`` (then remove the numpy it brings),
and put the folder last on the path (``EXTRA_PATH=<folder>``).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np

SEED = 0
MAX_LENGTH = 192
"""Tokens of question and passage read together (``--max-length``); fewer is faster."""
SIGNALS = {
    "cross-encoder, best of top 3": ("full", 3),
    "cross-encoder, top 1": ("full", 1),
    "cross-encoder 8-bit, best of top 3": ("8-bit", 3),
    "cross-encoder 8-bit, top 1": ("8-bit", 1),
    "cross-encoder in ONNX Runtime 8-bit, top 1": ("onnx 8-bit", 1),
}
"""Each covered signal measured: which model (as trained, or quantised) on how many of the fused top passages."""


def development_pairs(tmp: Path, dev_files: list[Path]) -> list[tuple[str, str, float]]:
    from assistant.config import Settings
    from assistant.search.embeddings import PackagedEmbeddings
    from assistant.search.evaluation import DISTRACTORS, Judge, eval_corpus, load_gold, run_pipeline
    from assistant.search.index import PolicyIndex
    from assistant.search.retrieval import HybridSearch

    embeddings = PackagedEmbeddings()
    pairs: list[tuple[str, str, float]] = []
    settings = Settings(data_dir=tmp / "knowledge-only")
    index = PolicyIndex(settings, embeddings)
    index.sync(progress=False)
    search = HybridSearch(index, settings)
    search.refresh()
    assert search._keys is not None
    for key, targets in zip(search._keys.keys, search._keys.targets):
        for cid in targets:
            pairs.append((key.text, search._texts[cid][0], 1.0))
        fused, _, _ = search.analyse(key.text)
        negatives = [cid for cid, _ in fused if cid not in targets][:5]
        pairs += [(key.text, search._texts[cid][0], 0.0) for cid in negatives]
    items = len(pairs)
    corpus = eval_corpus(settings.knowledge_dir, DISTRACTORS, tmp / "corpus")
    judge = Judge(corpus)
    dev = [q for path in dev_files for q in load_gold(path)]
    ranked = run_pipeline(dev, corpus, tmp / "dev", 800, embeddings)
    for q in dev:
        hits = ranked[q.id].hits
        if q.answerable:
            good = [text for source, text in hits if judge.is_hit(q, source, text)]
            bad = [text for source, text in hits if not judge.is_hit(q, source, text)][:6]
            pairs += [(q.question, t, 1.0) for t in good] + [(q.question, t, 0.0) for t in bad]
        else:
            pairs += [(q.question, t, 0.0) for _, t in hits[:5]]
    print(f"training pairs: {items} from the pathways' items, {len(pairs) - items} from "
          f"{', '.join(path.stem for path in dev_files)} "
          f"({sum(p[2] for p in pairs):.0f} positive of {len(pairs)})", flush=True)
    return pairs


def relevance_model(folder: str, pooling: str):
    """The packaged encoder with a new one-number head. ``cls``: transformers' sequence classifier (its pooler and
    head read the first token, which the packaged sentence encoder never trained: its output barely depends on the
    input, and training did not move it, 2026-12-02). ``mean``: the head reads the mean of all tokens' states, the
    pooling the encoder was trained with."""
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification

    class Cls(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=1, local_files_only=True)
            self.encoder = self.inner.bert

        def forward(self, input_ids, token_type_ids=None, attention_mask=None):
            return self.inner(input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask).logits

    class Mean(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(folder, local_files_only=True)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, token_type_ids=None, attention_mask=None):
            states = self.encoder(input_ids=input_ids, token_type_ids=token_type_ids,
                                  attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return self.head((states * mask).sum(1) / mask.sum(1))

    return {"cls": Cls, "mean": Mean}[pooling]()


def train(pairs: list[tuple[str, str, float]], epochs: int, layers: int | None = 3, lr: float = 1e-4,
          pooling: str = "mean"):
    import torch
    from transformers import AutoTokenizer

    from assistant.search.embeddings import packaged_model_dir

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    folder = str(packaged_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = relevance_model(folder, pooling)
    if layers is not None:  # keep the first layers only: each costs the same time
        model.encoder.encoder.layer = model.encoder.encoder.layer[:layers]
        model.encoder.config.num_hidden_layers = layers
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    positives = sum(p[2] for p in pairs)
    weight = (len(pairs) - positives) / positives
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(weight))
    chance = 2 * np.log(2) * (len(pairs) - positives) / len(pairs)  # every pair scored 0: the loss learns nothing
    print(f"loss of a model that learned nothing: {chance:.3f}", flush=True)
    started = time.time()
    for epoch in range(epochs):
        random.shuffle(pairs)
        losses = []
        for i in range(0, len(pairs), 16):
            batch = pairs[i:i + 16]
            enc = tokenizer([q for q, _, _ in batch], [p for _, p, _ in batch], truncation=True,
                            max_length=MAX_LENGTH, padding=True, return_tensors="pt")
            logits = model(**enc).squeeze(-1)
            loss = loss_fn(logits, torch.tensor([y for _, _, y in batch]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        print(f"epoch {epoch + 1}/{epochs}: loss {loss.item():.3f} (last batch), {np.mean(losses):.3f} (mean), "
              f"{time.time() - started:.0f} s", flush=True)
    model.eval()
    return tokenizer, model


def scorer(tokenizer, model):
    import torch

    def score(question: str, passages: list[str]) -> list[float]:
        with torch.inference_mode():
            enc = tokenizer([question] * len(passages), passages, truncation=True, max_length=MAX_LENGTH,
                            padding=True, return_tensors="pt")
            return model(**enc).squeeze(-1).tolist()
    return score


def quantised(model):
    """The same model with its linear layers in 8-bit integers (torch's dynamic quantisation): faster on CPU."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def onnx_scorer(tokenizer, model, folder: Path):
    """The model exported to ONNX, its weights quantised to 8 bits by ONNX Runtime, run by ONNX Runtime (one
    thread, as the query encoder runs). Needs the ``onnx`` package, which the project does not install."""
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sample = tokenizer(["a question"], ["a passage"], return_tensors="pt")
    names = list(sample.keys())
    plain, small = folder / "cross-encoder.onnx", folder / "cross-encoder-8bit.onnx"
    torch.onnx.export(model, tuple(sample[n] for n in names), str(plain), input_names=names, output_names=["logits"],
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(plain), str(small), weight_type=QuantType.QInt8)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(small), options, providers=["CPUExecutionProvider"])

    def score(question: str, passages: list[str]) -> list[float]:
        enc = tokenizer([question] * len(passages), passages, truncation=True, max_length=MAX_LENGTH,
                        padding=True, return_tensors="np")
        return session.run(None, {n: enc[n] for n in names})[0][:, 0].tolist()
    return score


def measure(scores: dict) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from assistant.config import Settings
    from assistant.search.covered import FEATURES
    from assistant.search.embeddings import PackagedEmbeddings
    from assistant.search.evaluation import (
        DISTRACTORS,
        GOLD_FILE,
        HELDOUT_3_FILE,
        HELDOUT_FILE,
        Judge,
        eval_corpus,
        load_gold,
        run_pipeline,
    )

    sets = {"gold": load_gold(GOLD_FILE), "heldout": load_gold(HELDOUT_FILE), "heldout_3": load_gold(HELDOUT_3_FILE)}
    embeddings = PackagedEmbeddings()
    rows: dict[str, list[dict]] = {}
    timings: dict[str, list[float]] = {name: [] for name in SIGNALS}
    with tempfile.TemporaryDirectory(prefix="cp-ce-eval-") as tmp:
        corpus = eval_corpus(Settings().knowledge_dir, DISTRACTORS, Path(tmp) / "corpus")
        judge = Judge(corpus)
        for name, qs in sets.items():
            ranked = run_pipeline(qs, corpus, Path(tmp) / name, 800, embeddings)
            rows[name] = []
            for q in qs:
                r = ranked[q.id]
                row = {"answerable": q.answerable, "signals": [r.signals.as_dict()[f] for f in FEATURES]}
                for signal, (model, top) in SIGNALS.items():
                    started = time.perf_counter()
                    row[signal] = max(scores[model](q.question, [t for _, t in r.hits[:top]]))
                    timings[signal].append(time.perf_counter() - started)
                top10 = scores["full"](q.question, [t for _, t in r.hits[:10]])
                hit = [q.answerable and judge.is_hit(q, s, t) for s, t in r.hits[:10]]
                reranked = sorted(range(len(top10)), key=lambda i: -top10[i])
                row.update(hit3=any(hit[:3]), rerank_hit3=any(hit[i] for i in reranked[:3]))
                rows[name].append(row)
    for signal, spent in timings.items():
        print(f"{signal}: median {np.median(spent) * 1000:.0f} ms, p95 {np.percentile(spent, 95) * 1000:.0f} ms "
              f"per question", flush=True)

    def features(row: dict, signal: str | None) -> list[float]:
        return row["signals"] + ([row[signal]] if signal else [])

    def fit(train_rows: list[dict], signal: str | None):
        x = np.array([features(r, signal) for r in train_rows])
        y = np.array([r["answerable"] for r in train_rows])
        scaler = StandardScaler().fit(x)
        lr = LogisticRegression(C=1.0, class_weight="balanced").fit(scaler.transform(x), y)
        return lambda row: lr.predict_proba(scaler.transform([features(row, signal)]))[0, 1]

    print("| covered decision | gold LOO errors | " + " | ".join(f"{s}: refused, accepted" for s in sets) + " |")
    print("|---|---|" + "---|" * len(sets))
    for label, with_ce in (("five signals (shipped)", None),
                           *((f"five signals + {signal}", signal) for signal in SIGNALS)):
        gold = rows["gold"]
        loo = sum((fit(gold[:i] + gold[i + 1:], with_ce)(row) >= 0.5) != row["answerable"]
                  for i, row in enumerate(gold))
        model = fit(gold, with_ce)
        cells = []
        for rs in rows.values():
            refused = sum(1 for r in rs if r["answerable"] and model(r) < 0.5)
            accepted = sum(1 for r in rs if not r["answerable"] and model(r) >= 0.5)
            cells.append(f"{refused}/{sum(r['answerable'] for r in rs)}, {accepted}/{sum(not r['answerable'] for r in rs)}")
        print(f"| {label} | {loo}/{len(gold)} | " + " | ".join(cells) + " |", flush=True)
    print()
    print("| Recall@3 hits | " + " | ".join(sets) + " |")
    print("|---|" + "---|" * len(sets))
    for label, field in (("fused (shipped)", "hit3"), ("re-ranked by the cross-encoder", "rerank_hit3")):
        print(f"| {label} | " + " | ".join(
            f"{sum(r[field] for r in rs)}/{sum(r['answerable'] for r in rs)}" for rs in rows.values()) + " |")


def main() -> None:
    global MAX_LENGTH, SEED
    import os
    import sys

    if os.environ.get("EXTRA_PATH"):
        sys.path.append(os.environ["EXTRA_PATH"])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--layers", type=int, default=3, help="keep only the first N of the encoder's 6 layers")
    parser.add_argument("--seed", type=int, default=SEED, help="seed for the head's weights and the shuffling")
    parser.add_argument("--pooling", choices=("mean", "cls"), default="mean",
                        help="what the head reads: the mean of the tokens' states, or the first token (the first runs)")
    parser.add_argument("--lr", type=float, default=1e-4, help="AdamW's learning rate")
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH, help="tokens read per question and passage")
    parser.add_argument("--dev", default="dev_2,dev_3", help="development sets to train on, comma-separated (tests/eval)")
    args = parser.parse_args()
    MAX_LENGTH, SEED = args.max_length, args.seed
    from assistant.search.evaluation import DISTRACTORS
    dev_files = [DISTRACTORS.parent / f"{name}.yaml" for name in args.dev.split(",")]
    if {"gold", "heldout", "heldout_3"} & {path.stem for path in dev_files}:
        parser.error("--dev takes development sets only: gold.yaml fits the covered model, the held-out sets are reported on")
    print(f"--seed {args.seed} --epochs {args.epochs} --layers {args.layers} --lr {args.lr} --max-length {args.max_length} --dev {args.dev} "
          f"--pooling {args.pooling}")
    with tempfile.TemporaryDirectory(prefix="cp-ce-") as tmp:
        pairs = development_pairs(Path(tmp), dev_files)
    tokenizer, model = train(pairs, args.epochs, args.layers, args.lr, args.pooling)
    with tempfile.TemporaryDirectory(prefix="cp-ce-onnx-") as tmp:
        scores = {"full": scorer(tokenizer, model), "onnx 8-bit": onnx_scorer(tokenizer, model, Path(tmp)),
                  "8-bit": scorer(tokenizer, quantised(model))}
        measure(scores)


if __name__ == "__main__":
    main()
