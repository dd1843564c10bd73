"""The words the identifier detector never takes for a person's name, as validated data.

Two files share one format (groups of words, each with the reason they are listed):

- ``never_names.yaml`` beside this module, the project's own lists (role words, services, days, languages...),
  read once when the detector is imported. The rules use these words throughout (a name is never made of them,
  never widened over them).
- the council's own file, named by ``ASSISTANT_LOCAL_NOT_NAMES``: its local services, teams, projects and
  buildings ("Brighter Futures", "Grace House", "Pathways Hub"), words or phrases. A name the detector finds
  that lies wholly inside one of them is not redacted. A single word that is someone's given name ("Grace") is
  refused: the council writes the phrase it is part of ("Grace House"), so a child called Grace is still found.

A file that breaks the format is refused with a message naming the file, the group and the word.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.content import load_yaml_model
from assistant.errors import ConfigError

BUILT_IN = Path(__file__).with_name("never_names.yaml")
LOCAL_SETTING = "ASSISTANT_LOCAL_NOT_NAMES"

_WORD = re.compile(r"^[^\W_a-z][\w'’.&-]*$")
"""One token, starting with a capital letter or a digit ("Turn2us", "Sainsbury's", "Pre-Proceedings")."""


class Group(BaseModel):
    """Words listed together for one reason."""

    model_config = ConfigDict(extra="forbid")

    group: str = Field(min_length=1)
    why: str = Field(min_length=1)
    words: list[str] = Field(min_length=1)

    @field_validator("words", mode="before")
    @classmethod
    def _strings(cls, words: object) -> object:
        if isinstance(words, list):
            for word in words:
                if not isinstance(word, str):
                    raise ValueError(f"{word!r} is not a word: YAML reads Yes, No, On, Off and numbers as other "
                                     f"things; put the word in quotes (\"No\")")
        return words


class WordLists(BaseModel):
    """A file of word lists: ``never_names`` (never a person's name) and ``languages`` (languages, nationalities
    and faiths, which the rules also treat as never a name)."""

    model_config = ConfigDict(extra="forbid")

    never_names: list[Group] = []
    languages: list[Group] = []

    @model_validator(mode="after")
    def _each_word_once(self) -> WordLists:
        seen: dict[str, str] = {}
        for group in self.never_names + self.languages:
            for word in group.words:
                if word in seen:
                    raise ValueError(f"'{word}' is listed twice, in '{seen[word]}' and in '{group.group}'")
                seen[word] = group.group
        return self


class BuiltInLists(WordLists):
    """The project's file: single capitalised words only (the rules compare words, not phrases)."""

    @model_validator(mode="after")
    def _single_words(self) -> BuiltInLists:
        for group in self.never_names + self.languages:
            for word in group.words:
                if not _WORD.match(word):
                    raise ValueError(f"'{word}' in '{group.group}' is not one word starting with a capital "
                                     f"letter or a digit")
        return self


class LocalLists(WordLists):
    """A council's file: words or phrases (``languages`` is not read from it), each starting with a capital
    letter or a digit; a single word that is a given name on the detector's lists is refused."""

    @model_validator(mode="after")
    def _local_entries(self) -> LocalLists:
        if self.languages:
            raise ValueError("a council's file lists only never_names (languages are the project's own list)")
        from assistant.privacy.given_names import given_names

        names = given_names()
        for group in self.never_names:
            for entry in group.words:
                if entry != entry.strip() or not entry or not all(_WORD.match(part) for part in entry.split(" ")):
                    raise ValueError(f"'{entry}' in '{group.group}' must be words each starting with a capital "
                                     f"letter or a digit, one space between them (as notes write the service)")
                if " " not in entry and entry in names:
                    raise ValueError(f"'{entry}' in '{group.group}' is a given name, so a person called {entry} "
                                     f"would never be redacted; list the phrase it is part of instead "
                                     f"(\"{entry} House\")")
        return self


def load(path: Path, model: type[WordLists] = BuiltInLists) -> WordLists:
    """``path`` read and validated (``ConfigError`` naming the file and the problem)."""
    return load_yaml_model(path, model, ConfigError, "word list", "never_names, languages")


def words(lists: WordLists) -> tuple[frozenset[str], frozenset[str]]:
    """Every word of the ``never_names`` groups and of the ``languages`` groups."""
    return (frozenset(w for g in lists.never_names for w in g.words),
            frozenset(w for g in lists.languages for w in g.words))


_BUILT_IN_LISTS = load(BUILT_IN)
NOT_NAMES, LANGUAGES = words(_BUILT_IN_LISTS)
"""The project's lists (``never_names.yaml``)."""
TERM_GROUPS = ("services", "process", "orders and plans")
TERM_WORDS = frozenset(w for g in _BUILT_IN_LISTS.never_names if g.group in TERM_GROUPS for w in g.words)
"""The words of services, processes, orders and plans (the groups ``TERM_GROUPS``): an English word the name model
takes for a person beside one is part of a term ("Placement Order", "Legal Gateway")."""


def local_phrases() -> frozenset[str]:
    """The council's own words and phrases (``ASSISTANT_LOCAL_NOT_NAMES``), empty when it is not set; read once
    per process for each value of the setting (a change to the file is taken in at the next start)."""
    return _local(os.environ.get(LOCAL_SETTING) or None)


@functools.lru_cache(maxsize=4)
def _local(raw: str | None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    try:
        return read_local(Path(raw))
    except ConfigError as exc:
        raise ConfigError(f"Invalid settings: {exc}") from exc


def read_local(path: Path) -> frozenset[str]:
    """The words and phrases of a council's file; ``ConfigError`` naming the setting, the file and the problem.
    The settings check calls this, so a broken file stops the app at start rather than at the first note."""
    if not path.is_file():
        raise ConfigError(f"{LOCAL_SETTING} names {path}, which is not a file.")
    try:
        return words(load(path, LocalLists))[0]
    except ConfigError as exc:
        raise ConfigError(f"{LOCAL_SETTING}: {exc}") from exc


def spans(text: str, phrases: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Where ``text`` writes one of the council's words or phrases (as written, whole words only)."""
    phrases = local_phrases() if phrases is None else phrases
    if not phrases:
        return []
    return [m.span() for m in _pattern(phrases).finditer(text)]


@functools.lru_cache(maxsize=4)
def _pattern(phrases: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")
