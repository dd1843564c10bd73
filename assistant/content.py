"""Content files (pathways, vignettes, prompt templates): YAML read into strict pydantic models,
with every error naming the file and what is wrong with it."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from assistant.errors import AssistantError

M = TypeVar("M", bound=BaseModel)


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: where in the file and what is wrong, in plain words."""
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


def load_yaml_model(path: Path | str, model: type[M], error: type[AssistantError], kind: str, keys: str) -> M:
    """``path`` read as YAML and validated as ``model``; ``error`` names the ``kind`` of file and the problem.

    ``keys`` lists the top-level keys expected, for the message when the file is not a mapping.
    """
    path = Path(path)
    title = kind[:1].upper() + kind[1:]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"Cannot read {kind} file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{title} file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise error(f"{title} file {path} must contain a mapping of keys ({keys}).")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{title} file {path} is not valid:\n{describe_validation_error(exc)}") from exc
