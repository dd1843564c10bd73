"""Start: choose a pathway and a role, enter the dates (checked as they are entered), or resume a
saved draft; correct the case details of the draft in hand.

A new checklist on this computer is saved at once, under a name no other draft has: one whose case
reference and pathway match a saved draft first asks whether to resume that one or start a
separate draft. Starting another checklist while answers are not saved anywhere asks first.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

import streamlit as st
from pydantic import ValidationError

from assistant.casework.case_dates import DateProblem, check_case_dates
from assistant.casework.checklist import DATE_LABELS
from assistant.casework.drafts import (
    USER_ROLES,
    CaseDates,
    Draft,
    UserRole,
    check_case_reference,
    is_training_reference,
)
from assistant.casework.export.markdown import escape
from assistant.errors import AssistantError, DraftError
from assistant.ui import keys, navigation, resources, seeding, signin, state
from assistant.ui.components import draft_picker, role_label, when

DATE_HELP = {
    "start": "The date of the Initial Child Protection Conference that started this plan.",
    "conference": "The date of the first review conference.",
    "conference_15": "If the 15-month conference has been held or booked.",
    "conference_21": "If the 21-month conference has been held or booked.",
}


def _today() -> date:
    return state.now().date()


def _dates_form(pathway_id: str, prefix: str, seed: CaseDates | None = None) -> tuple[dict[str, Any], bool]:
    """The pathway's date fields, each with what the dates check says beside it; (the values, whether
    they may be used: no error, and every choice confirmed)."""
    values: dict[str, Any] = {}
    fields = resources.pathways()[pathway_id].dates
    for name in fields:
        key = keys.start_date(name) if prefix == "start" else keys.edit_date(name)
        if seed is not None:
            value = getattr(seed, name)
            seeding.seed(key, value.date() if isinstance(value, datetime) else value)
        values[name] = st.date_input(DATE_LABELS[name], value=st.session_state.get(key), format="DD/MM/YYYY",
                                     help=DATE_HELP.get(name), key=key)
        if name == "conference":
            time_key = keys.START_CONFERENCE_TIME if prefix == "start" else keys.EDIT_CONFERENCE_TIME
            seeded = seed.conference if seed is not None else None
            at = seeding.seed(time_key, seeded.time() if seeded is not None else time(10, 0))
            values["conference_time"] = st.time_input("Review conference time", value=at, key=time_key, step=900)
    try:
        dates = _case_dates(values)
    except ValidationError:
        return values, False
    problems = check_case_dates(fields, dates, _today(), resources.settings().repeat_window_from)
    usable = True
    for problem in problems:
        usable &= _show(problem, prefix)
    return values, usable


def _show(problem: DateProblem, prefix: str) -> bool:
    """Say one problem with the dates; False while it stops the checklist starting."""
    label = DATE_LABELS.get(problem.field, problem.field)
    if problem.kind == "error":
        st.error(f"{label}: {problem.message}", icon=":material/event_busy:")
        return False
    if problem.kind == "notice":
        st.info(problem.message, icon=":material/event:")
        return True
    st.warning(problem.message, icon=":material/event:")
    return bool(st.checkbox("Continue, to use this pathway for reflection", key=keys.date_choice(prefix,
                                                                                                problem.field)))


def _case_dates(values: dict[str, Any]) -> CaseDates:
    fields = {k: v for k, v in values.items() if k != "conference_time" and v is not None}
    if "conference" in fields:
        fields["conference"] = datetime.combine(fields["conference"], values.get("conference_time") or time(10, 0))
    return CaseDates(**fields)


def _begin(draft: Draft, role: UserRole) -> None:
    """Save the new draft under a name of its own (on this computer) and open the walk-through."""
    settings = resources.settings()
    pathway = resources.pathways()[draft.pathway_id]
    path = None
    draft = draft.model_copy(update={"current_step": pathway.start})
    if settings.keeps_drafts and not is_training_reference(draft.case_reference):
        try:
            path, draft = state.store().create(draft, role, state.now())
        except AssistantError as exc:
            st.error(str(exc))
            return
    st.session_state.pop(keys.START_PENDING, None)
    state.start(draft, pathway.start, path, role=role)
    if path is not None:
        state.audit("saved_draft", draft.pathway_id)
    navigation.switch_to(navigation.WALK_THROUGH)


def _pending_choice() -> bool:
    """A new checklist waiting for an answer: resume a matching draft, or start a separate one. True
    while the question is shown."""
    pending = st.session_state.get(keys.START_PENDING)
    if not pending:
        return False
    draft = Draft.model_validate(pending["draft"])
    role = cast(UserRole, pending["role"])
    matches = [str(p) for p in pending["matches"]]
    title = resources.pathways()[draft.pathway_id].title
    store = state.store()
    with st.container(border=True):
        st.warning(f"A draft for case {draft.case_reference} on “{title}” is already saved {store.place}. "
                   f"Resume it, or start a separate draft (saved as a draft of its own; nothing is overwritten).",
                   icon=":material/content_copy:")
        for n, path in enumerate(matches):
            try:
                saved = store.load(path)
            except AssistantError as exc:
                st.error(str(exc))
                continue
            answered = len(saved.answers.items)
            if st.button(f"Resume the saved draft ({answered} answered, last changed {when(saved.updated_at)})",
                         key=keys.start_resume_match(n), type="primary" if n == 0 else "secondary"):
                st.session_state.pop(keys.START_PENDING, None)
                _resume_as(saved, path, role)
        if st.button("Start a separate draft", key=keys.START_SEPARATE):
            _begin(draft, role)
        if st.button("Cancel", key=keys.START_CANCEL):
            st.session_state.pop(keys.START_PENDING, None)
            st.rerun()
    return True


def _new_case(role: UserRole) -> None:
    pathways = resources.pathways()
    st.subheader("Start a new checklist")
    if _pending_choice():
        return
    order = sorted(pathways, key=lambda pid: (pathways[pid].order, pathways[pid].title, pid))
    pathway_id = st.radio("Which decision are you preparing for?", order,
                          format_func=lambda pid: pathways[pid].title, key=keys.START_PATHWAY)
    st.caption(pathways[pathway_id].description)
    reference = st.text_input(
        "Case reference", key=keys.START_REFERENCE, max_chars=40,
        help="The case system number (for example LL-123456). Never a child's or parent's name.",
    )
    values, usable = _dates_form(pathway_id, "start")
    current = state.draft()
    confirmed = True
    if state.unsaved_answers():
        assert current is not None
        st.warning(f"Your answers for case {current.case_reference} are not saved anywhere: starting another "
                   f"checklist will lose them.", icon=":material/warning:")
        confirmed = st.checkbox("Start anyway and lose them", key=keys.START_DISCARD)
    if st.button("Start the checklist", type="primary", key=keys.START_GO):
        try:
            check_case_reference(reference)
        except ValueError as exc:
            st.error(f"Case reference: {exc}")
            return
        if not usable:
            st.error("Correct the dates (or confirm the choice) above first.")
            return
        if not confirmed:
            st.error("Your answers for the case in hand are not saved: tick “Start anyway and lose them”, or "
                     "download the draft first.")
            return
        try:
            draft = Draft.new(pathway_id, role, reference.strip(), state.now(), _case_dates(values))
        except ValidationError as exc:
            st.error("; ".join(e["msg"] for e in exc.errors()))
            return
        settings = resources.settings()
        matches = state.store().matching(draft.case_reference, pathway_id) if settings.keeps_drafts \
            else []
        if matches:
            st.session_state[keys.START_PENDING] = {"draft": draft.model_dump(mode="json"), "role": role,
                                                    "matches": [str(p) for p in matches]}
            st.rerun()
        _begin(draft, role)


def _resume_as(draft: Draft, path: str | None, role: UserRole) -> None:
    current = state.draft()
    if state.unsaved_answers() and not st.session_state.get(keys.START_DISCARD):
        assert current is not None
        st.error(f"Your answers for case {current.case_reference} are not saved anywhere: tick “Start anyway and "
                 f"lose them” (under Start a new checklist), or download the draft first.")
        return
    pathways = resources.pathways()
    pathway = pathways.get(draft.pathway_id)
    if pathway is None:
        st.error(f"This draft is for a pathway '{draft.pathway_id}' that is not installed.")
        return
    try:
        draft = draft.for_pathway(pathway)
    except DraftError as exc:
        st.error(str(exc))
        return
    state.start(draft, draft.current_step or pathway.start, path, role=role)
    state.audit("opened_draft", draft.pathway_id)
    navigation.switch_to(navigation.WALK_THROUGH)


def _resume_section(role: UserRole) -> None:
    st.subheader("Resume a saved draft")
    draft_picker(keys.RESUME, "Resume this draft", lambda draft, path: _resume_as(draft, path, role))


def _edit_case_details(current: Draft) -> None:
    """Correct the dates of the draft in hand (the case reference and pathway stay as they are)."""
    with st.expander("Edit case details", icon=":material/edit_calendar:"):
        st.caption(f"Case reference {current.case_reference} and the pathway stay as they are; to change them, "
                   f"start a new checklist.")
        values, usable = _dates_form(current.pathway_id, "edit", seed=current.dates)
        if st.button("Save the case details", key=keys.EDIT_SAVE, disabled=not usable):
            try:
                dates = _case_dates(values)
            except ValidationError as exc:
                st.error("; ".join(e["msg"] for e in exc.errors()))
                return
            state.set_draft(current.model_copy(update={"dates": dates, "updated_at": state.now()}))
            for key in [k for k in list(st.session_state) if keys.is_edit_key(k)]:
                del st.session_state[key]
            st.session_state[keys.EDIT_MESSAGE] = "Case details saved: the deadlines now follow the new dates."
            st.rerun()
    message = st.session_state.pop(keys.EDIT_MESSAGE, None)
    if message:
        st.success(message)


def render() -> None:
    st.header("Start")
    current = state.draft()
    if current is not None:
        title = resources.pathways()[current.pathway_id].title
        st.success(f"Working on case {escape(current.case_reference)} ({escape(title)}).")
        _edit_case_details(current)
    signed_in = signin.roles()
    choices = [r for r in USER_ROLES if signed_in is None or r in signed_in]  # signed in: only their own roles
    if st.session_state.get(keys.START_ROLE) not in choices:
        st.session_state[keys.START_ROLE] = choices[0]
    role = cast(UserRole, st.selectbox("Your role", choices, format_func=role_label, key=keys.START_ROLE,
                                       index=seeding.choice(keys.START_ROLE, choices, choices[0]),
                                       help="Your answers and reviews are recorded under this role."))
    left, right = st.columns(2, gap="large")
    with left:
        _new_case(role)
    with right:
        _resume_section(role)
