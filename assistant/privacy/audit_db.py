"""The audit log in PostgreSQL (with ``ASSISTANT_DATABASE_URL``): the same events as the JSON-lines file
(``audit.AuditEvent``: time, session, pathway, action, policy versions; never content), one row each, so every
app process of a council's server writes to one log. Table ``audit_events`` (migration 0002)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, DateTime, MetaData, String, Table, Text, create_engine, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from assistant.config import Settings
from assistant.errors import StorageError
from assistant.privacy.audit import Action, AuditEvent

metadata = MetaData()
audit_events = Table(
    "audit_events", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("time", DateTime(timezone=True), nullable=False, index=True),
    Column("session", String(64), nullable=False),
    Column("pathway", String(40)),
    Column("action", String(40), nullable=False),
    Column("policy_versions", Text, nullable=False),
    Column("user_id", String(128)),
)


class DatabaseAuditLog:
    """``AuditLog``'s interface (record, events, purge) over the ``audit_events`` table."""

    def __init__(self, settings: Settings):
        assert settings.database_url
        self.enabled = settings.audit_enabled
        self.engine = create_engine(settings.database_url, pool_pre_ping=True)

    def record(self, session: str, action: Action, pathway: str | None = None,
               versions: dict[str, str] | None = None, now: datetime | None = None,
               user_id: str | None = None) -> AuditEvent | None:
        if not self.enabled:
            return None
        event = AuditEvent(time=now or datetime.now(UTC), session=session, pathway=pathway,
                           action=action, policy_versions=versions or {}, user_id=user_id)
        try:
            with self.engine.begin() as conn:
                conn.execute(audit_events.insert().values(
                    time=event.time, session=event.session, pathway=event.pathway, action=event.action,
                    policy_versions=json.dumps(event.policy_versions, sort_keys=True), user_id=event.user_id))
        except SQLAlchemyError:
            raise StorageError("The audit log could not be written: the database cannot be reached.") from None
        return event

    def events(self) -> list[AuditEvent]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(audit_events).order_by(audit_events.c.time, audit_events.c.id)).all()
        return [AuditEvent(time=r.time, session=r.session, pathway=r.pathway, action=r.action,
                           policy_versions=json.loads(r.policy_versions), user_id=r.user_id) for r in rows]

    def count_before(self, before: datetime) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(audit_events)
                                    .where(audit_events.c.time < before)).scalar_one())

    def purge(self, before: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(audit_events).where(audit_events.c.time < before)).rowcount
