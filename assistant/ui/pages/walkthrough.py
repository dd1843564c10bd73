"""The guided walk-through: one step of reflective questions at a time, each with its policy.

The step shown is ``keys.STEP``. Each step is drawn in its own container (``keys.step_block``), so an
opened policy passage does not stay open on the next step, and opens at its heading
(``assistant.ui.scroll``). After a "Change" link on Check your answers (``keys.RETURN_TO_CHECK``) the
step offers the way straight back.
"""

from __future__ import annotations

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS
from assistant.casework.pathways import Item, Step, progress, route
from assistant.casework.readiness import own_roles
from assistant.ui import keys, navigation, resources, scroll, seeding, state
from assistant.ui.components import (
    STATUS_OPTIONS,
    citation,
    deadlines,
    identifier_warning,
    save_button,
    scenario_panel,
)


def _save_item(item_id: str) -> None:
    """Save the item whose widget changed. A box not in the session is not on screen: its text is the saved one,
    never "" (the status's callback can run in a run where the note box is not drawn)."""
    current = state.draft()
    saved = current.answers.items.get(item_id) if current else None
    status = st.session_state.get(keys.item_status(item_id))
    note = state.box_text(keys.item_note(item_id), saved.note if saved else "")
    reason = state.box_text(keys.item_reason(item_id), (saved.reason or "") if saved else "")
    problem = state.update_answer(item_id, status, note, reason)
    if problem:
        st.session_state[keys.item_problem(item_id)] = problem
    else:
        st.session_state.pop(keys.item_problem(item_id), None)


def _item(item: Item, role: str) -> None:
    current = state.draft()
    assert current is not None
    answer = current.answers.items.get(item.id)
    status, note, reason = keys.item_status(item.id), keys.item_note(item.id), keys.item_reason(item.id)
    waved_away = answer is not None and answer.status == "not_applicable" and not item.allow_not_applicable
    seeding.seed(status, None if waved_away else (answer.status if answer else None))
    if st.session_state.get(status) == "not_applicable" and not item.allow_not_applicable:
        st.session_state[status] = None  # sent by a stale tab: refused (state.update_answer), not drawn
    note_value = seeding.text(note, answer.note if answer else "")
    reason_value = seeding.text(reason, answer.reason if answer else "")
    mine = bool(set(item.roles) & own_roles(role))
    with st.container(border=True):
        question, policy = st.columns([3, 2], gap="medium")
        with question:
            st.markdown(f"**{' '.join(item.text.split())}**")
            who = f"Responsible: {item.holders}" + ("" if item.required else " (optional)")
            if mine:
                st.badge(f"Your duty. {who}", icon=":material/person:", color="blue")
            else:
                st.caption(who)
            if item.guidance:
                st.caption(" ".join(item.guidance.split()))
            if waved_away:
                st.warning("This was marked not applicable, but on this route the policy requires it. "
                           "Record how far it is evidenced.")
            options = STATUS_OPTIONS if item.allow_not_applicable else tuple(
                o for o in STATUS_OPTIONS if o != "not_applicable")
            st.radio("How well is this evidenced?", options, format_func=STATUS_LABELS.get,
                     index=seeding.choice(status, options, None), horizontal=True, key=status,
                     on_change=_save_item, args=(item.id,),
                     help=None if item.allow_not_applicable else "The policy requires this on this route, so it "
                          "cannot be marked not applicable.")
            st.text_area("Your evidence note", note_value, key=note, on_change=_save_item, args=(item.id,),
                         help="What you know, how you know it, and who else would say the same. "
                              "Use the case reference, not names.", height=100)
            identifier_warning(note, _save_item, (item.id,))
            if st.session_state.get(status) == "not_applicable" or st.session_state.get(reason):
                st.text_input("Why does this not apply?", reason_value, key=reason, on_change=_save_item,
                              args=(item.id,))
                identifier_warning(reason, _save_item, (item.id,))
            problem = st.session_state.get(keys.item_problem(item.id))
            if problem:
                st.error(problem)
        with policy:
            st.markdown("**Policy**")
            for c in resources.grounding().citations[current.pathway_id].get(item.id, []):
                citation(c)


def _save_branch(step_id: str) -> None:
    state.update_branch(step_id, st.session_state.get(keys.branch(step_id)))


def _branch(step: Step) -> None:
    branch = step.branch
    assert branch is not None
    current = state.draft()
    assert current is not None
    labels = {o.value: o.label for o in branch.options}
    index = seeding.choice(keys.branch(step.id), list(labels), current.answers.branches.get(step.id))
    st.radio(branch.question, list(labels), format_func=labels.get, index=index, key=keys.branch(step.id),
             on_change=_save_branch, args=(step.id,),
             help=f"Answered by: {branch.holders}. The answer decides which questions come next.")


def _nav(path: list[Step], step: Step, answered_branch: bool) -> None:
    position = [s.id for s in path].index(step.id)
    back, forward, elsewhere = st.columns([1, 1, 4])
    with back:
        if position > 0:
            st.button("Back", key=keys.NAV_BACK, on_click=state.open_step, args=(path[position - 1].id,),
                      icon=":material/arrow_back:")
    with forward:
        if step.branch is not None and not answered_branch:
            st.button("Next", key=keys.NAV_NEXT, disabled=True, help="Answer the question above first.")
        elif position + 1 < len(path):
            st.button("Next", key=keys.NAV_NEXT, type="primary", on_click=state.open_step,
                      args=(path[position + 1].id,), icon=":material/arrow_forward:")
        elif st.button("Check your answers", key=keys.NAV_CHECK, type="primary"):
            st.session_state.pop(keys.RETURN_TO_CHECK, None)
            navigation.switch_to(navigation.CHECK_ANSWERS)
    last = position + 1 == len(path) and (step.branch is None or answered_branch)
    if st.session_state.get(keys.RETURN_TO_CHECK) and not last:  # on the last step, "Check your answers" is it
        with elsewhere:
            if st.button("Return to Check your answers", key=keys.NAV_RETURN, icon=":material/checklist:",
                         help="Go back to the answers you were checking."):
                st.session_state.pop(keys.RETURN_TO_CHECK, None)
                navigation.switch_to(navigation.CHECK_ANSWERS)


def _draft_status() -> None:
    """Where the draft is kept. Once it has a file on this computer every change is saved as you go (no
    Save button, and never the file's path: on a server that would be the server's); until then, or on a
    shared server, the Save button (a download there)."""
    st.subheader("Draft")
    if state.WORK.file():
        st.session_state.pop(keys.SAVE_MESSAGE, None)  # the caption says it
        st.caption(f"Saved {state.store().place}. Every change is saved as you go.")
        if st.session_state.get(keys.AUTOSAVE_ERROR):
            st.error(f"Autosave failed: {st.session_state[keys.AUTOSAVE_ERROR]}")
        return
    if not resources.settings().keeps_drafts:
        st.caption("Your answers live only in this browser tab: download the draft to keep them, and open "
                   "the file from the Start page to carry on.")
    else:
        st.caption("Not saved yet: your answers live only in this browser tab until you save the draft.")
    save_button(keys.WALK_SAVE)


def render() -> None:
    current = state.draft()
    if current is None:
        st.header("Walk-through")
        st.info("Start a checklist or resume a draft on the Start page first.")
        return
    pathway = resources.pathways()[current.pathway_id]
    path = route(pathway, current.answers)
    step_id = st.session_state.get(keys.STEP)
    step = next((s for s in path if s.id == step_id), path[-1])
    if current.current_step != step.id:
        state.set_draft(current.model_copy(update={"current_step": step.id}))
    st.header(pathway.title)
    done = progress(pathway, current.answers)
    st.progress(done.fraction, text=f"Step {[s.id for s in path].index(step.id) + 1} of {len(path)} on this route"
                f"{'' if path[-1].is_final else ' so far'} · {done.answered} of {done.total} questions answered")
    with st.sidebar:
        _draft_status()
        st.subheader("Deadlines")
        deadlines(current)
    scenario_panel()
    opened = _opened(step)
    with st.container(key=keys.step_block(step.id)):
        st.subheader(step.title)
        if step.intro:
            st.write(" ".join(step.intro.split()))
        for item in step.items:
            _item(item, current.role)
        if step.branch is not None:
            _branch(step)
    answered = state.draft()
    assert answered is not None
    _nav(path, step, answered.answers.branches.get(step.id) is not None)
    if opened:  # last on the page: the step is all drawn
        scroll.show_step(step.id)
        st.session_state[keys.WALK_SHOWN] = step.id


def _opened(step: Step) -> bool:
    """Whether this run opens ``step`` (Next, Back, a "Change" link, or coming from another page), rather
    than redraws it after an answer: only then is its heading brought into view.

    The navigation buttons are in the session only if the last finished run drew them (Streamlit forgets
    a widget that a run did not draw), that is, if the walk-through was the page shown."""
    here = keys.NAV_NEXT in st.session_state or keys.NAV_CHECK in st.session_state
    return not here or st.session_state.get(keys.WALK_SHOWN) != step.id
