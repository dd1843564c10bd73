"""The audit log in PostgreSQL (with ``ASSISTANT_DATABASE_URL``): the same events as the JSON-lines file
(``audit.AuditEvent``: time, session, pathway, action, policy versions; never content), one row each, so every
app process of a council's server writes to one log. Table ``audit_events`` (migration 0002)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, MetaData, String, Table, Text, create_engine, delete, select
from sqlalchemy.exc import SQLAlchemyError

from assistant.config import Settings
from assistant.errors import StorageError
from assistant.privacy.audit import AuditEvent, AuditLog

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


class DatabaseAuditLog(AuditLog):
    """``AuditLog`` (record, events, purge) over the ``audit_events`` table: the same events, one row each."""

    def __init__(self, settings: Settings):
        assert settings.database_url
        self.enabled = settings.audit_enabled
        self.engine = create_engine(settings.database_url, pool_pre_ping=True)

    def _append(self, event: AuditEvent) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(audit_events.insert().values(
                    time=event.time, session=event.session, pathway=event.pathway, action=event.action,
                    policy_versions=json.dumps(event.policy_versions, sort_keys=True), user_id=event.user_id))
        except SQLAlchemyError:
            raise StorageError("The audit log could not be written: the database cannot be reached.") from None

    def events(self) -> list[AuditEvent]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(audit_events).order_by(audit_events.c.time, audit_events.c.id)).all()
        return [AuditEvent(time=r.time, session=r.session, pathway=r.pathway, action=r.action,
                           policy_versions=json.loads(r.policy_versions), user_id=r.user_id) for r in rows]

    def purge(self, before: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(audit_events).where(audit_events.c.time < before)).rowcount
