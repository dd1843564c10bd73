"""Bold marked in policy text with ``**…**`` (as the seed documents do: "- **Recurring Risks:** If …").

Policy text is quoted verbatim, and its authors marked these words bold. The app and the exports
show them bold instead of printing the asterisks; every other character, including any other
Markdown, stays inert (escaped by each format). Only a pair on one line counts, with no space just
inside either marker; an unpaired ``**`` is printed as it is. Used for policy text only: what
practitioners type is always shown literally.
"""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(?=\S)([^\n]+?)(?<=\S)\*\*")


def spans(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, bold) pieces in order; joined they are the text without the markers."""
    out: list[tuple[str, bool]] = []
    at = 0
    for match in _BOLD.finditer(text):
        if match.start() > at:
            out.append((text[at:match.start()], False))
        out.append((match.group(1), True))
        at = match.end()
    if at < len(text) or not out:
        out.append((text[at:], False))
    return out
