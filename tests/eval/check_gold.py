"""Sanity check for the retrieval gold set (tests/eval/gold.yaml).

Run from anywhere:  python tests/eval/check_gold.py
Exits non-zero and lists every problem found if the gold set is invalid.
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KNOWLEDGE = ROOT / "knowledge"
DISTRACTORS = HERE / "distractors"
GOLD = HERE / "gold.yaml"

MIN_ANSWERABLE = 46
MIN_UNCOVERED = 10
ID_PREFIX = {
    "sd": "step-down-and-repeat-plans.md",
    "rp": "step-down-and-repeat-plans.md",
    "lp": "long-plans-over-2-years.md",
}


def split_front_matter(text):
    """Return (front_matter_text, body) where body is everything after the
    closing '---' line of a leading YAML front matter block."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return "", text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:])
    raise ValueError("front matter is not closed")


def main():
    errors = []
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    if not isinstance(gold, dict):
        print("FAIL: gold.yaml is not a mapping")
        return 1
    answerable = gold.get("answerable") or []
    uncovered = gold.get("uncovered") or []

    if len(answerable) < MIN_ANSWERABLE:
        errors.append(f"only {len(answerable)} answerable items (need >= {MIN_ANSWERABLE})")
    if len(uncovered) < MIN_UNCOVERED:
        errors.append(f"only {len(uncovered)} uncovered items (need >= {MIN_UNCOVERED})")

    ids = [item.get("id") for item in answerable + uncovered]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        errors.append(f"duplicate ids: {dupes}")

    bodies = {}
    for path in sorted(KNOWLEDGE.glob("*.md")):
        bodies[path.name] = split_front_matter(path.read_text(encoding="utf-8"))[1]

    distractors = {}
    for path in sorted(DISTRACTORS.glob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        distractors[path.name] = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(front) or {}
        for key in ("title", "issuing_authority", "version", "original_file"):
            if key not in meta:
                errors.append(f"distractor {path.name}: front matter lacks {key!r}")
        words = len(re.findall(r"\S+", body))
        if not 300 <= words <= 600:
            errors.append(f"distractor {path.name}: body has {words} words (want 300-600)")
    if len(distractors) < 4:
        errors.append(f"expected 4 distractor documents, found {len(distractors)}")

    for item in answerable:
        iid = item.get("id")
        question, source, answer = item.get("question"), item.get("source"), item.get("answer")
        if not (isinstance(question, str) and question.strip()):
            errors.append(f"{iid}: missing question")
        if not (isinstance(answer, str) and answer.strip()):
            errors.append(f"{iid}: missing answer")
            continue
        prefix = str(iid).split("-")[0]
        if ID_PREFIX.get(prefix) != source:
            errors.append(f"{iid}: id prefix {prefix!r} does not match source {source!r}")
        if source not in bodies:
            errors.append(f"{iid}: unknown source {source!r}")
            continue
        if "\n" in answer:
            errors.append(f"{iid}: answer spans a line break")
        n = bodies[source].count(answer)
        if n != 1:
            errors.append(f"{iid}: answer occurs {n} times in body of {source} (need exactly 1)")
        for name, text in distractors.items():
            if answer in text:
                errors.append(f"{iid}: answer also occurs in distractor {name}")

    for item in uncovered:
        iid = item.get("id")
        if not str(iid).startswith("un-"):
            errors.append(f"{iid}: uncovered ids must start with 'un-'")
        if not (isinstance(item.get("question"), str) and item["question"].strip()):
            errors.append(f"{iid}: missing question")
        if "answer" in item or "source" in item:
            errors.append(f"{iid}: uncovered items must not have answer/source")

    by_prefix = {}
    for item in answerable:
        p = str(item.get("id")).split("-")[0]
        by_prefix[p] = by_prefix.get(p, 0) + 1
    print(f"answerable: {len(answerable)} {dict(sorted(by_prefix.items()))}; "
          f"uncovered: {len(uncovered)}; distractors: {len(distractors)}")
    if errors:
        for e in errors:
            print("FAIL:", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
