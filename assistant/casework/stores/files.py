"""Drafts as JSON files in a folder (the laptop default): the key is the file name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.casework import draft_store
from assistant.casework.draft_store import WriteResult
from assistant.casework.drafts import Draft, UserRole, load_draft
from assistant.errors import DraftError


class FileDraftStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        path = self.folder / key
        if Path(key).name != key or not key.endswith(".json") or key.startswith("."):
            raise DraftError(f"'{key}' is not the name of a draft file.")
        return path

    def create(self, draft: Draft, role: UserRole, now: datetime) -> tuple[str, Draft]:
        path, saved = draft_store.create(self.folder, draft, role, now)
        return path.name, saved

    def write(self, key: str, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
        return draft_store.write(self._path(key), mine, base, role, now)

    def load(self, key: str) -> Draft:
        path = self._path(key)
        if not path.is_file():
            raise DraftError(f"There is no draft {key}.")
        return load_draft(path)

    def matching(self, case_reference: str, pathway_id: str) -> list[str]:
        return [path.name for path in draft_store.matching(self.folder, case_reference, pathway_id)]

    def keys(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        paths = [p for p in self.folder.glob("*.json") if p.is_file()]
        return [p.name for p in sorted(paths, key=lambda p: p.stat().st_mtime, reverse=True)]

    def remove_older_than(self, cutoff: datetime) -> int:
        removed = 0
        for key in self.keys():
            path = self.folder / key
            if datetime.fromtimestamp(path.stat().st_mtime, cutoff.tzinfo) < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
