"""One suite, both stores: the drafts folder and PostgreSQL (a real server) keep drafts with the same
compare-and-swap, merge and conflict rules, the same keys, the same matching and retention."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.draft_edits import answered, at, reviewed
from helpers.postgres import running_postgres
from sqlalchemy import create_engine, text

from assistant.casework.draft_store import DraftConflict
from assistant.casework.drafts import Draft
from assistant.casework.stores import FileDraftStore
from assistant.errors import DraftError, StorageError


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from assistant.casework.stores.migrations import migrate

    with running_postgres(tmp_path_factory.mktemp("postgres")) as url:
        migrate(url)
        yield url


@pytest.fixture(params=["files", "postgres"])
def store(request, tmp_path):
    if request.param == "files":
        return FileDraftStore(tmp_path / "drafts")
    url = request.getfixturevalue("database")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM drafts"))
    engine.dispose()
    from assistant.casework.stores.postgres import PostgresDraftStore

    return PostgresDraftStore(url)


def new(reference: str = "LL-4242") -> Draft:
    return Draft.new("step-down", "social_worker", reference, at(0))


def key_of(store, stem: str) -> str:
    return str(store.folder / f"{stem}.json") if isinstance(store, FileDraftStore) else stem


def test_a_new_draft_is_kept_at_revision_one_under_its_own_key(store):
    key, saved = store.create(new(), "social_worker", at(0))
    assert key == key_of(store, "LL-4242-step-down") and saved.revision == 1
    assert store.label(key) == "LL-4242-step-down"
    assert store.load(key) == saved
    assert [(c.revision, c.role) for c in store.load(key).history] == [(1, "social_worker")]
    second, _ = store.create(new(), "social_worker", at(1))
    assert second == key_of(store, "LL-4242-step-down-2")
    assert store.matching("ll-4242", "step-down") == [second, key]
    assert store.matching("LL-4242", "long-plan") == [] and store.all_keys() == [second, key]


def test_the_two_browser_scenario_keeps_the_managers_review(store):
    key, base = store.create(new(), "social_worker", at(0))
    sw_base = store.write(key, answered(base, "sd-initial-concern", "partly_evidenced"), base, "social_worker",
                          at(1)).draft
    tm_base = store.load(key)
    store.write(key, reviewed(tm_base), tm_base, "team_manager", at(2))
    result = store.write(key, answered(sw_base, "sd-initial-concern", "evidenced"), sw_base, "social_worker", at(3))
    kept = store.load(key)
    assert kept.reviews["team_manager"].rationale == "team_manager rationale"
    assert kept.answers.items["sd-initial-concern"].status == "evidenced"
    assert result.merged_in == {"review:team_manager"} and kept.revision == 4


def test_the_same_part_changed_twice_is_a_conflict_that_writes_nothing(store):
    key, base = store.create(new(), "social_worker", at(0))
    store.write(key, answered(base, "sd-initial-concern", "evidenced", "seen at school"), base, "team_manager", at(1))
    before = store.load(key)
    with pytest.raises(DraftConflict) as caught:
        store.write(key, answered(base, "sd-initial-concern", "not_evidenced"), base, "social_worker", at(2))
    assert [c.part for c in caught.value.clashes] == ["answer:sd-initial-concern"]
    assert caught.value.clashes[0].by == ("team_manager",)
    assert store.load(key) == before


def test_an_unchanged_write_stores_nothing_new(store):
    key, base = store.create(new(), "social_worker", at(0))
    assert store.write(key, base, base, "social_worker", at(1)).draft.revision == 1
    assert store.load(key).revision == 1


def remove(store, key: str) -> None:
    """Someone removes the draft outside this writer (the file deleted; the row deleted)."""
    if isinstance(store, FileDraftStore):
        Path(key).unlink()
    else:
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM drafts WHERE key = :key"), {"key": key})


def test_a_draft_removed_meanwhile_is_not_recreated_silently_and_unknown_keys_are_errors(store):
    key, base = store.create(new(), "social_worker", at(0))
    remove(store, key)
    with pytest.raises(DraftError, match="no longer there"):
        store.write(key, answered(base, "sd-initial-concern"), base, "social_worker", at(2))
    with pytest.raises(DraftError, match="There is no draft"):
        store.load(key)
    assert store.all_keys() == []


def test_retention_removes_only_drafts_last_changed_before_the_cut_off(store):
    old_key, _ = store.create(new("LL-1"), "social_worker", at(0))
    new_key, _ = store.create(new("LL-2"), "social_worker", datetime.now(UTC))
    if isinstance(store, FileDraftStore):  # a file's age is its modification time
        import os

        os.utime(old_key, (at(0).timestamp(), at(0).timestamp()))
    assert store.remove_older_than(at(60), dry_run=True) == [old_key] and len(store.all_keys()) == 2
    assert store.remove_older_than(at(60)) == [old_key]
    assert store.all_keys() == [new_key]


def test_many_writers_of_one_draft_lose_no_answer(store):
    """Eight writers at once, each answering its own item from the same base: every answer is kept and the
    revision counts every write (the file lock; the row lock and row version)."""
    key, base = store.create(new(), "social_worker", at(0))
    items = ["sd-initial-concern", "sd-history", "sd-strengths", "sd-network", "sd-child-voice", "sd-parents",
             "sd-agencies", "sd-plan"]
    errors: list[Exception] = []

    def answer(item: str) -> None:
        try:
            store.write(key, answered(base, item), base, "social_worker", at(1))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kept = store.load(key)
    assert set(kept.answers.items) == set(items) and kept.revision == 1 + len(items)


def test_a_database_not_at_the_latest_schema_is_refused_naming_the_command(tmp_path_factory):
    from assistant.casework.stores.postgres import PostgresDraftStore

    with running_postgres(tmp_path_factory.mktemp("empty-postgres")) as url:
        with pytest.raises(StorageError, match="run `python -m assistant migrate`"):
            PostgresDraftStore(url)
    with pytest.raises(StorageError, match="cannot be reached"):
        PostgresDraftStore(url)  # the server is stopped now


def test_with_sign_in_a_draft_is_open_to_its_author_and_the_managers_of_their_team_only(store):
    from assistant.access import NotPermitted, Person
    from assistant.casework.stores.scoped import ScopedStore

    author = Person("sw-1", "north", ("social_worker",))
    refused: list[str] = []
    key, _ = ScopedStore(store, author).create(new(), "social_worker", at(0))
    if isinstance(store, FileDraftStore):  # files record no author: a laptop is one person's
        assert ScopedStore(store, Person("tm-9", "south", ("team_manager",))).load(key).case_reference == "LL-4242"
        return
    assert store.owner(key) == ("sw-1", "north")
    for person, allowed in ((author, True), (Person("tm-1", "north", ("team_manager",)), True),
                            (Person("ch-1", "north", ("cp_chair",)), True),
                            (Person("tm-2", "south", ("team_manager",)), False),
                            (Person("sw-2", "north", ("social_worker",)), False)):
        scoped = ScopedStore(store, person, on_refused=refused.append)
        assert (key in scoped.all_keys()) is allowed and (scoped.matching("LL-4242", "step-down") == [key]) is allowed
        if allowed:
            assert scoped.load(key).case_reference == "LL-4242"
        else:
            with pytest.raises(NotPermitted, match="open to its author and the managers of the author's team"):
                scoped.load(key)
            with pytest.raises(NotPermitted):
                scoped.write(key, new(), None, "team_manager", at(1))
    assert refused == [key] * 4  # each refusal reported (the app audits it), for load and write
    assert ScopedStore(store, None).load(key).case_reference == "LL-4242"  # sign-in off: no scoping
