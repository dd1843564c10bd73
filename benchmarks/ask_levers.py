"""The levers for "Ask the policy" (question keys, shorthand, placeholders, a covered model), measured side by side on every question set in one run.

Development happens on gold.yaml (and, since 2026-12-02, dev_2.yaml); heldout.yaml and heldout_3.yaml are
only reported on. Covered models are fitted on the ``--fit-on`` sets (leave-one-out figures there) and applied
to the other sets without re-fitting.

    PYTHONPATH=. .venv/bin/python benchmarks/ask_levers.py [--sets gold,heldout,heldout_3] [--fit-on gold]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.search.evaluation import DISTRACTORS, Judge, eval_corpus, load_gold  # noqa: E402
from assistant.search.retrieval import rrf  # noqa: E402

SETS = {"gold": ROOT / "tests/eval/gold.yaml", "dev_2": ROOT / "tests/eval/dev_2.yaml",
        "heldout": ROOT / "tests/eval/heldout.yaml", "heldout_3": ROOT / "tests/eval/heldout_3.yaml"}
FIT_ON = ["gold"]
"""The sets covered models are fitted on (``--fit-on``)."""


@dataclass
class Row:
    qid: str
    answerable: bool
    hits: list[tuple[str, str]]
    features: dict[str, float] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="gold,heldout,heldout_3")
    parser.add_argument("--fit-on", default="gold", help="sets the covered models are fitted on (development sets)")
    args = parser.parse_args()
    FIT_ON[:] = args.fit_on.split(",")
    from assistant.search.embeddings import PackagedEmbeddings
    from assistant.search.index import PolicyIndex
    from assistant.search.question_keys import QuestionKeys
    from assistant.search.retrieval import HybridSearch
    from assistant.search.shorthand import normalise

    sets = {name: load_gold(SETS[name]) for name in args.sets.split(",")}
    embeddings = PackagedEmbeddings()
    with tempfile.TemporaryDirectory(prefix="cp-levers-") as tmp:
        corpus = eval_corpus(Settings().knowledge_dir, DISTRACTORS, Path(tmp) / "corpus")
        judge = Judge(corpus)
        settings = Settings(knowledge_dir=corpus, data_dir=Path(tmp) / "data", chroma_host=None, chroma_port=None,
                            collection="levers")
        index = PolicyIndex(settings, embeddings)
        index.sync(progress=False)
        search = HybridSearch(index, settings)
        search.refresh()
        from assistant.casework.pathways import load_pathways
        from assistant.search.question_keys import keys_from_pathways
        from assistant.search.retrieval import LexicalRanker

        pathways = list(load_pathways().values())
        keys = QuestionKeys.build(keys_from_pathways(pathways), search._texts, embeddings)
        keys_g = QuestionKeys.build(keys_from_pathways(pathways, guidance=True), search._texts, embeddings)
        print(f"{len(keys.keys)} keys", file=sys.stderr)
        ids = list(search._texts)
        short = LexicalRanker(ids, [f"{m.get('section', '')}\n{t}" for t, m in search._texts.values()], normalise)
        variants = experiment(search, keys, keys_g, short, embeddings)
        results = {v: {s: [variants[v](q) for q in qs] for s, qs in sets.items()} for v in variants}
    report(results, sets, judge)
    caution_report(results, sets, judge)


def known_words_only(ranker, question: str) -> str:
    """The question without the words no indexed passage uses (stop words kept). Measured for the dense
    query on gold.yaml: Recall@3 0.895 -> 0.807, covered decision worse: rejected."""
    kept = []
    for word in question.split():
        stems = ranker.words(word)
        if not stems or any(s in ranker._vocab for s in stems):
            kept.append(word)
    return " ".join(kept)


def strip_placeholders(q: str) -> str:
    return re.sub(r"\[[A-Z][A-Z _]*\]", " ", q)


def experiment(search, keys_plain, keys_g, lex_short, embeddings):
    texts = search._texts
    lex_plain = search._ranker()

    def hits(ids):
        return [(str(texts[c][1]["source"]), texts[c][0]) for c in ids[:10]]

    def features(q, dense, lex, keyrank, fused, query_for_bm25, lexical) -> dict[str, float]:
        top = fused[0] if fused else ""
        d_ids = [c for c, _ in dense]
        l_ids = [c for c, _ in lex]
        k_ids = [c for c, _ in keyrank]
        return {
            "dense": dense[0][1] if dense else -1.0,
            "margin": (dense[0][1] - dense[1][1]) if len(dense) > 1 else 0.0,
            "key": keyrank[0][1] if keyrank else -1.0,
            "bm25": lex[0][1] if lex else 0.0,
            "coverage": lexical.coverage(query_for_bm25, top) if top else 0.0,
            "agree": float(sum(top in ids[:3] for ids in (d_ids, l_ids, k_ids))),
        }

    def run(q, *, keys_on=False, short=False, placeholders=False, key_weight=1.0, guidance=False,
            key_max=False, known_only=False):
        text = q.question
        if placeholders:
            text = strip_placeholders(text)
        if known_only:
            text = known_words_only(lex_short, text) or text
        bm_q = search._expand(text)
        lexical = lex_short if short else lex_plain
        keys = keys_g if guidance else keys_plain
        dense = search.dense_ranking(text, 20)
        lex = lexical.rank(bm_q, 20)
        keyrank = keys.rank(embeddings.embed_query(text), 20)
        rankings = [[c for c, _ in dense], [c for c, _ in lex]]
        if key_max:
            best = dict(dense)
            for c, sim in keyrank:
                best[c] = max(best.get(c, -1.0), sim)
            rankings[0] = sorted(best, key=lambda c: (-best[c], c))[:20]
        if keys_on:
            rankings.append([c for c, _ in keyrank])
        fused = [c for c, _ in rrf(rankings)]
        if keys_on and key_weight != 1.0:
            scores = {}
            for w, ranking in zip([1.0, 1.0, key_weight], rankings):
                for r, c in enumerate(ranking, 1):
                    scores[c] = scores.get(c, 0.0) + w / (60 + r)
            fused = sorted(scores, key=lambda c: (-scores[c], c))
        return Row(q.id, q.answerable, hits(fused), features(q, dense, lex, keyrank, fused, bm_q, lexical))

    return {
        "today": lambda q: run(q),
        "+placeholders": lambda q: run(q, placeholders=True),
        "+shorthand": lambda q: run(q, placeholders=True, short=True),
        "+keys": lambda q: run(q, placeholders=True, short=True, keys_on=True),
        "+known words only": lambda q: run(q, placeholders=True, short=True, known_only=True),
        "+keys x0.5": lambda q: run(q, placeholders=True, short=True, keys_on=True, key_weight=0.5),
        "keys only (no shorthand)": lambda q: run(q, placeholders=True, keys_on=True),
        "+keys as max with dense": lambda q: run(q, placeholders=True, short=True, key_max=True),
        "+keys+guidance": lambda q: run(q, placeholders=True, short=True, keys_on=True, guidance=True),
    }


def recall(rows: list[Row], qs, judge) -> tuple[int, int]:
    by = {q.id: q for q in qs}
    got = 0
    n = 0
    for r in rows:
        if not r.answerable:
            continue
        n += 1
        got += any(judge.is_hit(by[r.qid], s, t) for s, t in r.hits[:3])
    return got, n


FEATURE_SETS = {
    "dense>=0.47 (today)": None,
    "LR dense": ["dense"],
    "LR dense+key": ["dense", "key"],
    "LR dense+key+coverage": ["dense", "key", "coverage"],
    "LR all": ["dense", "margin", "key", "bm25", "coverage", "agree"],
    "LR dense+coverage": ["dense", "coverage"],
    "LR all but bm25": ["dense", "margin", "key", "coverage", "agree"],
}


def fit(x, y):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced")).fit(x, y)


def report(results, sets, judge) -> None:
    print("Recall@3 (hits / answerable)")
    print("| variant | " + " | ".join(sets) + " |")
    for v, per in results.items():
        cells = []
        for s, qs in sets.items():
            got, n = recall(per[s], qs, judge)
            cells.append(f"{got}/{n} ({got / n:.3f})")
        print(f"| {v} | " + " | ".join(cells) + " |")
    print()
    print(f"Covered decision (answerable refused / uncovered accepted); LR fitted on {'+'.join(FIT_ON)}, LOO there "
          "in brackets")
    for v, per in results.items():
        if not all(f in per for f in FIT_ON):
            continue
        for fname, feats in FEATURE_SETS.items():
            cells = []
            if feats is None:
                for rows in per.values():
                    ref = sum(r.answerable and r.features["dense"] < 0.47 for r in rows)
                    acc = sum((not r.answerable) and r.features["dense"] >= 0.47 for r in rows)
                    cells.append(f"{ref}/{sum(r.answerable for r in rows)} / {acc}/{sum(not r.answerable for r in rows)}")
                print(f"| {v} | {fname} | " + " | ".join(cells) + " |")
                continue
            gold = [r for name in FIT_ON for r in per[name]]
            x = np.array([[r.features[f] for f in feats] for r in gold])
            y = np.array([r.answerable for r in gold])
            model = fit(x, y)
            loo_wrong = 0
            for i in range(len(gold)):
                m = fit(np.delete(x, i, 0), np.delete(y, i))
                loo_wrong += bool(m.predict(x[i:i + 1])[0]) != y[i]
            for rows in per.values():
                xs = np.array([[r.features[f] for f in feats] for r in rows])
                p = model.predict_proba(xs)[:, 1]
                ref = sum(r.answerable and pi < 0.5 for r, pi in zip(rows, p))
                acc = sum((not r.answerable) and pi >= 0.5 for r, pi in zip(rows, p))
                cells.append(f"{ref}/{sum(r.answerable for r in rows)} / {acc}/{sum(not r.answerable for r in rows)}")
            print(f"| {v} | {fname} (LOO wrong {loo_wrong}/{len(gold)}) | " + " | ".join(cells) + " |")



CHOSEN = ("+shorthand", "LR all but bm25")
"""The ranking stays today's fusion (the keys in the fusion gained one question on heldout.yaml and lost
one on heldout_3.yaml: rejected); the covered model was chosen on gold.yaml alone."""


def caution_report(results, sets, judge, bands=(0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)) -> None:
    """For the chosen variant: how often a caution below each confidence would show on right and on wrong
    accepted answers (wrong: an uncovered question accepted, or an answerable one whose top 3 miss)."""
    variant, fname = CHOSEN
    feats = FEATURE_SETS[fname]
    gold = [r for name in FIT_ON for r in results[variant][name]]
    model = fit(np.array([[r.features[f] for f in feats] for r in gold]), np.array([r.answerable for r in gold]))
    print(f"\nCaution for {variant} / {fname}: shown on right answers / shown on wrong accepted answers")
    print("| caution below | " + " | ".join(sets) + " |")
    for band in bands:
        cells = []
        for s, qs in sets.items():
            by = {q.id: q for q in qs}
            rows = results[variant][s]
            p = model.predict_proba(np.array([[r.features[f] for f in feats] for r in rows]))[:, 1]
            right = wrong = right_c = wrong_c = 0
            for r, pi in zip(rows, p):
                if pi < 0.5:
                    continue
                ok = r.answerable and any(judge.is_hit(by[r.qid], src, t) for src, t in r.hits[:3])
                right += ok
                wrong += not ok
                right_c += ok and pi < band
                wrong_c += (not ok) and pi < band
            cells.append(f"{right_c}/{right} / {wrong_c}/{wrong}")
        print(f"| {band} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
