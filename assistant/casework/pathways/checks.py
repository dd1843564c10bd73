"""``check-pathways``: every pathway file in a folder checked against the knowledge folder, every problem
found (not only the first), each as ``FILE: item ID: what is wrong``.

What is checked: the file is YAML and follows the schema (known keys, roles, case dates and deadline
rules; step references resolve; no cycles, so every route reaches an end); every step can be reached
from ``start``; every citation's document is in the knowledge folder and its quote is there word for word
(whitespace aside; where it is not, the section whose passage is now closest is named); no two files
share an id. A problem that belongs to no one item is reported under
item ``-``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.casework.pathways.grounding import closest
from assistant.casework.pathways.schema import Pathway
from assistant.config import Settings


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: item {self.item}: {self.message}"


@dataclass
class Report:
    files: int
    items: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [f"pathways ok: {self.files} files, {self.items} items"]
        return [str(p) for p in self.problems]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _item_at(data: Any, loc: tuple) -> str:
    """The id of the item (or branch) a validation error's location is inside, or ``-``."""
    node, found = data, "-"
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str) and ("items" in loc or "branch" in loc):
            found = node["id"]
    return found


def _schema_problems(name: str, data: Any, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        field = ".".join(str(p) for p in loc) or "the file"
        message = error["msg"].removeprefix("Value error, ")
        out.append(Problem(name, _item_at(data, loc), f"{field}: {message}" if loc else message))
    return out


def _unreachable(pathway: Pathway) -> list[str]:
    steps = pathway.step_map()
    seen, todo = set(), [pathway.start]
    while todo:
        step_id = todo.pop()
        if step_id in seen or step_id not in steps:
            continue
        seen.add(step_id)
        todo.extend(steps[step_id].targets())
    return [step.id for step in pathway.steps if step.id not in seen]


def _documents(settings: Settings) -> tuple[dict[str, str], dict[str, list[tuple[str, str, dict]]]]:
    """Each readable knowledge document's text (its passages joined, whitespace normalised), and its
    passages."""
    from assistant.search.policies import read_policies

    policies = read_policies(settings)
    passages: dict[str, list[tuple[str, str, dict]]] = {}
    for pid, text, meta in zip(policies.ids, policies.texts, policies.metas):
        passages.setdefault(str(meta.get("source", "")), []).append((pid, text, meta))
    return {source: _norm(" ".join(p[1] for p in parts)) for source, parts in passages.items()}, passages


def _where(quote: str, passages: list[tuple[str, str, dict]]) -> str:
    near = closest(quote, passages)
    section = str(near[2].get("section", "")) if near else ""
    return f" (the closest passage now is in “{section}”)" if section else ""


def check_pathways(folder: Path, settings: Settings) -> Report:
    """Check every ``*.yaml`` in ``folder`` against ``settings.knowledge_dir``."""
    problems: list[Problem] = []
    files = sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []
    if not Path(folder).is_dir():
        return Report(0, 0, [Problem(str(folder), "-", "the pathways folder does not exist")])
    if not files:
        return Report(0, 0, [Problem(str(folder), "-", "the folder holds no pathway files (*.yaml)")])
    documents, passages = _documents(settings)
    ids: dict[str, str] = {}
    items = 0
    for path in files:
        name = path.name
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(Problem(name, "-", f"cannot be read as YAML: {' '.join(str(exc).split())}"))
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, "-", "must be a mapping of keys (id, title, steps, ...)"))
            continue
        try:
            pathway = Pathway.model_validate(data)
        except ValidationError as exc:
            problems += _schema_problems(name, data, exc)
            continue
        items += len(pathway.items())
        if pathway.id in ids:
            problems.append(Problem(name, "-", f"reuses the id '{pathway.id}' of {ids[pathway.id]}"))
        ids.setdefault(pathway.id, name)
        if pathway.source not in documents:
            problems.append(Problem(name, "-", f"its source '{pathway.source}' is not in the knowledge folder"))
        for step_id in _unreachable(pathway):
            problems.append(Problem(name, "-", f"step '{step_id}' cannot be reached from the start step "
                                               f"'{pathway.start}'"))
        for item in pathway.items():
            for citation in item.citations:
                text = documents.get(citation.source)
                if text is None:
                    problems.append(Problem(name, item.id, f"cites '{citation.source}', which is not in the "
                                                           f"knowledge folder"))
                elif _norm(citation.quote) not in text:
                    problems.append(Problem(name, item.id, f"its quote is not word for word in {citation.source}: "
                                                           f"“{_norm(citation.quote)[:80]}”"
                                                           f"{_where(citation.quote, passages[citation.source])}"))
    return Report(len(files), items, problems)
