"""Exports of a checklist summary: Markdown, JSON, DOCX and PDF.

``render(summary, fmt)`` gives the bytes (for a download button); ``write(summary, fmt, path)``
writes them atomically, so a failed export never leaves a broken file or clobbers an old one.
"""

from __future__ import annotations

from pathlib import Path

from assistant.casework.checklist import ChecklistSummary
from assistant.errors import ExportError
from assistant.files import atomic_write

FORMATS: tuple[str, ...] = ("md", "json", "docx", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(summary: ChecklistSummary, fmt: str) -> bytes:
    """The summary in one of FORMATS."""
    if fmt == "md":
        from assistant.casework.export.markdown import render as to_markdown

        return to_markdown(summary).encode("utf-8")
    if fmt == "json":
        return (summary.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt == "docx":
        from assistant.casework.export.docx import render as to_docx

        return to_docx(summary)
    if fmt == "pdf":
        from assistant.casework.export.pdf import render as to_pdf

        return to_pdf(summary)
    raise ExportError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")


def read_json(data: bytes) -> ChecklistSummary:
    """A summary back from its JSON export."""
    return ChecklistSummary.model_validate_json(data)


def write(summary: ChecklistSummary, fmt: str, path: Path) -> Path:
    """Render and write atomically; ExportError naming the file if it cannot be written."""
    data = render(summary, fmt)
    try:
        return atomic_write(Path(path), data)
    except OSError as exc:
        raise ExportError(f"The {fmt} export could not be written to {path}: {exc.strerror or exc}.") from None
