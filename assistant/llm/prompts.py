"""Prompt templates for the language model, loaded from ``prompts/llm/*.yaml``.

Each file holds one template: ``name``, ``description``, ``variables`` (the names it takes),
``system`` and ``user``. Placeholders use ``string.Template`` syntax (``$question`` or
``${question}``; ``$$`` is a literal dollar sign), so JSON braces in a prompt need no escaping.
Rendering substitutes values verbatim and never evaluates anything; a missing or unexpected
variable is an error, and so is a template whose placeholders differ from its ``variables``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from assistant.config import PROJECT_ROOT
from assistant.content import load_yaml_model
from assistant.errors import PromptError

DEFAULT_FOLDER = PROJECT_ROOT / "prompts" / "llm"
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _placeholders(template: str) -> set[str]:
    t = string.Template(template)
    if not t.is_valid():
        raise ValueError("has an invalid placeholder: use $name or ${name}, and $$ for a dollar sign")
    return set(t.get_identifiers())


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str

    def messages(self) -> list:
        from langchain_core.messages import HumanMessage, SystemMessage

        return [SystemMessage(self.system), HumanMessage(self.user)]


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    variables: list[str]
    system: str
    user: str

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _IDENTIFIER.match(value):
            raise ValueError("must be lower case letters, digits and underscores")
        return value

    @field_validator("variables")
    @classmethod
    def _variables(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not _IDENTIFIER.match(v)]
        if bad:
            raise ValueError(f"not valid variable names: {', '.join(bad)}")
        if len(set(value)) != len(value):
            raise ValueError("lists a variable twice")
        return value

    @model_validator(mode="after")
    def _match(self) -> PromptTemplate:
        used: set[str] = set()
        for part in ("system", "user"):
            try:
                used |= _placeholders(getattr(self, part))
            except ValueError as exc:
                raise ValueError(f"'{part}' {exc}") from None
        declared = set(self.variables)
        if used - declared:
            raise ValueError(f"uses variables not listed in 'variables': {', '.join(sorted(used - declared))}")
        if declared - used:
            raise ValueError(f"lists variables the template never uses: {', '.join(sorted(declared - used))}")
        return self

    def render(self, **values: str) -> RenderedPrompt:
        """The template with ``values`` inserted verbatim; PromptError for a missing or unexpected variable."""
        missing = [v for v in self.variables if v not in values]
        unexpected = sorted(set(values) - set(self.variables))
        if missing or unexpected:
            problems = []
            if missing:
                problems.append(f"missing {', '.join(missing)}")
            if unexpected:
                problems.append(f"unexpected {', '.join(unexpected)}")
            raise PromptError(f"Prompt '{self.name}' rendered with the wrong variables: {'; '.join(problems)}.")
        not_text = [k for k, v in values.items() if not isinstance(v, str)]
        if not_text:
            raise PromptError(f"Prompt '{self.name}': values must be text ({', '.join(sorted(not_text))} is not).")
        return RenderedPrompt(string.Template(self.system).substitute(values),
                              string.Template(self.user).substitute(values))


def load_prompt(path: Path | str) -> PromptTemplate:
    """Read and validate one template file; PromptError names the file and the problem."""
    path = Path(path)
    template = load_yaml_model(path, PromptTemplate, PromptError, "prompt",
                               "name, description, variables, system, user")
    if template.name != path.stem:
        raise PromptError(f"Prompt file {path} has name '{template.name}'; it must match the file name '{path.stem}'.")
    return template


def load_prompts(folder: Path | str = DEFAULT_FOLDER) -> dict[str, PromptTemplate]:
    folder = Path(folder)
    if not folder.is_dir():
        raise PromptError(f"Prompt folder {folder} does not exist.")
    return {t.name: t for t in (load_prompt(p) for p in sorted(folder.glob("*.yaml")))}


@lru_cache(maxsize=4)
def _cached(folder: str) -> dict[str, PromptTemplate]:
    return load_prompts(folder)


def get_prompt(name: str, folder: Path | str = DEFAULT_FOLDER) -> PromptTemplate:
    templates = _cached(str(folder))
    if name not in templates:
        raise PromptError(f"No prompt template '{name}' in {folder} (found: {', '.join(sorted(templates)) or 'none'}).")
    return templates[name]


def render(name: str, /, folder: Path | str = DEFAULT_FOLDER, **values: str) -> RenderedPrompt:
    """Render the template ``name`` from ``prompts/llm``; PromptError for a missing or unexpected variable."""
    return get_prompt(name, folder).render(**values)
