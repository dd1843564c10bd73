"""The guided walk-through: one step of reflective questions at a time, each with its policy."""

from __future__ import annotations

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS
from assistant.casework.pathways import Item, Pathway, Step, progress, route
from assistant.ui import resources, state
from assistant.ui.components import STATUS_OPTIONS, citation, deadlines, identifier_warning, role_label
from assistant.ui.pages.review import save_button
from assistant.ui.pages.training import scenario_panel

OWN_ROLES = {"social_worker": {"social_worker", "sw_team"}}
"""Whose duties count as the user's own, beyond their role itself."""


def _seed(key: str, value) -> None:
    """Give a widget its value from the draft when it is first drawn (after a page change)."""
    if key not in st.session_state:
        st.session_state[key] = value


def _save_item(item_id: str) -> None:
    status = st.session_state.get(f"item:{item_id}:status")
    note = st.session_state.get(f"item:{item_id}:note", "")
    reason = st.session_state.get(f"item:{item_id}:reason", "")
    problem = state.update_answer(item_id, status, note, reason)
    if problem:
        st.session_state[f"item:{item_id}:problem"] = problem
    else:
        st.session_state.pop(f"item:{item_id}:problem", None)


def _item(item: Item, role: str) -> None:
    current = state.draft()
    answer = current.answers.items.get(item.id)
    key = f"item:{item.id}"
    _seed(f"{key}:status", answer.status if answer else None)
    _seed(f"{key}:note", answer.note if answer else "")
    _seed(f"{key}:reason", (answer.reason or "") if answer else "")
    mine = item.role == role or item.role in OWN_ROLES.get(role, set())
    with st.container(border=True):
        question, policy = st.columns([3, 2], gap="medium")
        with question:
            st.markdown(f"**{' '.join(item.text.split())}**")
            who = f"Responsible: {role_label(item.role)}" + ("" if item.required else " (optional)")
            if mine:
                st.badge(f"Your duty. {who}", icon=":material/person:", color="blue")
            else:
                st.caption(who)
            if item.guidance:
                st.caption(item.guidance)
            st.radio("How well is this evidenced?", STATUS_OPTIONS, format_func=STATUS_LABELS.get, index=None,
                     horizontal=True, key=f"{key}:status", on_change=_save_item, args=(item.id,))
            st.text_area("Your evidence note", key=f"{key}:note", on_change=_save_item, args=(item.id,),
                         help="What you know, how you know it, and who else would say the same. "
                              "Use the case reference, not names.", height=100)
            identifier_warning(f"{key}:note", _save_item, (item.id,))
            if st.session_state.get(f"{key}:status") == "not_applicable" or st.session_state.get(f"{key}:reason"):
                st.text_input("Why does this not apply?", key=f"{key}:reason", on_change=_save_item, args=(item.id,))
                identifier_warning(f"{key}:reason", _save_item, (item.id,))
            problem = st.session_state.get(f"{key}:problem")
            if problem:
                st.error(problem)
        with policy:
            st.markdown("**Policy**")
            for c in resources.grounding().citations[current.pathway_id].get(item.id, []):
                citation(c)


def _save_branch(step_id: str) -> None:
    state.update_branch(step_id, st.session_state.get(f"branch:{step_id}"))


def _branch(step: Step) -> None:
    branch = step.branch
    _seed(f"branch:{step.id}", state.draft().answers.branches.get(step.id))
    labels = {o.value: o.label for o in branch.options}
    st.radio(branch.question, list(labels), format_func=labels.get, index=None, key=f"branch:{step.id}",
             on_change=_save_branch, args=(step.id,),
             help=f"Answered by: {role_label(branch.role)}. The answer decides which questions come next.")


def _nav(pathway: Pathway, path: list[Step], step: Step) -> None:
    position = [s.id for s in path].index(step.id)
    back, forward, _ = st.columns([1, 1, 4])
    with back:
        if position > 0:
            st.button("Back", key="nav:back", on_click=state.go, args=("Walk-through", path[position - 1].id),
                      icon=":material/arrow_back:")
    with forward:
        if step.branch is not None and state.draft().answers.branches.get(step.id) is None:
            st.button("Next", key="nav:next", disabled=True, help="Answer the question above first.")
        elif position + 1 < len(path):
            st.button("Next", key="nav:next", type="primary", on_click=state.go,
                      args=("Walk-through", path[position + 1].id), icon=":material/arrow_forward:")
        else:
            st.button("Check your answers", key="nav:check", type="primary", on_click=state.go,
                      args=("Check your answers",))


def _draft_status() -> None:
    """Save from any step: until the draft is saved it lives only in this browser tab."""
    st.subheader("Draft")
    path = st.session_state.get("draft_path")
    if path:
        st.session_state.pop("save_message", None)  # the caption says it
        st.caption(f"Saved to {path}; every change is saved as you go.")
        if st.session_state.get("autosave_error"):
            st.error(f"Autosave failed: {st.session_state['autosave_error']}")
        return
    if resources.settings().shared_server:
        st.caption("Your answers live only in this browser tab: download the draft to keep them, and open "
                   "the file from the Start page to carry on.")
    else:
        st.caption("Not saved yet: your answers live only in this browser tab until you save the draft.")
    save_button("walk:save")


def render() -> None:
    current = state.draft()
    if current is None:
        st.header("Walk-through")
        st.info("Start a checklist or resume a draft on the Start page first.")
        return
    pathway = resources.pathways()[current.pathway_id]
    path = route(pathway, current.answers)
    step_id = st.session_state.get("step")
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
    st.subheader(step.title)
    if step.intro:
        st.write(" ".join(step.intro.split()))
    for item in step.items:
        _item(item, current.role)
    if step.branch is not None:
        _branch(step)
    _nav(pathway, path, step)
