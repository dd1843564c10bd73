"""Check your answers (the GOV.UK pattern): every answer with a change link, gaps, readiness,
downloads in four formats and saving the draft.

"""

from __future__ import annotations

import streamlit as st

from assistant.casework.checklist import ChecklistSummary, SummaryItem
from assistant.casework.export.markdown import escape
from assistant.ui import keys, navigation, resources, state
from assistant.ui.components import deadlines, downloads, model_notice, quote, save_button, summary_of


def _answer_row(item: SummaryItem, step_id: str) -> None:
    question, answer, change = st.columns([4, 4, 1])
    with question:
        st.markdown(f"**{escape(item.text)}**")
    with answer:
        text = f"{item.status_label}" + ("" if item.required else " (optional)")
        (st.warning if item.is_gap else st.markdown)(text + (": a gap" if item.is_gap else ""))
        if item.note.strip():
            quote(item.note)
        if item.reason:
            st.caption("Not applicable because:")
            quote(item.reason)
    with change:
        if st.button("Change", key=keys.change(item.id), help=f"Change your answer to: {item.text}"):
            navigation.switch_to(navigation.WALK_THROUGH, step=step_id)


def _analysis(summary: ChecklistSummary) -> None:
    """With a language model configured: a drafted, editable analysis of the practitioner's notes."""
    model = resources.llm_model()
    if model is None:
        return
    from assistant.errors import LLMError
    from assistant.llm import draft_analysis

    st.subheader("Drafted analysis of your notes")
    model_notice()
    if st.button("Draft an analysis of my notes", key=keys.REVIEW_ANALYSE):
        try:
            drafted = draft_analysis(summary.items, model, resources.llm_settings(),
                                     pathway_title=summary.pathway_title)
        except LLMError as exc:
            st.error(str(exc))
        else:
            st.session_state[keys.REVIEW_ANALYSIS] = st.session_state[keys.ANALYSIS] = drafted.text
            st.session_state[keys.ANALYSIS_LABEL] = drafted.label
    if keys.ANALYSIS in st.session_state:
        st.session_state.setdefault(keys.REVIEW_ANALYSIS, st.session_state[keys.ANALYSIS])
        st.info(st.session_state.get(keys.ANALYSIS_LABEL, ""), icon=":material/edit_note:")
        st.text_area("Drafted analysis (yours to edit; not part of the checklist)", key=keys.REVIEW_ANALYSIS,
                     height=220, on_change=_keep_analysis)


def _keep_analysis() -> None:
    st.session_state[keys.ANALYSIS] = st.session_state.get(keys.REVIEW_ANALYSIS, "")


def render() -> None:
    st.header("Check your answers")
    current = state.draft()
    if current is None:
        st.info("Start a checklist or resume a draft on the Start page first.")
        return
    summary = summary_of(current)
    pathway = resources.pathways()[current.pathway_id]
    step_ids = {step.title: step.id for step in pathway.steps}
    (st.success if not summary.open_gaps and summary.finished else st.warning)(f"Readiness: {summary.readiness}")
    with st.sidebar:
        st.subheader("Deadlines")
        deadlines(current)
    for decision in summary.decisions:
        st.markdown(f"**{decision.question}** {decision.answer or 'Not answered yet'}")
    step = None
    for item in summary.items:
        if item.step != step:
            step = item.step
            st.subheader(step)
        _answer_row(item, step_ids[step])
    st.divider()
    st.subheader("Download the summary")
    downloads(summary, keys.REVIEW_DOWNLOADS)
    save_button(keys.REVIEW_SAVE)
    _analysis(summary)
    if st.session_state.get(keys.VIGNETTE) and st.button("See training feedback", key=keys.REVIEW_FEEDBACK):
        navigation.switch_to(navigation.TRAINING)
