"""The capitalised words of the council's policy documents, which the name model must never flag as names
("Stepping down…", "Working Together to Safeguard Children", "Liquid Logic", the agencies and places the
policies name).

Read once per process from the knowledge folder (``ASSISTANT_KNOWLEDGE_DIR``), lazily, the first time the
name model's findings are filtered; the rules do not use it. Policy text only: nothing case-specific. A
document added while the app runs is taken in at the next start.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][^\W\d_]*(?:[-'’][^\W\d_]+)*")


def words_of(text: str) -> set[str]:
    """Every word of ``text`` that starts with a capital letter, and each part of a hyphenated one."""
    found = set()
    for word in _CAPITALISED.findall(text):
        found.add(word)
        found.update(part for part in re.split(r"[-'’]", word) if part[:1].isupper())
    return found


@lru_cache(maxsize=1)
def policy_words() -> frozenset[str]:
    """The capitalised words of every readable policy document (empty if the folder cannot be read)."""
    from assistant.config import load_settings
    from assistant.errors import AssistantError
    from assistant.search.policies import read_policies

    try:
        policies = read_policies(load_settings())
    except (AssistantError, OSError) as exc:
        log.warning("The policy documents could not be read for the name model's stop list: %s", exc)
        return frozenset()
    words: set[str] = set()
    for text, meta in zip(policies.texts, policies.metas):
        words |= words_of(text) | words_of(str(meta.get("title", ""))) | words_of(str(meta.get("section", "")))
    return frozenset(words)
