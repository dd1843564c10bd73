"""Read one knowledge file into a title, front matter and heading-delimited sections.

Every reader keeps the document's wording as it is: sections hold verbatim text,
only the heading markers are taken out. A file that cannot be read raises
UnreadableFile with a reason written for the person who put it there.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.errors import UnreadableFile

SUPPORTED_SUFFIXES = (".md", ".txt", ".pdf", ".docx", ".html", ".htm")
MAX_DOCX_UNZIPPED = 200 * 1024 * 1024
"""A .docx that would unzip to more than this is refused (zip-bomb guard)."""


@dataclass
class Section:
    """A run of text under one heading path (outermost heading first)."""

    headings: tuple[str, ...]
    text: str


@dataclass
class ParsedDocument:
    title: str
    meta: dict = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


class _Outline:
    """Sections under a stack of headings, filled in document order (shared by every reader)."""

    def __init__(self, joiner: str = "\n"):
        self.sections: list[Section] = []
        self.buf: list[str] = []
        self._stack: list[tuple[int, str]] = []
        self._joiner = joiner

    def heading(self, level: int, text: str) -> None:
        self.flush()
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, text))

    def section(self, text: str) -> None:
        """A block that is a section of its own (a table) under the current headings."""
        self.flush()
        self.sections.append(Section(tuple(h for _, h in self._stack), text))

    def flush(self) -> None:
        text = self._joiner.join(self.buf).strip("\n")
        if text.strip():
            self.sections.append(Section(tuple(h for _, h in self._stack), text))
        self.buf.clear()


def read_document(path: Path, data: bytes) -> ParsedDocument:
    """Parse ``data`` (the bytes of ``path``) by its file type."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    suffix = path.suffix.lower()
    reader = {
        ".md": _read_markdown,
        ".txt": _read_text,
        ".pdf": _read_pdf,
        ".docx": _read_docx,
        ".html": _read_html,
        ".htm": _read_html,
    }.get(suffix)
    if reader is None:
        raise UnreadableFile(f"'{suffix or path.name}' files are not supported (use .md, .txt, .pdf, .docx or .html)")
    try:
        doc = reader(path, data)
    except UnreadableFile:
        raise
    except RecursionError:
        raise UnreadableFile("the document is nested too deeply to read") from None
    except Exception as exc:  # a parser's own error: report it, do not abort indexing
        raise UnreadableFile(f"it could not be parsed as {suffix} ({type(exc).__name__}: {exc})") from None
    doc.sections = [s for s in doc.sections if s.text.strip()]
    if not doc.sections:
        raise UnreadableFile("it contains no readable text")
    return doc


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableFile("it looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"it is not UTF-8 text (invalid byte at position {exc.start})") from None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_ATX = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter (if any) and the body after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        # BaseLoader keeps every value as written ("2.10" stays "2.10", not the number 2.1).
        meta = yaml.load(match.group(1), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        raise UnreadableFile(f"its front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise UnreadableFile("its front matter is not a YAML mapping")
    meta = {key: None if value in ("", "~", "null", "Null", "NULL") else value for key, value in meta.items()}
    return meta, text[match.end():]


def sections_from_markdown(body: str) -> list[Section]:
    """Split Markdown on ATX headings (outside code fences), keeping text verbatim."""
    outline = _Outline()
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _ATX.match(line)
        if match:
            outline.heading(len(match.group(1)), match.group(2))
        else:
            outline.buf.append(line.rstrip())
    outline.flush()
    return outline.sections


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        match = _ATX.match(line)
        if match and len(match.group(1)) == 1:
            return match.group(2)
    return None


def _read_markdown(path: Path, data: bytes) -> ParsedDocument:
    meta, body = split_front_matter(_decode(data))
    title = str(meta.get("title") or _first_heading(body) or path.stem)
    return ParsedDocument(title, meta, sections_from_markdown(body))


def _read_text(path: Path, data: bytes) -> ParsedDocument:
    text = _decode(data).replace("\r\n", "\n")
    first = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    return ParsedDocument(first[:200], {}, [Section((), text.strip("\n"))])


def _read_pdf(path: Path, data: bytes) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            ok: int
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise UnreadableFile("the PDF is encrypted (password-protected)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise UnreadableFile(f"it is not a readable PDF ({exc})") from None
    if not any(p.strip() for p in pages):
        raise UnreadableFile("the PDF has no text layer (a scan?); export it with text or convert it first")
    info_title = None
    try:
        info_title = reader.metadata.title if reader.metadata else None
    except Exception:
        info_title = None
    text = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    first = next(line.strip() for line in text.splitlines() if line.strip())
    return ParsedDocument(str(info_title or first[:200]), {}, [Section((), text)])


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile("it is not a valid .docx (not a zip package; encrypted or an older .doc?)") from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_DOCX_UNZIPPED:
        raise UnreadableFile(
            f"it would expand to {total // (1024 * 1024)} MB when unpacked, more than the "
            f"{MAX_DOCX_UNZIPPED // (1024 * 1024)} MB allowed"
        )


def _read_docx(path: Path, data: bytes) -> ParsedDocument:
    _check_zip(data)
    import docx

    document = docx.Document(io.BytesIO(data))
    outline = _Outline()
    title = (document.core_properties.title or "").strip()

    from docx.table import Table

    for para in document.iter_inner_content():  # paragraphs and tables, in document order
        if isinstance(para, Table):
            rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in para.rows]
            if any(r.strip(" |") for r in rows):
                outline.section("\n".join(rows))
            continue
        style = (para.style.name if para.style is not None else "") or ""
        text = para.text.strip()
        if not text:
            continue
        level = None
        if style == "Title":
            level = 1
        elif style.startswith("Heading"):
            digits = style.removeprefix("Heading").strip()
            level = int(digits) if digits.isdigit() else 1
        if level is not None:
            title = title or text
            outline.heading(level, text)
        elif "List" in style:
            outline.buf.append(f"- {text}")
        else:
            outline.buf.extend([text, ""])
    outline.flush()
    return ParsedDocument(title or path.stem, {}, outline.sections)


_BLOCKS = ["p", "li", "pre", "blockquote", "td", "th", "dt", "dd", "caption"]
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
           "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}


def _block_of(node):
    """Nearest enclosing element that is not inline markup (groups loose text into paragraphs)."""
    parent = node.parent
    while parent is not None and parent.name in _INLINE:
        parent = parent.parent
    return parent


def _read_html(path: Path, data: bytes) -> ParsedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data), "html.parser")
    for tag in soup(["script", "style", "template", "noscript", "iframe", "object"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    outline = _Outline(joiner="\n\n")
    buf = outline.buf

    from bs4.element import NavigableString, PreformattedString, Tag

    names = set(_BLOCKS + _HEADINGS)
    loose: list[str] = []
    loose_block = None

    def flush_loose() -> None:
        text = " ".join(" ".join(loose).split())
        if text:
            buf.append(text)
        loose.clear()

    for el in list((soup.body or soup).descendants):
        if isinstance(el, NavigableString):
            # Text outside any block element (a bare <div>, text directly in <body>) is policy wording too.
            if isinstance(el, PreformattedString) or any(p.name in names or p.name == "head" for p in el.parents):
                continue
            block = _block_of(el)
            if block is not loose_block:
                flush_loose()
                loose_block = block
            loose.append(str(el))
            continue
        if not isinstance(el, Tag):  # comments and other strings were handled above
            continue
        if el.name not in names or any(parent.name in names for parent in el.parents):
            continue
        flush_loose()
        loose_block = None
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text:
            continue
        if el.name in _HEADINGS:
            title = title or text
            outline.heading(int(el.name[1]), text)
        else:
            buf.append(f"- {text}" if el.name == "li" else text)
    flush_loose()
    outline.flush()
    sections = outline.sections
    if not sections:
        text = " ".join((soup.body or soup).get_text(" ", strip=True).split())
        if text:
            sections.append(Section((), text))
    return ParsedDocument(title or path.stem, {}, sections)
