"""The command line: ``python -m assistant index|search|flows|timeline|summary|redact|purge|eval``.

``index``, ``search --json``, ``flows --json``, ``timeline --json``, ``summary`` and ``redact``
are a contract other tools rely on; keep their output exactly as documented in docs/cli.md.
"""

from __future__ import annotations

import sys

from assistant.cli.parser import build_parser
from assistant.errors import AssistantError

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", 1) < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return 2
    if getattr(args, "days", None) is not None and args.days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error worth reporting
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # not ours: say what failed without a wall of traceback
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
