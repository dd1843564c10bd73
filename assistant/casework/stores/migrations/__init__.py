"""The drafts database's schema, by Alembic migrations kept in this package (``versions/``).

``migrate(url)`` upgrades a database to the latest schema (``python -m assistant migrate``);
``check_current(engine)`` refuses a database that is not at it, naming the command.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from assistant.errors import StorageError

HERE = Path(__file__).resolve().parent


def _config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head() -> str:
    return str(ScriptDirectory.from_config(_config()).get_current_head())


def migrate(url: str) -> str:
    """Upgrade the database at ``url`` to the latest schema; returns its revision."""
    command.upgrade(_config(url), "head")
    return head()


def check_current(engine) -> None:
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:
        raise StorageError(f"The drafts database cannot be reached ({type(exc).__name__}).") from None
    if current != head():
        raise StorageError(f"The drafts database is at schema {current or 'none'}, not {head()}: run "
                           f"`python -m assistant migrate` with ASSISTANT_DATABASE_URL set.")
