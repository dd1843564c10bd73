"""Where drafts live: one interface, two implementations with the same behaviour.

- ``FileDraftStore``: a folder of JSON files (the laptop default; ``ASSISTANT_DRAFTS_DIR``), each write a
  compare-and-swap under the file's lock (``draft_store``).
- ``PostgresDraftStore``: a PostgreSQL table (``ASSISTANT_DATABASE_URL``), each write the same
  compare-and-swap under the row's lock, with the draft's revision as the row version; its schema is made
  and upgraded by Alembic migrations (``migrate``).

Both take and give ``Draft`` objects and name a draft by a key (the file's path; the row's key, made as the
file names are: ``LL-123-step-down``, then ``-2``...). The merge and conflict rules are one pure function
(``draft_store.decide``), so the two cannot drift apart; ``tests/casework/test_draft_stores.py`` runs one
suite against both, the PostgreSQL one on a real server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from assistant.casework.draft_store import WriteResult
from assistant.casework.drafts import Draft, UserRole
from assistant.casework.stores.files import FileDraftStore

__all__ = ["DraftStore", "FileDraftStore", "open_store"]


class DraftStore(Protocol):
    """What the app needs of a place that keeps drafts."""

    place: str
    """Where drafts are kept, as the app says it: "on this computer", "on this server"."""

    def label(self, key: str) -> str:
        """The draft's name as people see it."""

    def create(self, draft: Draft, role: UserRole, now: datetime,
               owner: tuple[str | None, str | None] = (None, None)) -> tuple[str, Draft]:
        """Keep a new draft under a key no other draft has: (the key, the draft as kept, at revision 1);
        ``owner`` (author's identifier, team) is recorded where the store keeps it (the database)."""

    def owner(self, key: str) -> tuple[str | None, str | None]:
        """The author's identifier and team recorded with the draft ((None, None): none recorded)."""

    def write(self, key: str, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
        """Compare-and-swap ``mine`` (made from ``base``) over the draft kept under ``key``
        (``draft_store.decide``: DraftConflict or DraftError when nothing is written)."""

    def load(self, key: str) -> Draft:
        """The draft kept under ``key``; DraftError if there is none or it cannot be read."""

    def matching(self, case_reference: str, pathway_id: str) -> list[str]:
        """The keys of the drafts kept for this case (case-insensitive) and pathway, newest first."""

    def all_keys(self) -> list[str]:
        """Every draft's key, newest first."""

    def remove_older_than(self, cutoff: datetime, dry_run: bool = False) -> list[str]:
        """Remove drafts last changed before ``cutoff`` (retention; none with ``dry_run``); their keys."""


def open_store(settings) -> DraftStore:
    """The store the settings name: PostgreSQL with ``ASSISTANT_DATABASE_URL``, otherwise the drafts folder."""
    url = getattr(settings, "database_url", None)
    if url:
        from assistant.casework.stores.postgres import PostgresDraftStore

        return PostgresDraftStore(url)
    return FileDraftStore(settings.draft_folder)
