"""The relevance model's training pairs: question -> passage, 1.0 where the passage answers the question.

Built from the shipped development material only, never from a set anything is reported on:
- each pathway item's question -> the passages it cites (answering) and the five best-fused other passages of
  the knowledge folder for it (not answering);
- each answerable question of the development sets (``tests/eval/dev_2.yaml``, ``dev_3.yaml``) -> the passages
  among its fused top 10 that hold its answer (answering) and six that do not; each uncovered one -> its top 5
  (not answering), searched in the knowledge folder with the evaluation's distractor documents.
``gold.yaml`` fits the covered model and the held-out sets are reported on, so neither is ever used here.

Always the shipped folders (``knowledge/``, ``prompts/pathways/``), whatever ``ASSISTANT_KNOWLEDGE_DIR`` says: the
model is checked against the one measured here (``relevance_check.py``), so it must learn from the same pairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings
from assistant.search.relevance import Pair

SHIPPED_KNOWLEDGE = PROJECT_ROOT / "knowledge"
SHIPPED_PATHWAYS = PROJECT_ROOT / "prompts" / "pathways"
EVAL_DIR = PROJECT_ROOT / "tests" / "eval"
DEVELOPMENT_SETS = (EVAL_DIR / "dev_2.yaml", EVAL_DIR / "dev_3.yaml")
REPORTED_SETS = frozenset({"gold", "heldout", "heldout_3"})


def training_pairs(work: Path, dev_files: Sequence[Path] = DEVELOPMENT_SETS,
                   log: Callable[[str], None] = print) -> list[Pair]:
    """The pairs, in a fixed order (``work``: an empty folder for the indexes built on the way)."""
    from assistant.search.embeddings import PackagedEmbeddings
    from assistant.search.evaluation import DISTRACTORS, Judge, eval_corpus, load_gold, run_pipeline
    from assistant.search.index import PolicyIndex
    from assistant.search.retrieval import HybridSearch

    reported = REPORTED_SETS & {Path(p).stem for p in dev_files}
    if reported:
        raise ValueError(f"{', '.join(sorted(reported))}: never train on a set that is reported on or fits the "
                         f"covered model")
    embeddings = PackagedEmbeddings()
    pairs: list[Pair] = []
    settings = Settings(knowledge_dir=SHIPPED_KNOWLEDGE, pathways_dir=SHIPPED_PATHWAYS,
                        data_dir=work / "knowledge-only", chroma_host=None, chroma_port=None)
    index = PolicyIndex(settings, embeddings)
    index.sync(progress=False)
    search = HybridSearch(index, settings)
    search.refresh()
    keys = search.question_keys()
    for key, targets in zip(keys.keys, keys.targets) if keys else ():
        for cid in targets:
            pairs.append((key.text, search.passage_text(cid), 1.0))
        fused, _, _ = search.analyse(key.text)
        negatives = [cid for cid, _ in fused if cid not in targets][:5]
        pairs += [(key.text, search.passage_text(cid), 0.0) for cid in negatives]
    items = len(pairs)
    corpus = eval_corpus(SHIPPED_KNOWLEDGE, DISTRACTORS, work / "corpus")
    judge = Judge(corpus)
    dev = [q for path in dev_files for q in load_gold(path)]
    ranked = run_pipeline(dev, corpus, work / "dev", 800, embeddings)
    for q in dev:
        hits = ranked[q.id].hits
        if q.answerable:
            good = [text for source, text in hits if judge.is_hit(q, source, text)]
            bad = [text for source, text in hits if not judge.is_hit(q, source, text)][:6]
            pairs += [(q.question, t, 1.0) for t in good] + [(q.question, t, 0.0) for t in bad]
        else:
            pairs += [(q.question, t, 0.0) for _, t in hits[:5]]
    log(f"training pairs: {items} from the pathways' items, {len(pairs) - items} from "
        f"{', '.join(Path(p).stem for p in dev_files)} ({sum(p[2] for p in pairs):.0f} answering of {len(pairs)})")
    return pairs


def pairs_digest(pairs: Sequence[Pair]) -> str:
    """SHA-256 of the pairs in order: two trainings from equal digests learned from the same material."""
    h = hashlib.sha256()
    for question, passage, label in pairs:
        h.update(f"{question}\x1f{passage}\x1f{label}\x1e".encode())
    return h.hexdigest()
