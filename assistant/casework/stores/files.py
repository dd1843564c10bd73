"""Drafts as JSON files (the laptop default): a draft's key is its file's path; new drafts go in the
drafts folder (``ASSISTANT_DRAFTS_DIR``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.casework import draft_store
from assistant.casework.draft_store import WriteResult
from assistant.casework.drafts import Draft, UserRole, load_draft
from assistant.errors import DraftError


class FileDraftStore:
    place = "on this computer"
    """Where drafts are kept, as the app says it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @staticmethod
    def _path(key: str) -> Path:
        if not key.endswith(".json"):
            raise DraftError(f"'{Path(key).name}' is not the name of a draft file.")
        return Path(key)

    @staticmethod
    def label(key: str) -> str:
        """How people see the draft's name: the file name without '.json'."""
        return Path(key).stem

    def create(self, draft: Draft, role: UserRole, now: datetime,
               owner: tuple[str | None, str | None] = (None, None)) -> tuple[str, Draft]:
        """(A file records no author: files are for one person's computer.)"""
        path, saved = draft_store.create(self.folder, draft, role, now)
        return str(path), saved

    @staticmethod
    def owner(key: str) -> tuple[str | None, str | None]:
        return None, None

    def write(self, key: str, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
        return draft_store.write(self._path(key), mine, base, role, now)

    def load(self, key: str) -> Draft:
        path = self._path(key)
        if not path.is_file():
            raise DraftError(f"There is no draft {path.name}.")
        return load_draft(path)

    def matching(self, case_reference: str, pathway_id: str) -> list[str]:
        return [str(path) for path in draft_store.matching(self.folder, case_reference, pathway_id)]

    def all_keys(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        paths = [p for p in self.folder.glob("*.json") if p.is_file()]
        return [str(p) for p in sorted(paths, key=lambda p: p.stat().st_mtime, reverse=True)]

    def remove_older_than(self, cutoff: datetime, dry_run: bool = False) -> list[str]:
        old = [key for key in self.all_keys()
               if datetime.fromtimestamp(Path(key).stat().st_mtime, cutoff.tzinfo) < cutoff]
        if not dry_run:
            for key in old:
                Path(key).unlink(missing_ok=True)
        return old
