"""A council's folders for tests: the shipped pathways and policies plus a copy of step-down under another
id and a small pathway of the council's own over a fixture policy (``tests/fixtures/council``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from helpers.support import ROOT, copy_knowledge

FIXTURE = ROOT / "tests" / "fixtures" / "council"
SHIPPED = ROOT / "prompts" / "pathways"


def council_folders(base: Path) -> tuple[Path, Path]:
    """(pathways, knowledge): the shipped pathways plus a copy of step-down as ``step-down-copy`` and the
    fixture's own pathway; the shipped policies plus the fixture's own."""
    pathways = base / "pathways"
    pathways.mkdir(parents=True)
    for path in SHIPPED.glob("*.yaml"):
        shutil.copy2(path, pathways / path.name)
    copy = yaml.safe_load((SHIPPED / "step-down.yaml").read_text(encoding="utf-8"))
    copy.update(id="step-down-copy", title="Stepping down (the council's copy)", order=5)
    (pathways / "step-down-copy.yaml").write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
    shutil.copy2(FIXTURE / "pathways" / "family-time.yaml", pathways / "family-time.yaml")
    knowledge = copy_knowledge(base / "knowledge")
    shutil.copy2(FIXTURE / "knowledge" / "family-time-reviews.md", knowledge / "family-time-reviews.md")
    return pathways, knowledge
