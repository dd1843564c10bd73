"""Load pathway YAML files into validated ``Pathway`` models, with errors naming the file."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ..config import PROJECT_ROOT
from .schema import Pathway, PathwayError

DEFAULT_FOLDER = PROJECT_ROOT / "prompts" / "pathways"


def describe_validation_error(error: ValidationError) -> str:
    lines = []
    for detail in error.errors():
        location = ".".join(str(part) for part in detail["loc"]) or "top level"
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = f"unknown key '{detail['loc'][-1]}'"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        lines.append(f"  - at {location}: {message}")
    return "\n".join(lines)


def load_pathway(path: Path | str) -> Pathway:
    """Read and validate one pathway YAML file; PathwayError names the file and the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PathwayError(f"Cannot read pathway file {path}: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PathwayError(f"Pathway file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PathwayError(f"Pathway file {path} must contain a mapping of keys (id, title, steps, ...).")
    try:
        return Pathway.model_validate(data)
    except ValidationError as exc:
        raise PathwayError(f"Pathway file {path} is not valid:\n{describe_validation_error(exc)}") from exc


def load_pathways(folder: Path | str = DEFAULT_FOLDER) -> dict[str, Pathway]:
    """Load every ``*.yaml`` pathway in a folder, keyed by pathway id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PathwayError(f"Pathway folder {folder} does not exist.")
    pathways: dict[str, Pathway] = {}
    for path in sorted(folder.glob("*.yaml")):
        pathway = load_pathway(path)
        if pathway.id in pathways:
            raise PathwayError(f"Pathway file {path} reuses the id '{pathway.id}' of another pathway.")
        pathways[pathway.id] = pathway
    return pathways
