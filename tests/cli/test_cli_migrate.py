"""``python -m assistant migrate``: the drafts database's schema made and upgraded (a real PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.postgres import running_postgres
from helpers.support import cli_env, run_cli

from assistant.casework.drafts import Draft


def test_without_a_database_it_says_so(tmp_path):
    got = run_cli(["migrate"], cli_env(data_dir=tmp_path))
    assert got.returncode == 2 and "ASSISTANT_DATABASE_URL is not set" in got.stderr


def test_it_makes_the_schema_once_and_again_changes_nothing(tmp_path):
    from assistant.casework.stores.postgres import PostgresDraftStore

    with running_postgres(tmp_path) as url:
        env = cli_env(data_dir=tmp_path / "data", database_url=url)
        for _ in range(2):
            got = run_cli(["migrate"], env)
            assert (got.returncode, got.stdout) == (0, "database schema: 0004\n"), got.stderr
        store = PostgresDraftStore(url)
        key, _ = store.create(Draft.new("step-down", "social_worker", "LL-55", datetime.now(UTC)), "social_worker",
                              datetime.now(UTC))
        assert store.all_keys() == [key]


def test_an_unreachable_database_is_a_clear_error_without_the_url(tmp_path):
    url = "postgresql+psycopg://assistant:secret-pw@127.0.0.1:1/postgres"
    got = run_cli(["migrate"], cli_env(data_dir=tmp_path, database_url=url))
    assert got.returncode == 1 and "could not be upgraded" in got.stderr
    assert "secret-pw" not in got.stderr + got.stdout
