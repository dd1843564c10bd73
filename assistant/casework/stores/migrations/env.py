"""Alembic's environment: the URL from the config (``migrations.migrate``), the drafts table's metadata."""

from alembic import context
from sqlalchemy import create_engine

from assistant.casework.stores.postgres import metadata

config = context.config


def run() -> None:
    engine = create_engine(str(config.get_main_option("sqlalchemy.url")))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
