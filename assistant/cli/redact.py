"""``python -m assistant redact [--lines]``: find and redact personal identifiers in standard input.

Without ``--lines`` all of standard input is one text and one line of JSON is printed:
``{"redacted": str, "findings": [{"type": str, "start": int, "end": int}]}`` (offsets into the
original text, in characters). With ``--lines`` each input line (without its line ending) is a
separate text and one such object is printed per line, in order; an empty line gives
``{"redacted": "", "findings": []}``. Input is read as UTF-8; invalid bytes become U+FFFD.
"""

from __future__ import annotations

import io
import json
from typing import TextIO

from assistant.privacy.identifiers import redact


def _as_utf8(stream: TextIO) -> str:
    """All of ``stream`` as text, decoding its bytes as UTF-8 with replacement when it has a byte buffer."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer.read().decode("utf-8", errors="replace")
    return stream.read()


def _record(text: str) -> str:
    redacted, findings = redact(text)
    return json.dumps({"redacted": redacted,
                       "findings": [{"type": f.type, "start": f.start, "end": f.end} for f in findings]},
                      ensure_ascii=False)


def run(stdin: TextIO, stdout: TextIO, lines: bool) -> int:
    """Redact ``stdin`` (whole, or line by line when ``lines``) and write the JSON lines to ``stdout``."""
    text = _as_utf8(stdin)
    if not lines:
        stdout.write(_record(text) + "\n")
    else:
        # Split on \n only (a \r\n ending loses its \r too); other characters stay inside the line.
        lines_in = io.StringIO(text, newline="\n")
        stdout.writelines(_record(line.removesuffix("\n").removesuffix("\r")) + "\n" for line in lines_in)
    stdout.flush()
    return 0
