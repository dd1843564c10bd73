"""Where a note's sentences open, and its words' part-of-speech tags, asked for word by word.

The name rules ask, for a few words of a note, whether the word opens a sentence and what the tagger
(``names_model.tags_of_each``, spaCy's ``en_core_web_sm``) calls it. ``Tags`` answers both for one note, tagging
only a window of words around each word asked about, and keeps every answer for the rest of ``identifiers.detect``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["Tags"]

_SENTENCE_END = re.compile(r"[.!?;:\n]\s*|\s[-–]\s")


class Tags:
    """Part-of-speech tags (``names_model.tags``), only where asked for, from a window of the note around the
    word: the tagger's tags depend on no token more than ``_TAG_REACH`` away (its encoder: depth 4, window 1),
    so the window of ``_TAG_CONTEXT`` words each side gives the word the tag the whole note would, for a
    fraction of the cost (tagging a whole note costs about half as much again as finding its PERSON entities).
    Every other token of the window at least ``_TAG_REACH`` tokens from where the window cuts the note has its
    whole-note tag too, and is kept: a later word near an earlier one needs no second run (most of a run's
    cost is the same for 5 words as for 17). One ``_Tags`` serves the whole of ``detect``."""

    def __init__(self, text: str, tagger: bool = True):
        self.text = text
        self.tagger = tagger  # False: the rules alone, asked for without the model (``detect(model=False)``)
        self.starts = {0} | {m.end() for m in _SENTENCE_END.finditer(text)}
        self.tags: dict[int, str] = {}
        self.words: list[int] | None = None  # where each whitespace-separated word starts, once a tag is asked for

    def opens_sentence(self, start: int) -> bool:
        return start in self.starts or not self.text[:start].strip()

    def at(self, start: int) -> str:
        if not self.tagger:
            return ""
        if start not in self.tags:
            self.prefetch([start])
        return self.tags[start]

    def prefetch(self, starts: Sequence[int]) -> None:
        """Tag the words starting at ``starts`` now, in one run of the tagger: each word's window, windows that
        overlap joined. Most of a run's cost on a short window is reading the model's weights, so words a rule
        will ask about are best tagged together (``_model_names``)."""
        from assistant.privacy import names_model

        starts = sorted({start for start in starts if start not in self.tags})
        if not self.tagger or not starts:
            return
        windows: list[tuple[int, int]] = []
        for start in starts:
            first, last = self._window(start)
            if windows and first <= windows[-1][1]:
                first = windows[-1][0]
                windows.pop()
            windows.append((first, last))
        runs = names_model.tags_of_each([self.text[first:last] for first, last in windows])
        for (first, last), window in zip(windows, runs):  # empty when the model is not available
            offsets = sorted(window)
            low = 0 if first == 0 else _TAG_REACH
            high = len(offsets) if last == len(self.text) else len(offsets) - _TAG_REACH
            for offset in offsets[low:high]:
                self.tags.setdefault(first + offset, window[offset])
            for start in starts:
                if first <= start < last:
                    self.tags.setdefault(start, window.get(start - first, ""))

    def _window(self, start: int) -> tuple[int, int]:
        """The note's characters from ``_TAG_CONTEXT`` words before the word at ``start`` to as many after it."""
        if self.words is None:
            self.words = [m.start() for m in _WORD_START.finditer(self.text)]
        words = self.words
        i = bisect.bisect_right(words, start)
        first = words[max(0, i - 1 - _TAG_CONTEXT)] if words else 0
        last = words[i + _TAG_CONTEXT] if i + _TAG_CONTEXT < len(words) else len(self.text)
        return first, last


_TAG_CONTEXT = 8
"""Whitespace-separated words of context each side of a word to be tagged (each holds one token or more)."""
_TAG_REACH = 4
"""How many tokens each side a tag depends on: the tagger's encoder (``en_core_web_sm``'s ``tok2vec``:
``MaxoutWindowEncoder``, depth 4, window size 1) widens each token's view by one token each side per layer."""
_WORD_START = re.compile(r"(?<!\S)\S")
