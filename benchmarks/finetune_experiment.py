"""An experiment: fine-tune the packaged encoder on the pathways' item -> cited passage pairs,
then measure it beside the packaged one on the three question sets (covered model re-fitted on gold.yaml
for each encoder). Measured, not shipped: docs/decisions/0015-covered-from-several-signals.md.

Training reads only the pathways and the knowledge folder (never a question set): 87 pairs, in-batch
negatives (multiple-negatives ranking loss, scale 20), AdamW 2e-5, batch 16, seed 0, about 30 s an
epoch on 2 cores.

    PYTHONPATH=. .venv/bin/python benchmarks/finetune_experiment.py --epochs 1 3
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np


def finetune(epochs: int, out: Path) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.config import Settings
    from assistant.search.embeddings import PackagedEmbeddings, packaged_model_dir
    from assistant.search.index import PolicyIndex
    from assistant.search.retrieval import HybridSearch

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory(prefix="cp-ft-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")  # the knowledge folder alone
        index = PolicyIndex(settings, PackagedEmbeddings())
        index.sync(progress=False)
        search = HybridSearch(index, settings)
        search.refresh()
        assert search._keys is not None
        pairs = [(k.text, search._texts[cid][0]) for k, targets in zip(search._keys.keys, search._keys.targets)
                 for cid in targets]
    model = SentenceTransformer(str(packaged_model_dir()), device="cpu", local_files_only=True)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    started = time.time()
    for epoch in range(epochs):
        random.shuffle(pairs)
        for i in range(0, len(pairs), 16):
            batch = pairs[i:i + 16]
            if len(batch) < 2:
                continue
            a = torch.nn.functional.normalize(model(model.tokenize([q for q, _ in batch]))["sentence_embedding"], dim=-1)
            b = torch.nn.functional.normalize(model(model.tokenize([p for _, p in batch]))["sentence_embedding"], dim=-1)
            texts = [p for _, p in batch]
            same = torch.tensor([[texts[r] == texts[c] and r != c for c in range(len(batch))] for r in range(len(batch))])
            sim = (a @ b.T * 20.0).masked_fill(same, -1e4)  # one passage twice in a batch is no negative
            loss = torch.nn.functional.cross_entropy(sim, torch.arange(len(batch)))
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1}/{epochs}: {len(pairs)} pairs, loss {loss.item():.3f}, {time.time() - started:.0f} s")
    model.eval()
    model.save(str(out))
    return out


def measure(encoders: dict) -> None:
    from assistant.config import Settings
    from assistant.search.covered import fit_covered_model
    from assistant.search.evaluation import (
        DISTRACTORS,
        GOLD_FILE,
        HELDOUT_3_FILE,
        HELDOUT_FILE,
        Judge,
        eval_corpus,
        load_gold,
        run_pipeline,
        score,
    )

    sets = {"gold": load_gold(GOLD_FILE), "heldout": load_gold(HELDOUT_FILE), "heldout_3": load_gold(HELDOUT_3_FILE)}
    print("| encoder | " + " | ".join(f"{s}: Recall@3, MRR@10, refused, accepted" for s in sets) + " |")
    with tempfile.TemporaryDirectory(prefix="cp-ft-eval-") as tmp:
        corpus = eval_corpus(Settings().knowledge_dir, DISTRACTORS, Path(tmp) / "corpus")
        judge = Judge(corpus)
        for name, emb in encoders.items():
            ranked = {s: run_pipeline(qs, corpus, Path(tmp) / f"{name}-{s}", 800, emb) for s, qs in sets.items()}
            gold = sets["gold"]
            model = fit_covered_model([ranked["gold"][q.id].signals for q in gold], [q.answerable for q in gold],
                                      "gold")
            cells = []
            for s, qs in sets.items():
                for q in qs:
                    ranked[s][q.id].signal = model.confidence(ranked[s][q.id].signals)
                m = score(s, qs, ranked[s], judge, 0.5)
                cells.append(f"{m.recall_at_3:.3f}, {m.mrr_at_10:.3f}, {m.answerable_refused}/{m.n_answerable}, "
                             f"{m.uncovered_accepted}/{m.n_uncovered}")
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    from assistant.search.embeddings import PackagedEmbeddings, file_sha256

    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    encoders: dict = {"packaged": PackagedEmbeddings()}
    with tempfile.TemporaryDirectory(prefix="cp-ft-models-") as tmp:
        for epochs in args.epochs:
            folder = finetune(epochs, Path(tmp) / f"finetuned-{epochs}")

            class Candidate(PackagedEmbeddings):
                info = replace(PackagedEmbeddings.info, name=folder.name,
                               sha256=file_sha256(folder / "model.safetensors"))

            encoders[f"fine-tuned, {epochs} epoch(s)"] = Candidate(model_dir=folder)
        measure(encoders)


if __name__ == "__main__":
    main()
