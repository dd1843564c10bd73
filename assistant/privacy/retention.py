"""Retention: remove drafts, exports and audit entries older than the configured number of days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.config import Settings
from assistant.privacy.audit import audit_log


@dataclass
class PurgeReport:
    cutoff: datetime
    drafts: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    audit_entries: int = 0


def _old_files(folder: Path, cutoff: datetime) -> list[Path]:
    if not folder.is_dir():
        return []
    limit = cutoff.timestamp()
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink() and p.stat().st_mtime < limit)


def purge(settings: Settings, days: int | None = None, now: datetime | None = None,
          dry_run: bool = False) -> PurgeReport:
    """Delete drafts (files, or rows with ``ASSISTANT_DATABASE_URL``) and exports last changed more than ``days``
    ago, and older audit entries."""
    days = settings.retention_days if days is None else days
    if days < 1:
        raise ValueError("retention must be at least 1 day")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    report = PurgeReport(cutoff=cutoff)
    folders = [(settings.export_folder, report.exports)]
    if settings.database_url:  # drafts in PostgreSQL: the rows last changed before the cut-off
        from assistant.casework.stores import open_store

        report.drafts = open_store(settings).remove_older_than(cutoff, dry_run=dry_run)
    else:
        folders.insert(0, (settings.draft_folder, report.drafts))
    for folder, names in folders:
        for path in _old_files(folder, cutoff):
            names.append(path.name)
            if not dry_run:
                path.unlink(missing_ok=True)
    log = audit_log(settings)
    if dry_run:
        report.audit_entries = sum(1 for e in log.events() if e.time < cutoff)
    else:
        report.audit_entries = log.purge(cutoff)
    return report
