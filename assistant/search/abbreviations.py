"""Spell out practitioners' abbreviations in a question before it is searched.

"as the allocated SW what evidence do I need" becomes "as the allocated SW (social worker) what
evidence do I need": both words stay, so a passage that uses the abbreviation still matches it,
and one written in full words now matches too. Only questions are expanded; policy text never is.
The list is content (``prompts/abbreviations.yaml``), validated on load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.config import PROJECT_ROOT
from assistant.content import load_yaml_model
from assistant.errors import AbbreviationError

ABBREVIATIONS_FILE = PROJECT_ROOT / "prompts" / "abbreviations.yaml"


class Abbreviations(BaseModel):
    model_config = ConfigDict(extra="forbid")

    abbreviations: dict[str, str] = Field(min_length=1)

    @field_validator("abbreviations")
    @classmethod
    def _check(cls, value: dict[str, str]) -> dict[str, str]:
        seen: dict[str, str] = {}
        for short, meaning in value.items():
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", short):
                raise ValueError(f"'{short}' is not an abbreviation (2-10 letters or digits, starting with a letter)")
            if not meaning.strip() or len(meaning) > 80:
                raise ValueError(f"the meaning of '{short}' must be 1-80 characters")
            if short.lower() in seen:
                raise ValueError(f"'{short}' is listed twice (also as '{seen[short.lower()]}')")
            seen[short.lower()] = short
        return value


def load_abbreviations(path: Path | str = ABBREVIATIONS_FILE) -> Abbreviations:
    return load_yaml_model(path, Abbreviations, AbbreviationError, "abbreviations", "abbreviations")


class Expander:
    """Adds each abbreviation's meaning after it, in brackets (whole words, any case, plural 's')."""

    def __init__(self, abbreviations: dict[str, str]):
        self._meanings = {short.lower(): meaning for short, meaning in abbreviations.items()}
        words = sorted(self._meanings, key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")(s?)\b", re.IGNORECASE) \
            if words else None

    def __call__(self, question: str) -> str:
        if self._pattern is None:
            return question

        def spell_out(match: re.Match) -> str:
            meaning = self._meanings[match.group(1).lower()]
            if meaning.lower() in question.lower():
                return match.group(0)  # already spelled out in the question
            return f"{match.group(0)} ({meaning})"

        return self._pattern.sub(spell_out, question)


@lru_cache(maxsize=1)
def default_expander() -> Expander:
    return Expander(load_abbreviations().abbreviations)
