"""A draft store as one signed-in person sees it: only the drafts they may open (``access.may_open``: their
own, and their team's if they manage it), and a refusal, audited, for any other. New drafts record their
author and team. With sign-in off (``person`` None) it passes everything through unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from assistant.access import NotPermitted, Person, may_open
from assistant.casework.draft_store import WriteResult
from assistant.casework.drafts import Draft, UserRole


class ScopedStore:
    def __init__(self, store, person: Person | None, on_refused: Callable[[str], None] | None = None):
        self.store = store
        self.person = person
        self.on_refused = on_refused
        self.place = store.place

    def label(self, key: str) -> str:
        return self.store.label(key)

    def _may(self, key: str) -> bool:
        author, team = self.store.owner(key)
        return may_open(self.person, author, team)

    def _check(self, key: str) -> None:
        if not self._may(key):
            if self.on_refused is not None:
                self.on_refused(key)
            raise NotPermitted("This draft is open to its author and the managers of the author's team only.")

    def create(self, draft: Draft, role: UserRole, now: datetime) -> tuple[str, Draft]:
        owner = (self.person.user_id, self.person.team) if self.person else (None, None)
        return self.store.create(draft, role, now, owner=owner)

    def write(self, key: str, mine: Draft, base: Draft | None, role: UserRole, now: datetime) -> WriteResult:
        self._check(key)
        return self.store.write(key, mine, base, role, now)

    def load(self, key: str) -> Draft:
        self._check(key)
        return self.store.load(key)

    def matching(self, case_reference: str, pathway_id: str) -> list[str]:
        return [key for key in self.store.matching(case_reference, pathway_id) if self._may(key)]

    def all_keys(self) -> list[str]:
        return [key for key in self.store.all_keys() if self._may(key)]
