"""An export read back as text: Markdown and JSON as they are, DOCX with python-docx (paragraphs, then
table cells), PDF with pypdf (whitespace collapsed, since line breaks there are layout)."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader

from assistant.casework.export import render


def read_back(fmt: str, data: bytes) -> str:
    if fmt in ("md", "json"):
        return data.decode("utf-8")
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def export_text(summary, fmt: str) -> str:
    """``summary`` rendered as ``fmt`` and read back."""
    return read_back(fmt, render(summary, fmt))
