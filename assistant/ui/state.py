"""The session's case data: only plain JSON-able values in ``st.session_state``, models out.

The keys are in ``keys`` (with what each holds); this module reads and writes the case data behind
them: the draft and its answers, the tab token and a manager's review in progress (the chat history
is in ``history``, which loads the language-model code only when the chat is opened).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import cast

import streamlit as st

from assistant.casework import draft_store
from assistant.casework.draft_store import DraftConflict
from assistant.casework.drafts import Draft, UserRole
from assistant.casework.pathways import ItemAnswer, Status
from assistant.casework.pathways.engine import NOT_APPLICABLE_REFUSED
from assistant.errors import DraftError
from assistant.ui import keys


def session_id() -> str:
    """A random id for this browser session (for the audit log; not linked to a person)."""
    return st.session_state.setdefault(keys.SESSION_ID, uuid.uuid4().hex)


def audit(action: str, pathway: str | None = None) -> None:
    """Record an action (never its content) in the audit log."""
    from assistant.privacy.audit import policy_versions
    from assistant.ui import resources

    resources.audit_log().record(session_id(), action, pathway, policy_versions(resources.grounding().documents),
                                 user_id=st.session_state.get(keys.USER_ID))


def now() -> datetime:
    return datetime.now().astimezone()


def case_today(value: Draft) -> date | datetime:
    """What ``value``'s deadlines are judged against: now or, for the training case being worked, the day
    its scenario is set (so the case's fictional dates do not all show as overdue)."""
    from assistant.ui import resources

    active = st.session_state.get(keys.VIGNETTE)
    vignette = resources.vignettes().get(active) if active else None
    working = WORK.get()
    if (vignette is not None and working is not None and value.pathway_id == vignette.pathway
            and value.case_reference == working.case_reference):
        return vignette.today
    return now()


def open_step(step: str) -> None:
    """Show walk-through step ``step`` (a callback for Back and Next; ``navigation.switch_to`` from
    another page)."""
    st.session_state[keys.STEP] = step


@dataclass(frozen=True)
class Slot:
    """Where a session holds a draft it works on: the walk-through's (``WORK``) or the one under
    manager review (``REVIEW``). Each keeps the version it last read or wrote (its base), so every
    write is a compare-and-swap (``DraftStore.write``): another person's changes to other parts are
    merged in, and a change to the same part is refused with a conflict recorded, nothing overwritten.

    The draft, its base, where it is kept, the role writing it and a refused write are one record under
    one session key, always replaced whole. Streamlit may stop a run at any read or write of the
    session state (each is a point where a newer rerun request is taken up), so a record built up key
    by key could be left half made: a new case's draft beside the last case's file, or a change held
    but never written. With one record a run cut short leaves the old record or the new one, and a
    change held but not yet written (the person's version differs from its base) is written by
    ``flush`` at the top of the next run."""

    key: str

    def _record(self) -> dict:
        return st.session_state.get(self.key) or {}

    def _put(self, record: dict, **changes: object) -> None:
        st.session_state[self.key] = {**record, **changes}

    def get(self) -> Draft | None:
        data = self._record().get("draft")
        return Draft.model_validate(data) if data else None

    def base_draft(self) -> Draft | None:
        data = self._record().get("base")
        return Draft.model_validate(data) if data else None

    def file(self) -> str | None:
        """The key the draft is kept under in the draft store (a file's path, a row's key), None if not kept."""
        value = self._record().get("path")
        return str(value) if value else None

    def hold(self, value: Draft, key: str | None) -> None:
        """Hold ``value`` as read from the store under ``key`` (or not kept anywhere yet)."""
        data = value.model_dump(mode="json")
        st.session_state[self.key] = {"draft": data, "base": data, "path": str(key) if key else None}

    def clear(self) -> None:
        st.session_state.pop(self.key, None)

    def save(self, value: Draft, role: UserRole) -> Draft:
        """Keep ``value``; if it has a file, write it there as ``role``. Returns the draft now held (with
        other people's changes merged in). A refused write leaves ``value`` held and the conflict recorded.

        ``value`` is held before it is written: if the run is cut short in between, ``flush`` writes it
        on the next run (a part both versions hold alike is no clash, so a write repeated is harmless)."""
        autosave = st.session_state.get(keys.AUTOSAVE, True)
        record = self._record()
        self._put(record, draft=value.model_dump(mode="json"), role=role)
        path = record.get("path")
        if not path or not autosave:
            return value
        base = Draft.model_validate(record["base"]) if record.get("base") else None
        try:
            result = self._write(path, value, base, role, record.get("sent"))
        except DraftConflict as exc:
            self._put(self._record(), conflict={
                "clashes": [{"part": c.part, "by": list(c.by), "at": c.at.isoformat() if c.at else None}
                            for c in exc.clashes],
                "theirs": exc.theirs.model_dump(mode="json"),
            })
            return value
        except DraftError as exc:
            st.session_state[keys.AUTOSAVE_ERROR] = str(exc)
            return value
        self._adopt(result.draft, result.merged_in)
        st.session_state.pop(keys.AUTOSAVE_ERROR, None)
        return result.draft

    def _write(self, path: str, value: Draft, base: Draft | None, role: UserRole, sent: dict | None):
        """Write ``value`` over ``base``. ``sent`` is the version this slot last sent to the store whose result it
        never took in (the run was cut short between the write and ``_adopt``): the file may hold it, a revision
        after ``base``. A clash only with what this slot itself sent is no clash with anyone: the slot's changes
        since ``base`` and its sent write are made again over what is stored, so other people's changes in the
        meantime are kept, never undone (the store reads what others changed from the history too, so the retry
        is made over the stored version rather than over ``base``). (Found in a browser test: a status saved, the
        run cut short, and then every later save of the same answer refused as a clash with the person's own
        status.)"""
        self._put(self._record(), sent=value.model_dump(mode="json"))
        try:
            return store().write(path, value, base, role, now())
        except DraftConflict as exc:
            if not sent or base is None:
                raise
            own = draft_store.parts(Draft.model_validate(sent))
            theirs = draft_store.parts(exc.theirs)
            clashing = {c.part for c in exc.clashes}
            if any(theirs.get(part) != own.get(part) for part in clashing):
                raise
            # rebased on what is stored: the parts this slot changed since its base and its own sent write, over
            # everything else as stored (others' changes kept), written as the next revision of what is stored
            mine = draft_store.changed_parts(draft_store.with_parts(base, own, clashing), value)
            rebased = draft_store.with_parts(exc.theirs, draft_store.parts(value), mine).model_copy(
                update={"current_step": value.current_step})
            return store().write(path, rebased, exc.theirs, role, now())

    def unwritten(self) -> bool:
        """True when the draft held has changes its file does not (yet) have: held, but the run that
        held them was cut short before writing, or the write failed. False when there is no file or a
        conflict waits for the person."""
        record = self._record()
        if not record.get("path") or record.get("conflict") or not record.get("draft") or not record.get("base"):
            return False
        mine, base = Draft.model_validate(record["draft"]), Draft.model_validate(record["base"])
        return bool(draft_store.changed_parts(base, mine)) or mine.current_step != base.current_step

    def flush(self) -> None:
        """Write what is held but not written (``unwritten``), as the role that last changed it (run at
        the top of every page, before ``refresh``)."""
        if not self.unwritten() or not st.session_state.get(keys.AUTOSAVE, True):
            return
        mine = self.get()
        assert mine is not None
        self.save(mine, cast(UserRole, self._record().get("role") or user_role()))

    def refresh(self) -> None:
        """Take in what others saved since this session's base, when this session has nothing unsaved
        (run at the top of every page, so a manager's review or a colleague's answer shows up)."""
        path, base, mine = self.file(), self.base_draft(), self.get()
        if path is None or base is None or mine is None or self._record().get("conflict"):
            return
        try:
            saved = store().load(path)
        except DraftError:
            return
        if saved.revision == base.revision or draft_store.changed_parts(base, mine):
            return
        changed = draft_store.changed_parts(base, saved)
        self._adopt(saved.model_copy(update={"current_step": mine.current_step}), changed)

    def _adopt(self, value: Draft, others: set[str]) -> None:
        """Hold ``value`` as written or read now. The widgets of the parts others changed are dropped
        first: were the run cut short in between, a stale widget must not be taken for this person's
        answer and written over theirs (``commit_widgets``)."""
        self._forget(others)
        data = value.model_dump(mode="json")
        self._put(self._record(), draft=data, base=data, conflict=None, sent=None)

    def _forget(self, parts: set[str] | None) -> None:
        """Drop this slot's widgets for ``parts`` (all for None) so they are drawn again from the draft."""
        if self is WORK:
            forget_widgets(parts)
            return
        for key in [k for k in list(st.session_state) if isinstance(k, str) and k.startswith("mgr:item:")]:
            item_id = key[len("mgr:item:"):].rsplit(":", 1)[0]
            if parts is None or f"answer:{item_id}" in parts:
                del st.session_state[key]

    def clashes(self) -> list[dict] | None:
        data = self._record().get("conflict")
        return data["clashes"] if data else None

    def take_theirs(self) -> None:
        """Resolve a conflict by loading the draft as saved now (this session's changes are dropped)."""
        path = self.file()
        assert path is not None
        saved = store().load(path)
        mine = self.get()
        step = mine.current_step if mine else None
        self._forget(None)
        self.hold(saved.model_copy(update={"current_step": step}), path)

    def keep_mine_as_copy(self, role: UserRole) -> str:
        """Resolve a conflict by saving this session's version as a separate new draft; its key."""
        mine = self.get()
        assert mine is not None
        key, saved = store().create(mine, role, now())
        self.hold(saved, key)
        return key


def store():
    """The draft store as this session's person sees it (``stores.scoped``): with sign-in, only the drafts
    they may open, and a refusal is audited."""
    from assistant.casework.stores.scoped import ScopedStore
    from assistant.ui import resources, signin

    return ScopedStore(resources.draft_store(), signin.person(), on_refused=lambda key: audit("refused_draft"))





WORK = Slot(keys.DRAFT)
"""The draft the walk-through and Check your answers work on."""
REVIEW = Slot(keys.REVIEW_DRAFT)
"""The draft open on Manager review."""


def forget_widgets(parts: set[str] | None) -> None:
    """Drop the walk-through widgets of these draft parts (all case widgets for None), so they are
    drawn again from the draft: another person's answer is shown, never written back as this one's."""
    for key in [k for k in list(st.session_state) if keys.is_case_key(k)]:
        if parts is None or any(key in _widget_keys(part) for part in parts):
            del st.session_state[key]


def _widget_keys(part: str) -> tuple[str, ...]:
    kind, _, name = part.partition(":")
    if kind == "answer":
        return keys.item_status(name), keys.item_note(name), keys.item_reason(name), keys.item_problem(name)
    if kind == "branch":
        return (keys.branch(name),)
    if kind == "recommendation":
        return keys.REC_CHOICE, keys.REC_RATIONALE
    return ()


def user_role() -> UserRole:
    """The role this session's person chose on Start (the draft's own role until they have)."""
    role = st.session_state.get(keys.USER_ROLE)
    if role:
        return cast(UserRole, role)
    current = WORK.get()
    return current.role if current else "social_worker"


def draft() -> Draft | None:
    return WORK.get()


def unsaved_answers() -> bool:
    """True when the draft in hand has answers that are saved nowhere: it has no file (a shared server,
    a training case), its last autosave failed, or a conflict is waiting. Starting or opening another
    case then asks first."""
    current = WORK.get()
    if current is None or not (current.answers.items or current.answers.branches or current.recommendation):
        return False
    return (WORK.file() is None or bool(st.session_state.get(keys.AUTOSAVE_ERROR)) or bool(WORK.clashes())
            or WORK.unwritten())


def set_draft(value: Draft, step: str | None = None) -> None:
    """Keep the draft in the session and, if it has a file, save it there (autosave)."""
    if step is not None:
        open_step(step)
    WORK.save(value, user_role())


TAB_PARAM = "tab"
"""Query parameter tying a browser tab's address to the session working on its case (every way to
another page keeps it: ``navigation``)."""


def mark_tab() -> None:
    """Put this session's random token (nothing about the case or the user) in the tab's address, so
    that a later session opened from the same address can tell it was working on something."""
    token = st.session_state.setdefault(keys.TAB_TOKEN, uuid.uuid4().hex[:12])
    st.query_params[TAB_PARAM] = token
    st.session_state.pop(keys.LOST_SESSION, None)


def tab_lost_its_session() -> bool:
    """True when this tab's address carries another session's token: the tab was working on a case in
    a session the server no longer has (a reload, a restart, another of a shared server's processes taking
    over, or a connection lost for longer than the server keeps a session). Remembered until a draft is
    started, resumed or opened for review."""
    token = st.query_params.get(TAB_PARAM)
    if token is not None and token != st.session_state.get(keys.TAB_TOKEN):
        del st.query_params[TAB_PARAM]
        st.session_state[keys.LOST_SESSION] = True
    return bool(st.session_state.get(keys.LOST_SESSION)) and WORK.get() is None and REVIEW.get() is None


def start(value: Draft, step: str, path: str | Path | None = None, vignette: str | None = None,
          role: UserRole | None = None) -> None:
    """Begin working on a draft (kept under ``path``, its key in the draft store, or not kept): forget the
    previous case's widgets,
    answers and training case."""
    forget_widgets(None)
    st.session_state[keys.VIGNETTE] = vignette
    st.session_state[keys.USER_ROLE] = role or value.role
    st.session_state.pop(keys.AUTOSAVE_ERROR, None)
    st.session_state.pop(keys.RETURN_TO_CHECK, None)
    mark_tab()
    WORK.hold(value, str(path) if path else None)
    open_step(step)


def _may_be_not_applicable(pathway_id: str, item_id: str) -> bool:
    """Checked here, not only by the options drawn: an item the policy requires cannot be waved away."""
    from assistant.ui import resources

    pathway = resources.pathways().get(pathway_id)
    found = next((i for i in pathway.items() if i.id == item_id), None) if pathway else None
    return found is None or found.allow_not_applicable


def update_answer(item_id: str, status: Status | None, note: str, reason: str | None) -> str | None:
    """Record one item's answer; returns a message if it cannot be recorded as given."""
    current = draft()
    assert current is not None
    problem = None
    if status == "not_applicable" and not _may_be_not_applicable(current.pathway_id, item_id):
        problem = NOT_APPLICABLE_REFUSED
        status = None
    if status == "not_applicable" and not (reason or "").strip():
        problem = "Say why this does not apply to mark it not applicable."
        status = None
    answer: ItemAnswer | None = ItemAnswer(item_id=item_id, status=status, note=note,
                                           reason=(reason or "").strip() or None)
    if answer is not None and answer.status is None and not answer.note.strip() and not answer.reason:
        answer = None
    _set_part(current, f"answer:{item_id}", answer)
    return problem


def commit_widgets() -> None:
    """Save into the draft any item answer whose widgets differ from it, and keep a manager review's
    fields (run at the top of every page).

    ``on_change`` callbacks normally do this; under load a rerun can be cut short and its callback
    lost, so the widgets' own values (still in the session until the end of this run) are the backstop.
    Then writes what a run cut short held but did not write (``Slot.flush``), and takes in what other
    people saved meanwhile (``Slot.refresh``).
    """
    commit_review_widgets()
    try:
        _commit_item_widgets()
    finally:
        WORK.flush()
        REVIEW.flush()
        WORK.refresh()
        REVIEW.refresh()


def box_text(key: str, saved: str) -> str:
    """What a note or reason box holds. A box whose key is not in the session is not on screen (Streamlit drops a
    widget's value when the browser no longer shows it, while the status beside it may outlive it as a seeded
    value): it holds ``saved``, the text on file, never "" read as a person's clearing."""
    return (st.session_state.get(key) or "") if key in st.session_state else saved


def _commit_item_widgets() -> None:
    current = draft()
    if current is None:
        return
    for item_id in keys.status_items(list(st.session_state)):
        saved = current.answers.items.get(item_id)
        status = st.session_state.get(keys.item_status(item_id))
        # A box whose key is gone is not on screen: its text is the saved one (box_text).
        # Nor does an empty box here clear a saved text: a value the session kept from an earlier run (a seed
        # outlives its box) can be "" while the note is saved, and a page that runs with no box on screen (a
        # download's rerun on Check your answers) would write that over the note. A person who empties a box
        # is saved by its on_change callback, not here.
        note = box_text(keys.item_note(item_id), "")
        if not note.strip() and saved is not None:
            note = saved.note
        reason = box_text(keys.item_reason(item_id), "").strip() or (saved.reason if saved else None)
        if status == "not_applicable" and not reason:
            status = None  # what update_answer records until a reason is given
        if saved is None and status is None and not note.strip() and not reason:
            continue
        if saved is not None and (saved.status, saved.note, saved.reason) == (status, note, reason):
            continue
        problem = update_answer(item_id, st.session_state.get(keys.item_status(item_id)), note, reason)
        if problem:
            st.session_state[keys.item_problem(item_id)] = problem
        current = draft()
        assert current is not None


def commit_review_widgets() -> None:
    """Copy a manager review's widget values into ``REVIEW_PENDING`` at the top of every run: the fields
    are drawn again from it after the page is left, and no ``on_change`` callback is needed (so none can
    be lost when a rerun is cut short).

    (Not an ``st.form``: a form sends its fields only when submitted, so a half-written review, and the
    offer to redact what it holds, would be lost on leaving the page.)"""
    if REVIEW.get() is None:
        return
    pending = st.session_state.setdefault(keys.REVIEW_PENDING, {})
    for key in [k for k in list(st.session_state) if keys.is_review_field(k)]:
        pending[key] = st.session_state[key]


def update_branch(step_id: str, value: str | None) -> None:
    current = draft()
    assert current is not None
    _set_part(current, f"branch:{step_id}", value)


def _set_part(current: Draft, part: str, value: object) -> None:
    """Set one part of the draft (None: remove it) and save (``draft_store.with_parts``)."""
    set_draft(draft_store.with_parts(current, {part: value}, {part}).model_copy(update={"updated_at": now()}))

