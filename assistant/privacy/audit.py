"""The audit log: who did what kind of thing, when, against which policy versions. Never what.

Each line of the log (JSON lines, ``ASSISTANT_AUDIT_LOG``, default ``data/audit.jsonl``) is an
``AuditEvent``: the time, a random per-session id, the pathway id, the action and the policy
versions. The model forbids any other field, so case text, notes, names and the text of
questions cannot be written here by mistake.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field

from assistant.config import Settings
from assistant.files import atomic_write

Action = Literal[
    "asked_question", "saved_draft", "opened_draft", "exported_summary", "recorded_review", "reindexed",
    "added_policy", "removed_policy", "refused_draft",
]
LOCK_TIMEOUT = 30


class AuditEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    time: datetime
    session: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    """A random id for one app session or one command run; not linked to a person."""
    pathway: str | None = Field(default=None, pattern=r"^[a-z0-9-]{1,40}$")
    action: Action
    policy_versions: dict[str, str] = Field(default_factory=dict)
    """Policy file -> version and content hash prefix, e.g. 'v2 sha256:ae8b71b83af7'."""
    user_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._:@|-]{1,128}$")
    """On a server with sign-in: the person's identifier from their token (``sub``), never a name."""


def policy_versions(documents) -> dict[str, str]:
    """``{file: 'version sha256:hash12'}`` for PolicyDocument-like objects."""
    return {d.source: f"{d.version or 'unversioned'} sha256:{d.sha256[:12]}" for d in documents}


class AuditLog:
    """Append-only JSON lines with a lock; ``purge`` drops entries older than a cut-off."""

    def __init__(self, settings: Settings):
        self.enabled = settings.audit_enabled
        self.path = Path(settings.audit_path)
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    def record(self, session: str, action: Action, pathway: str | None = None,
               versions: dict[str, str] | None = None, now: datetime | None = None,
               user_id: str | None = None) -> AuditEvent | None:
        """Append one event (validated first); returns it, or None when auditing is off."""
        if not self.enabled:
            return None
        event = AuditEvent(time=now or datetime.now(UTC), session=session, pathway=pathway,
                           action=action, policy_versions=versions or {}, user_id=user_id)
        self._append(event)
        return event

    def _append(self, event: AuditEvent) -> None:
        """Write one validated event (a line of the file; the database's log, a row)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = event.model_dump(mode="json")
        if data["user_id"] is None:  # without sign-in, lines are as they always were
            del data["user_id"]
        line = json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)

    def events(self) -> list[AuditEvent]:
        """Every readable event, oldest first (a damaged line is skipped, never fatal)."""
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                out.append(AuditEvent.model_validate_json(line))
            except ValueError:
                continue
        return out

    def purge(self, before: datetime) -> int:
        """Remove entries older than ``before`` (damaged lines too); returns how many went."""
        if not self.path.exists():
            return 0
        with self._lock:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
            keep = []
            for line in lines:
                try:
                    if AuditEvent.model_validate_json(line).time >= before:
                        keep.append(line)
                except ValueError:
                    continue
            if len(keep) != len(lines):
                atomic_write(self.path, "".join(f"{line}\n" for line in keep).encode("utf-8"))
            return len(lines) - len(keep)



def audit_log(settings: Settings):
    """The audit log the settings name: the database's table with ``ASSISTANT_DATABASE_URL``, else the file."""
    if settings.database_url:
        from assistant.privacy.audit_db import DatabaseAuditLog

        return DatabaseAuditLog(settings)
    return AuditLog(settings)
