"""Knowledge folder -> documents -> chunks with provenance.

A chunk never spans two sections. It carries its heading path, the document's
title and file, and an id derived from its content, so indexing the same text
twice gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.errors import UnreadableFile
from assistant.search.readers import SUPPORTED_SUFFIXES, ParsedDocument, read_document

SECTION_SEPARATOR = " › "
CHUNKER_VERSION = "paragraphs-v3"
"""Bump when chunking changes so every file is re-chunked on the next index."""

_SEPARATORS = ["\n", ". ", "; ", ", ", " ", ""]
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+|\n+")
MIN_SENTENCE = 15
"""Shorter fragments (list markers, stray words) are not embedded on their own."""


def sentences(text: str) -> list[str]:
    """The sentences and list items of a chunk, each embedded separately for dense search."""
    parts = [p.strip() for p in _SENTENCE_BREAK.split(text)]
    return [p for p in parts if len(p) >= MIN_SENTENCE] or [text.strip()]


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; a block ending in ':' stays with the block it introduces."""
    blocks = [b.strip("\n") for b in _PARAGRAPH_BREAK.split(text) if b.strip()]
    merged: list[str] = []
    for block in blocks:
        if merged and merged[-1].rstrip().endswith(":"):
            merged[-1] = f"{merged[-1]}\n\n{block}"
        else:
            merged.append(block)
    return merged


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    source: str
    """File name relative to the knowledge folder."""
    title: str
    section: str
    """Heading path, outermost first, joined with ' › '."""
    position: int
    """Order of the chunk within its file."""
    stamp: str
    """Fingerprint of the file's bytes and the chunking settings."""
    version: str = ""

    def metadata(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "position": self.position,
            "stamp": self.stamp,
            "version": self.version,
        }


@dataclass
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped, {self.reason}"


@dataclass
class KnowledgeFile:
    source: str
    path: Path
    stamp: str
    size: int


@dataclass
class Scan:
    files: list[KnowledgeFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def chunk_stamp(data: bytes, chunk_size: int, chunk_overlap: int) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"|{CHUNKER_VERSION}|{chunk_size}|{chunk_overlap}".encode())
    return digest.hexdigest()[:32]


def scan_folder(folder: Path, max_bytes: int, chunk_size: int, chunk_overlap: int) -> Scan:
    """List the knowledge files with their stamps; report ones too large or of the wrong type."""
    scan = Scan()
    if not folder.is_dir():
        return scan
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_symlink() and not _inside(path, folder):
            scan.skipped.append(Skipped(rel, "it is a link to a file outside the knowledge folder"))
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            scan.skipped.append(Skipped(rel, f"'{path.suffix or path.name}' files are not supported"))
            continue
        size = path.stat().st_size
        if size > max_bytes:
            scan.skipped.append(
                Skipped(rel, size_message(size, max_bytes))
            )
            continue
        data = path.read_bytes()
        scan.files.append(KnowledgeFile(rel, path, chunk_stamp(data, chunk_size, chunk_overlap), size))
    return scan


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (following links) resolves to somewhere inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def size_message(size: int, limit: int) -> str:
    """'it is 3.0 MB, larger than the 2 MB limit', with enough digits that the size never reads as the limit."""
    mb, limit_mb = size / 1048576, limit / 1048576
    shown = f"{mb:.1f}" if float(f"{mb:.1f}") > limit_mb else f"{mb:.4g}"
    return f"it is {shown} MB, larger than the {limit_mb:g} MB limit"


def section_label(doc: ParsedDocument, headings: tuple[str, ...]) -> str:
    """Heading path for display: the document title is left out unless it is all there is."""
    path = list(headings)
    if path and _same(path[0], doc.title) and len(path) > 1:
        path = path[1:]
    return SECTION_SEPARATOR.join(path) if path else doc.title


def _same(a: str, b: str) -> bool:
    norm = lambda s: " ".join(s.lower().rstrip(".").split())  # noqa: E731
    return norm(a) == norm(b)


def chunk_document(doc: ParsedDocument, source: str, stamp: str, chunk_size: int,
                   chunk_overlap: int = 0) -> list[Chunk]:
    """Each paragraph (or list) is a chunk; longer ones are split at lines, then sentences.

    Paragraphs are never merged and a chunk never spans two sections, so every
    chunk is one verbatim run of the policy under one heading path. A text repeated under the
    same heading path is kept once: copies add nothing to search, and thousands of identical
    vectors degrade Chroma's nearest-neighbour graph for every other passage.
    """
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )
    version = str(doc.meta.get("version") or "")
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in doc.sections:
        label = section_label(doc, section.headings)
        for text in (piece for para in paragraphs(section.text) for piece in splitter.split_text(para)):
            key = f"{source}\x1f{label}\x1f{text}"
            if not text.strip() or key in seen:
                continue
            seen.add(key)
            digest = hashlib.sha256(f"{key}\x1f1".encode()).hexdigest()[:32]
            chunks.append(Chunk(digest, text, source, doc.title, label, len(chunks), stamp, version))
    return chunks


def load_chunks(file: KnowledgeFile, chunk_size: int, chunk_overlap: int) -> tuple[ParsedDocument, list[Chunk]]:
    """Read and chunk one file; raises UnreadableFile with the reason."""
    data = file.path.read_bytes()
    doc = read_document(file.path, data)
    chunks = chunk_document(doc, file.source, file.stamp, chunk_size, chunk_overlap)
    if not chunks:
        raise UnreadableFile("it contains no readable text")
    return doc, chunks
