"""The session's case data: only plain JSON-able values in ``st.session_state``, models out.

The keys are in ``keys`` (with what each holds); this module reads and writes the case data behind
them: the draft and its answers, the tab token and a manager's review in progress (the chat history
is in ``history``, which loads the language-model code only when the chat is opened).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

import streamlit as st

from assistant.casework.drafts import Draft, save_draft
from assistant.casework.pathways import Answers, ItemAnswer, Status
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

    resources.audit_log().record(session_id(), action, pathway, policy_versions(resources.grounding().documents))


def now() -> datetime:
    return datetime.now().astimezone()


def case_today(value: Draft) -> date | datetime:
    """What ``value``'s deadlines are judged against: now or, for the training case being worked, the day
    its scenario is set (so the case's fictional dates do not all show as overdue)."""
    from assistant.ui import resources

    active = st.session_state.get(keys.VIGNETTE)
    vignette = resources.vignettes().get(active) if active else None
    working = st.session_state.get(keys.DRAFT) or {}
    if (vignette is not None and value.pathway_id == vignette.pathway
            and value.case_reference == working.get("case_reference")):
        return vignette.today
    return now()


def open_step(step: str) -> None:
    """Show walk-through step ``step`` (a callback for Back and Next; ``navigation.switch_to`` from
    another page)."""
    st.session_state[keys.STEP] = step


def draft() -> Draft | None:
    data = st.session_state.get(keys.DRAFT)
    return Draft.model_validate(data) if data else None


def set_draft(value: Draft, step: str | None = None) -> None:
    """Keep the draft in the session; if it has been saved before, save it again (autosave)."""
    st.session_state[keys.DRAFT] = value.model_dump(mode="json")
    if step is not None:
        open_step(step)
    path = st.session_state.get(keys.DRAFT_PATH)
    if path and st.session_state.get(keys.AUTOSAVE, True):
        try:
            save_draft(value, Path(path), now=now())
        except DraftError as exc:
            st.session_state[keys.AUTOSAVE_ERROR] = str(exc)
        else:
            st.session_state.pop(keys.AUTOSAVE_ERROR, None)


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
    a session the server no longer has (a reload, a restart, or a connection lost for longer than the
    server keeps a session). Remembered until a draft is started or resumed."""
    token = st.query_params.get(TAB_PARAM)
    if token is not None and token != st.session_state.get(keys.TAB_TOKEN):
        del st.query_params[TAB_PARAM]
        st.session_state[keys.LOST_SESSION] = True
    return bool(st.session_state.get(keys.LOST_SESSION)) and not st.session_state.get(keys.DRAFT)


def start(value: Draft, step: str, path: Path | None = None, vignette: str | None = None) -> None:
    """Begin working on a draft: forget the previous case's widgets, answers and training case."""
    for key in [k for k in list(st.session_state) if keys.is_case_key(k)]:
        del st.session_state[key]
    st.session_state[keys.DRAFT_PATH] = str(path) if path else None
    st.session_state[keys.VIGNETTE] = vignette
    mark_tab()
    set_draft(value, step)


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
    answer = ItemAnswer(item_id=item_id, status=status, note=note, reason=(reason or "").strip() or None)
    items = dict(current.answers.items)
    if answer.status is None and not answer.note.strip() and not (answer.reason or "").strip():
        items.pop(item_id, None)
    else:
        items[item_id] = answer
    answers = Answers(pathway_id=current.pathway_id, items=items, branches=current.answers.branches)
    set_draft(current.model_copy(update={"answers": answers, "updated_at": now()}))
    return problem


def commit_widgets() -> None:
    """Save into the draft any item answer whose widgets differ from it, and keep a manager review's
    fields (run at the top of every page).

    ``on_change`` callbacks normally do this; under load a rerun can be cut short and its callback
    lost, so the widgets' own values (still in the session until the end of this run) are the backstop.
    """
    commit_review_widgets()
    current = draft()
    if current is None:
        return
    for item_id in keys.status_items(list(st.session_state)):
        status = st.session_state.get(keys.item_status(item_id))
        note = st.session_state.get(keys.item_note(item_id), "") or ""
        reason = (st.session_state.get(keys.item_reason(item_id), "") or "").strip() or None
        if status == "not_applicable" and not reason:
            status = None  # what update_answer records until a reason is given
        saved = current.answers.items.get(item_id)
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
    if not st.session_state.get(keys.REVIEW_DRAFT):
        return
    pending = st.session_state.setdefault(keys.REVIEW_PENDING, {})
    for key in [k for k in list(st.session_state) if keys.is_review_field(k)]:
        pending[key] = st.session_state[key]


def update_branch(step_id: str, value: str | None) -> None:
    current = draft()
    assert current is not None
    branches = dict(current.answers.branches)
    if value is None:
        branches.pop(step_id, None)
    else:
        branches[step_id] = value
    answers = Answers(pathway_id=current.pathway_id, items=current.answers.items, branches=branches)
    set_draft(current.model_copy(update={"answers": answers, "updated_at": now()}))

