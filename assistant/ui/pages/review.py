"""Check your answers (the GOV.UK pattern): the case details, every answer with a change link, gaps,
readiness, the practitioner's recommendation with its rationale, and downloads in four formats.
"""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from assistant.casework.checklist import ChecklistSummary, SummaryItem
from assistant.casework.drafts import Draft, Recommendation
from assistant.casework.export.markdown import escape
from assistant.casework.timeline import format_for_people
from assistant.ui import keys, navigation, resources, seeding, state
from assistant.ui.components import (
    deadlines,
    downloads,
    identifier_warning,
    model_notice,
    quote,
    role_label,
    save_button,
    summary_of,
)


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
            st.session_state[keys.RETURN_TO_CHECK] = True
            navigation.switch_to(navigation.WALK_THROUGH, step=step_id)


def _case_details(summary: ChecklistSummary) -> None:
    """What the summary is about: the case reference, the pathway and the dates entered."""
    rows = [("Case reference", summary.case_reference), ("Pathway", summary.pathway_title),
            ("Prepared by", role_label(summary.role))]
    for d in summary.key_dates:
        rows.append((d.label, _people(d.due)))
    st.markdown("\n".join(f"- **{escape(k)}:** {escape(v)}" for k, v in rows))
    st.caption("To correct the dates, use Edit case details on the Start page.")


def _people(iso: str) -> str:
    try:
        value: date = datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso)
    except ValueError:
        return iso
    return format_for_people(value)


def _save_recommendation() -> None:
    """Callback: record the practitioner's recommendation (a new choice or rationale is a new recommendation,
    so a manager's earlier endorsement shows as made on an earlier one)."""
    current = state.draft()
    assert current is not None
    choice = st.session_state.get(keys.REC_CHOICE)
    rationale = (st.session_state.get(keys.REC_RATIONALE) or "").strip()
    old = current.recommendation
    if choice is None:
        new = None
    elif old is not None and (old.choice, old.rationale) == (choice, rationale):
        return
    else:
        new = Recommendation(choice=choice, rationale=rationale, recorded_by=state.user_role(),
                             recorded_at=state.now())
    state.set_draft(current.model_copy(update={"recommendation": new, "updated_at": state.now()}))


def _recommendation(current: Draft) -> None:
    st.subheader("Your recommendation")
    pathway = resources.pathways()[current.pathway_id]
    rec = current.recommendation
    labels = {o.value: o.label for o in pathway.recommendations}
    index = seeding.choice(keys.REC_CHOICE, list(labels), rec.choice if rec else None)
    rationale = seeding.text(keys.REC_RATIONALE, rec.rationale if rec else "")
    st.caption(pathway.decided_by.strip())
    st.radio("What do you recommend?", list(labels), format_func=labels.get, index=index, key=keys.REC_CHOICE,
             on_change=_save_recommendation)
    st.text_area("Your rationale", rationale, key=keys.REC_RATIONALE, on_change=_save_recommendation, height=120,
                 help="Why, on the evidence above. Managers endorse, or not, this recommendation.")
    identifier_warning(keys.REC_RATIONALE, _save_recommendation)
    if rec is not None:
        st.caption(f"Recorded by the {role_label(rec.recorded_by).lower()}; a change is a new recommendation, "
                   f"and a manager's earlier decision then shows as made on an earlier one.")
    for review in current.reviews.values():
        if review.endorsed is not None:
            verdict = "endorses" if review.endorsed else "does not endorse"
            earlier = "" if review.is_about(rec) else " (on an earlier recommendation)"
            st.markdown(f"- {escape(role_label(review.reviewer_role))} {verdict} the recommendation{earlier}.")


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
        analysis = seeding.text(keys.REVIEW_ANALYSIS, st.session_state[keys.ANALYSIS])
        st.info(st.session_state.get(keys.ANALYSIS_LABEL, ""), icon=":material/edit_note:")
        st.text_area("Drafted analysis (yours to edit; not part of the checklist)", analysis,
                     key=keys.REVIEW_ANALYSIS, height=220, on_change=_keep_analysis)


def _keep_analysis() -> None:
    st.session_state[keys.ANALYSIS] = st.session_state.get(keys.REVIEW_ANALYSIS, "")


def render() -> None:
    st.header("Check your answers")
    st.session_state.pop(keys.RETURN_TO_CHECK, None)  # here already: no way back to offer
    current = state.draft()
    if current is None:
        st.info("Start a checklist or resume a draft on the Start page first.")
        return
    summary = summary_of(current)
    pathway = resources.pathways()[current.pathway_id]
    step_ids = {step.title: step.id for step in pathway.steps}
    _case_details(summary)
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
    if not st.session_state.get(keys.VIGNETTE):
        _recommendation(current)
        summary = summary_of(state.draft() or current)
    st.subheader("Download the summary")
    downloads(summary, keys.REVIEW_DOWNLOADS)
    save_button(keys.REVIEW_SAVE)
    _analysis(summary)
    if st.session_state.get(keys.VIGNETTE) and st.button("See training feedback", key=keys.REVIEW_FEEDBACK):
        navigation.switch_to(navigation.TRAINING)
