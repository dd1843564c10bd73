"""Adding a policy document to the knowledge folder from an upload: type, size and readability
checked before anything is written, and the write itself atomic."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from filelock import Timeout

from assistant.config import Settings
from assistant.errors import LibraryError, UnreadableFile, UploadError
from assistant.files import atomic_write
from assistant.search.ingest import size_message
from assistant.search.library import record_added, refuse_unless_allowed
from assistant.search.readers import SUPPORTED_SUFFIXES, read_document

log = logging.getLogger(__name__)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9 ._()\-]")


def safe_name(name: str) -> str:
    """The upload's file name without any folder part and with only plain characters."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    return _SAFE_NAME.sub("_", base)


def add_policy_file(settings: Settings, name: str, data: bytes, replace: bool = False) -> Path:
    """Check an uploaded document and save it in the knowledge folder; returns its path.

    Refused (LibraryError) where changing the library is switched off (``Settings.may_change_library``);
    refused (UploadError) when the type is not supported, it is larger than the limit, it cannot
    be read as its type, or a file of that name exists and ``replace`` is False.
    """
    refuse_unless_allowed(settings, "Adding policy documents")
    clean = safe_name(name)
    if not clean:
        raise UploadError(f"'{name}' is not a usable file name.")
    suffix = Path(clean).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadError(f"{clean}: '{suffix or 'no extension'}' files are not supported "
                          f"(use {', '.join(SUPPORTED_SUFFIXES)}).")
    if len(data) > settings.max_file_bytes:
        raise UploadError(f"{clean}: {size_message(len(data), settings.max_file_bytes)}.")
    try:
        read_document(Path(clean), data)
    except UnreadableFile as exc:
        raise UploadError(f"{clean} was not added: {exc}.") from None
    target = settings.knowledge_dir / clean
    if target.exists() and not replace:
        raise UploadError(f"{clean} is already in the knowledge folder. Choose to replace it, or rename the file.")
    try:
        saved = atomic_write(target, data, mode=0o644)
    except OSError as exc:
        raise UploadError(f"{clean} could not be saved in {settings.knowledge_dir}: {exc.strerror or exc}.") from None
    try:
        record_added(settings, clean)
    except (LibraryError, OSError, Timeout) as exc:  # the document is saved; only its date in the register is not
        log.warning("The library register was not updated for %s: %s", clean, exc)
    return saved
