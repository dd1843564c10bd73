"""Which words of a passage the question shares, so that a reader can see why it was offered.

Used where the search is not confident a passage answers the question: the passage is shown as a
place to read, with the shared words marked. Words are compared stemmed, stop words left out, with the
question's abbreviations spelled out ("SM" also marks "Service Manager").
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[0-9]+")
QUESTION_WORDS = frozenset((
    "how", "what", "when", "where", "who", "whom", "whose", "why", "which", "do", "does", "did", "can", "could",
    "should", "would", "must", "need", "needs", "have", "has", "get", "got", "i", "we", "my", "our",
))
"""Words of asking, never marked: they say nothing about what a passage is about."""


@lru_cache(maxsize=1)
def stemmer():
    """English Snowball stemming, as the lexical ranker does (one stemmer per process)."""
    import Stemmer

    return Stemmer.Stemmer("english")


def _key(word: str) -> str:
    return stemmer().stemWord(word.lower().replace("’", "'"))


def question_stems(question: str) -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    from assistant.search.abbreviations import default_expander

    words = _WORD.findall(default_expander()(question))
    return frozenset(_key(w) for w in words
                     if w.lower() not in STOPWORDS_EN and w.lower() not in QUESTION_WORDS and len(w) > 1)


def shared_words(question: str, text: str) -> list[str]:
    """The distinct words of ``text`` (as written there) that the question shares, in order of appearance."""
    stems = question_stems(question)
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if _key(word) in stems:
            seen.setdefault(word, None)
    return list(seen)
