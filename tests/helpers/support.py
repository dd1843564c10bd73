"""Helpers shared by the test modules: fakes, file builders, constants, CLI runner.

Fixtures live in conftest.py; this module holds plain code that both conftest.py
and the test modules import (tests/ is on sys.path under pytest's default import mode).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.search.embeddings import ModelInfo

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
INSTALLED_RELEVANCE = ROOT / "data" / "relevance"
"""Where ``make`` installs the relevance model (``python -m assistant train-relevance``)."""
STEP_DOWN = "step-down-and-repeat-plans.md"
LONG_PLANS = "long-plans-over-2-years.md"
SERVICE_MANAGER_SECTION = "Stepping down at first review conference (3 months) › Role of the Service Manager"

PINNED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

# A practitioner's question answered by the "Role of the Service Manager" passage, and
# questions no indexed policy covers (clearly on- and off-topic: the covered threshold
# is being re-calibrated, so the tests never sit near it).
ON_TOPIC = (
    "As the service manager, when do I have to record the step-down discussion "
    "on Liquid Logic before the review conference?"
)
OFF_TOPIC = "How do I submit a mileage claim for my travel expenses?"
OFF_TOPIC_2 = "What is on the staff canteen lunch menu this week?"


# -- folders and settings ---------------------------------------------------------------------


def copy_knowledge(dest: Path) -> Path:
    """Copy the real knowledge files into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in KNOWLEDGE.iterdir():
        if path.is_file():
            shutil.copy2(path, dest / path.name)
    return dest


def clear_assistant_env(mp: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ASSISTANT_"):
            mp.delenv(name)


def clean_settings(**values):
    """Settings that ignore the environment's ASSISTANT_* variables (for session/module fixtures)."""
    from assistant.config import load_settings

    with pytest.MonkeyPatch.context() as mp:
        clear_assistant_env(mp)
        return load_settings(**values)


# -- embeddings fakes ---------------------------------------------------------------------


class FakeEmbeddings(Embeddings):
    """Deterministic hashed bag-of-words vectors (unit length); no model, instant.

    Has its own ModelInfo, so an index built with it is a different model for PolicyIndex.
    Records every text it encodes.
    """

    def __init__(self, name: str = "test/fake-hashing-embeddings", dim: int = 64, sha256: str = "0" * 64):
        self.info = ModelInfo(name, dim, sha256)
        self.calls = 0
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], progress: bool = False):
        texts = list(texts)
        self.calls += 1
        self.encoded.extend(texts)
        dim = self.info.dim
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big") % dim
                out[row, bucket] += 1.0
            out[row, dim - 1] += 0.01  # never the zero vector
            out[row] /= np.linalg.norm(out[row])
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class CountingEmbeddings(Embeddings):
    """Wraps another embeddings object and counts what goes through ``encode``."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = 0
        self.encoded: list[str] = []

    @property
    def info(self) -> ModelInfo:
        return self.inner.info

    def encode(self, texts: Sequence[str], progress: bool = False):
        texts = list(texts)
        self.calls += 1
        self.encoded.extend(texts)
        return self.inner.encode(texts, progress=progress)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


# -- documents built in the tests -------------------------------------------------------------


def make_pdf(lines: list[str], title: str | None = None, user_password: str | None = None) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica), written with pypdf only."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
    })
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password=user_password + "-owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_docx(blocks: list[tuple[str, object]], core_title: str | None = None) -> bytes:
    """A .docx from (kind, value) blocks: ('h1'|'h2'|'h3', text), ('p', text), ('li', text), ('table', rows)."""
    import docx

    document = docx.Document()
    if core_title is not None:
        document.core_properties.title = core_title
    for kind, value in blocks:
        if kind.startswith("h"):
            document.add_heading(value, level=int(kind[1:]))
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "li":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "table":
            rows = value
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            raise ValueError(kind)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write_zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A zip named .docx whose one member unpacks to ``megabytes`` MB of zeros (written streaming)."""
    block = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(block)
    return path


# -- the command line ------------------------------------------------------------------------


def cli_env(**assistant_settings: object) -> dict[str, str]:
    """The current environment without any ASSISTANT_* variable, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for name, value in assistant_settings.items():
        env[f"ASSISTANT_{name.upper()}"] = str(value)
    return env


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate a server the tests started; kill it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m assistant ARGS`` with the test interpreter, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def body_of(path: Path) -> str:
    """The text of a Markdown knowledge file after its front matter."""
    from assistant.search.readers import split_front_matter

    return split_front_matter(path.read_text(encoding="utf-8"))[1]
