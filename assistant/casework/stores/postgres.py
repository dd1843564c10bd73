"""Drafts in PostgreSQL (``ASSISTANT_DATABASE_URL``, e.g. ``postgresql+psycopg://user@host:5432/db``).

One row per draft: its key, case reference, pathway, revision (the row version), when it last changed
and the draft's JSON. A write reads the row ``FOR UPDATE`` (so two writers of one draft take turns, across
any number of app processes), decides with ``draft_store.decide`` exactly as the file store does, and
updates the row only where its revision is still the one read. A new draft is inserted under a key no row
has (the same keys as the files': ``LL-123-step-down``, ``-2``...); two creators of one key cannot both
win (the primary key). The schema is Alembic's (``migrate``); a database not yet at the latest schema is
refused with the command that upgrades it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import SQLAlchemyError as _SQLAlchemyError

from assistant.casework import draft_store
from assistant.casework.draft_store import WriteResult
from assistant.casework.drafts import Draft, UserRole, parse_draft
from assistant.errors import DraftError, StorageError

metadata = MetaData()
drafts = Table(
    "drafts", metadata,
    Column("key", String(200), primary_key=True),
    Column("case_reference", String(40), nullable=False, index=True),
    Column("pathway_id", String(40), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("author_id", String(128)),
    Column("team", String(128)),
)
MAX_COPIES = 999


class PostgresDraftStore:
    place = "on this server"
    """Where drafts are kept, as the app says it."""

    @staticmethod
    def label(key: str) -> str:
        return key

    def __init__(self, url: str):
        from assistant.casework.stores.migrations import check_current

        self.engine = create_engine(url, pool_pre_ping=True)
        check_current(self.engine)

    def _row(self, conn, key: str, lock: bool = False):
        query = select(drafts.c.body, drafts.c.revision).where(drafts.c.key == key)
        return conn.execute(query.with_for_update() if lock else query).first()

    def owner(self, key: str) -> tuple[str | None, str | None]:
        """Who started the draft and their team (None, None: unknown, or no such draft)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(drafts.c.author_id, drafts.c.team).where(drafts.c.key == key)).first()
        return (row.author_id, row.team) if row else (None, None)

    def create(self, draft: Draft, role: UserRole, now: datetime,
               owner: tuple[str | None, str | None] = (None, None)) -> tuple[str, Draft]:
        stem = draft_store.stem(draft.case_reference, draft.pathway_id)
        fresh = draft.model_copy(update={"revision": 0, "history": []})
        for n in range(1, MAX_COPIES + 1):
            key = stem if n == 1 else f"{stem}-{n}"
            saved, _ = draft_store.decide(None, fresh, None, role, now, key)
            assert saved is not None
            try:
                with self.engine.begin() as conn:
                    conn.execute(drafts.insert().values(key=key, author_id=owner[0], team=owner[1],
                                                        **_row_values(saved)))
            except IntegrityError:
                continue  # that key is taken: the next one
            except _SQLAlchemyError as exc:
                raise _storage_error(exc) from None
            return key, saved
        raise DraftError(f"There are already {MAX_COPIES} drafts for {draft.case_reference} on this pathway.")

    def write(self, key: str, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
        try:
            with self.engine.begin() as conn:
                row = self._row(conn, key, lock=True)
                theirs = parse_draft(row.body.encode(), f"the draft {key}") if row else None
                saved, result = draft_store.decide(theirs, mine, base, role, now, key)
                if saved is None:
                    return result
                values = _row_values(saved)
                if row is None:
                    conn.execute(drafts.insert().values(key=key, **values))
                else:
                    done = conn.execute(drafts.update().where(drafts.c.key == key,
                                                              drafts.c.revision == row.revision).values(**values))
                    if done.rowcount != 1:  # cannot happen under the row lock; never write over a change
                        raise DraftError(f"The draft {key} changed while it was being saved; try again.")
                return result
        except IntegrityError:
            raise DraftError(f"There is already a draft saved as {key}: open it, or start a separate draft.") from None
        except _SQLAlchemyError as exc:
            raise _storage_error(exc) from None

    def load(self, key: str) -> Draft:
        try:
            with self.engine.connect() as conn:
                row = self._row(conn, key)
        except _SQLAlchemyError as exc:
            raise _storage_error(exc) from None
        if row is None:
            raise DraftError(f"There is no draft {key}.")
        return parse_draft(row.body.encode(), f"the draft {key}")

    def matching(self, case_reference: str, pathway_id: str) -> list[str]:
        query = (select(drafts.c.key).where(func.lower(drafts.c.case_reference) == case_reference.lower(),
                                            drafts.c.pathway_id == pathway_id)
                 .order_by(drafts.c.updated_at.desc()))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def all_keys(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(drafts.c.key).order_by(drafts.c.updated_at.desc())).scalars())

    def remove_older_than(self, cutoff: datetime, dry_run: bool = False) -> list[str]:
        with self.engine.begin() as conn:
            old = list(conn.execute(select(drafts.c.key).where(drafts.c.updated_at < cutoff)
                                    .order_by(drafts.c.key)).scalars())
            if not dry_run:
                conn.execute(delete(drafts).where(drafts.c.key.in_(old)))
            return old


def _row_values(draft: Draft) -> dict:
    return {"case_reference": draft.case_reference, "pathway_id": draft.pathway_id, "revision": draft.revision,
            "updated_at": draft.updated_at, "body": draft.to_bytes().decode("utf-8")}


def _storage_error(exc: Exception) -> StorageError:
    if isinstance(exc, OperationalError):
        return StorageError("The drafts database cannot be reached; nothing was saved. Try again, and tell "
                            "whoever runs this server if it goes on.")
    return StorageError(f"The drafts database refused the request ({type(exc).__name__}); nothing was saved.")
