"""Training: fictional vignettes to work through, then feedback against a model answer."""

from __future__ import annotations

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS
from assistant.casework.drafts import Draft
from assistant.casework.export.markdown import escape
from assistant.casework.training import Vignette, feedback
from assistant.ui import keys, navigation, resources, state
from assistant.ui.components import FICTIONAL, quote, role_label


def _label(status: str | None) -> str:
    return STATUS_LABELS.get(status, "Not answered") if status else "Not answered"


def _feedback(vignette: Vignette, current: Draft) -> None:
    pathway = resources.pathways()[vignette.pathway]
    result = feedback(pathway, vignette, current.answers)
    st.subheader("Feedback on your answers")
    st.metric("Items where your rating matched the model answer", f"{result.matched} of {result.total}")
    for diff in result.branch_differences:
        yours = f"you chose “{escape(diff.learner_label)}”" if diff.learner_label else "you have not answered yet"
        st.warning(f"At “{escape(diff.question)}” {yours}; the model answer chose “{escape(diff.model_label)}”.")
    if result.missed:
        st.markdown("**Areas and duties you left unevidenced** (the case holds evidence for them):")
        for area, count in result.by_area.items():
            if count:
                st.markdown(f"- {escape(area)}: {count}")
        st.markdown("By whose duty:")
        for role, items in result.by_role.items():
            st.markdown(f"- {role_label(role)}: {len(items)}")
        for entry in result.missed:
            with st.container(border=True):
                st.markdown(f"**{escape(entry.text)}**")
                st.caption(f"{escape(entry.step_title)} · {role_label(entry.role)} · "
                           f"you: {_label(entry.learner_status)} · model answer: {_label(entry.model_status)}")
                quote(entry.model_note)
    else:
        st.success("You did not miss anything the model answer found evidence for.")
    if result.over_claimed:
        st.markdown("**Rated as evidenced where the case does not show it:**")
        for entry in result.over_claimed:
            with st.container(border=True):
                st.markdown(f"**{escape(entry.text)}**")
                st.caption(f"you: {_label(entry.learner_status)} · model answer: {_label(entry.model_status)}")
                quote(entry.model_note)


def _start(vignette_id: str) -> None:
    vignette = resources.vignettes()[vignette_id]
    pathway = resources.pathways()[vignette.pathway]
    number = sorted(resources.vignettes()).index(vignette_id) + 1
    draft = Draft.new(vignette.pathway, vignette.learner_role, f"TRAINING-{number:03d}", state.now(), vignette.dates)
    state.start(draft, pathway.start, vignette=vignette_id)


def render() -> None:
    st.header("Training")
    vignettes = resources.vignettes()
    pathways = resources.pathways()
    active = st.session_state.get(keys.VIGNETTE)
    current = state.draft()
    if active in vignettes and current is not None and current.pathway_id == vignettes[active].pathway:
        st.warning(FICTIONAL, icon=":material/school:")
        st.markdown(f"You are working **{escape(vignettes[active].title)}**.")
        _feedback(vignettes[active], current)
        st.divider()
    choice = st.selectbox("Choose a training case", list(vignettes), key=keys.TRAINING_CHOICE,
                          format_func=lambda vid: f"{pathways[vignettes[vid].pathway].title}: {vignettes[vid].title}")
    vignette = vignettes[choice]
    st.warning(FICTIONAL, icon=":material/school:")
    st.caption(f"You are the {role_label(vignette.learner_role).lower()}.")
    quote(vignette.scenario)
    if st.button("Work through this case", type="primary", key=keys.TRAINING_START):
        _start(choice)
        navigation.switch_to(navigation.WALK_THROUGH)
