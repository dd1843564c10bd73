"""The policy library as a council governs it: who may change it, what each document is, and removal
that archives rather than deletes.

- Adding and removing documents in the app is allowed by ``Settings.may_change_library``
  (``ASSISTANT_LIBRARY_EDITABLE``; off by default when ``ASSISTANT_SHARED_SERVER=true``); the
  functions here refuse when it is off, whatever the page shows.
- A register (``.library.json`` in the knowledge folder, hidden, so never indexed) records when each
  document was added in the app and when one was archived; a document put in the folder by other
  means shows its file's date instead, said as such.
- Removing a document moves it to the archive folder (``ASSISTANT_LIBRARY_ARCHIVE_DIR``, default
  ``.archive`` inside the knowledge folder) under a name with the time of removal, so nothing is
  lost and the same file can be archived twice.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import Settings
from assistant.errors import LibraryError
from assistant.files import atomic_write
from assistant.search.policies import PolicyDocument

REGISTER = ".library.json"
LOCK_TIMEOUT = 30


class Archived(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    archived_at: datetime
    path: str
    """Where the file now is, relative to the archive folder."""
    sha256: str


class Register(BaseModel):
    model_config = ConfigDict(extra="forbid")

    added: dict[str, datetime] = Field(default_factory=dict)
    """File name -> when it was added in the app (the last time, if it was replaced)."""
    archived: list[Archived] = Field(default_factory=list)


@dataclass(frozen=True)
class LibraryDocument:
    """One document as the Knowledge page lists it."""

    source: str
    title: str
    version: str
    sha256: str
    added: str
    """'2026-12-02 09:14' when added in the app; otherwise 'not recorded (file dated 2026-11-20)'."""


def refuse_unless_allowed(settings: Settings, doing: str) -> None:
    if not settings.may_change_library:
        who = settings.library_contact.strip() or "whoever runs this server"
        raise LibraryError(f"{doing} is switched off here: the policy library is changed only by {who}.")


def _paths(settings: Settings) -> tuple[Path, FileLock]:
    path = settings.knowledge_dir / REGISTER
    return path, FileLock(str(settings.knowledge_dir / f"{REGISTER}.lock"), timeout=LOCK_TIMEOUT)


def read_register(settings: Settings) -> Register:
    """The register; empty when there is none yet. A damaged register is an error naming the file (it is
    never overwritten, so nothing in it is lost)."""
    path, _ = _paths(settings)
    if not path.exists():
        return Register()
    try:
        return Register.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        raise LibraryError(f"The library register {path} cannot be read ({type(exc).__name__}); move it aside "
                           f"to start a new one, or restore it from a backup.") from None


def _update(settings: Settings, change) -> None:
    path, lock = _paths(settings)
    settings.knowledge_dir.mkdir(parents=True, exist_ok=True)
    with lock:
        register = read_register(settings)
        change(register)
        atomic_write(path, (register.model_dump_json(indent=2) + "\n").encode("utf-8"), mode=0o644)


def record_added(settings: Settings, source: str, when: datetime | None = None) -> None:
    """Note that ``source`` was added (or replaced) in the app now."""
    moment = when or datetime.now(UTC)
    _update(settings, lambda r: r.added.__setitem__(source, moment))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def archive_policy_file(settings: Settings, source: str, when: datetime | None = None) -> Path:
    """Move ``source`` from the knowledge folder to the archive folder; returns where it went.

    Refused (LibraryError) where changing the library is switched off, or when ``source`` is not a document in
    the knowledge folder (a hidden file, a link or a path outside it), or the register cannot be read.
    Re-index afterwards so the index forgets it.
    """
    refuse_unless_allowed(settings, "Removing policy documents")
    path = settings.knowledge_dir / source
    parts = Path(source).parts
    if (not parts or Path(source).is_absolute() or any(p in ("..", "") or p.startswith(".") for p in parts)
            or path.is_symlink() or not path.is_file()):
        raise LibraryError(f"{source} is not a document in the knowledge folder.")
    moment = when or datetime.now(UTC)
    archive = settings.library_archive_folder
    target = archive / f"{_stamp(moment)}-{'__'.join(parts)}"
    register_path, lock = _paths(settings)
    with lock:
        register = read_register(settings)  # a damaged register stops the removal before anything moves
        if target.exists():
            raise LibraryError(f"{target.name} is already in the archive; try again in a second.")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            archive.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)  # copy, then remove: the file exists somewhere at every moment
            os.unlink(path)
        except OSError as exc:
            if path.exists() and target.exists():
                target.unlink()
            raise LibraryError(f"{source} could not be moved to {archive}: {exc.strerror or exc}.") from None
        register.archived.append(Archived(source=source, archived_at=moment, path=target.name, sha256=digest))
        register.added.pop(source, None)
        atomic_write(register_path, (register.model_dump_json(indent=2) + "\n").encode("utf-8"), mode=0o644)
    return target


def listing(settings: Settings, documents: list[PolicyDocument]) -> list[LibraryDocument]:
    """Each readable document with its title, version, SHA-256 and when it was added."""
    try:
        added = read_register(settings).added
    except LibraryError:
        added = {}
    out = []
    for doc in documents:
        if doc.source in added:
            when = added[doc.source].astimezone().strftime("%Y-%m-%d %H:%M")
        else:
            try:
                mtime = (settings.knowledge_dir / doc.source).stat().st_mtime
                when = f"not recorded (file dated {datetime.fromtimestamp(mtime).strftime('%Y-%m-%d')})"
            except OSError:
                when = "not recorded"
        out.append(LibraryDocument(doc.source, doc.title, doc.version, doc.sha256, when))
    return out


def archived(settings: Settings) -> list[Archived]:
    """The documents removed so far, most recent first."""
    return sorted(read_register(settings).archived, key=lambda a: a.archived_at, reverse=True)
