"""Check your answers (the GOV.UK pattern): every answer with a change link, gaps, readiness,
downloads in four formats and saving the draft."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from assistant.casework.checklist import ChecklistSummary, build_summary
from assistant.casework.drafts import Draft, save_draft
from assistant.errors import DraftError
from assistant.casework.export import FORMATS, MEDIA_TYPES
from assistant.casework.export import render as render_export
from assistant.ui import resources, state
from assistant.casework.export.markdown import escape
from assistant.ui.components import deadlines, model_notice, quote

FORMAT_LABELS = {"md": "Markdown", "docx": "Word (DOCX)", "pdf": "PDF", "json": "JSON"}


def summary_of(draft: Draft) -> ChecklistSummary:
    """The checklist summary of a draft, built now."""
    pathway = resources.pathways()[draft.pathway_id]
    grounding = resources.grounding()
    return build_summary(pathway, draft, grounding.citations[pathway.id], grounding.documents, state.now())


def file_stem(summary: ChecklistSummary) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{summary.case_reference}-{summary.pathway_id}")


def _export(summary: ChecklistSummary, fmt: str, log, session: str, versions: dict[str, str]) -> bytes:
    """Make the file for a download (runs when the button is pressed) and note the export."""
    data = render_export(summary, fmt)
    log.record(session, "exported_summary", summary.pathway_id, versions)
    return data


def downloads(summary: ChecklistSummary, key: str) -> None:
    """One download button per format; each file is made only when its button is pressed."""
    from assistant.privacy.audit import policy_versions

    log, session = resources.audit_log(), state.session_id()
    versions = policy_versions(summary.policy_documents)
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, ("md", "docx", "pdf", "json")):
        with column:
            st.download_button(f"Download {FORMAT_LABELS[fmt]}",
                               data=lambda fmt=fmt: _export(summary, fmt, log, session, versions),
                               file_name=f"{file_stem(summary)}.{fmt}", mime=MEDIA_TYPES[fmt],
                               key=f"{key}:download:{fmt}", on_click="ignore", icon=":material/download:")


def draft_path(draft: Draft) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{draft.case_reference}-{draft.pathway_id}")
    return resources.settings().draft_folder / f"{name}.json"


def save_current() -> None:
    current = state.draft()
    path = Path(st.session_state.get("draft_path") or draft_path(current))
    try:
        saved = save_draft(current, path, now=state.now())
    except DraftError as exc:
        st.session_state["save_message"] = ("error", str(exc))
        return
    st.session_state["draft_path"] = str(path)
    state.set_draft(saved)
    state.audit("saved_draft", saved.pathway_id)
    st.session_state["save_message"] = ("ok", f"Draft saved to {path}. Changes are now saved as you go.")


def save_button(key: str) -> None:
    current = state.draft()
    if resources.settings().shared_server:
        st.download_button("Save draft (download the file)", data=current.to_bytes(), mime="application/json",
                           file_name=draft_path(current).name, key=key, on_click="ignore", icon=":material/save:",
                           help="This server is shared, so your draft is not kept on it. Keep the file "
                                "somewhere safe and open it from the Start page to carry on.")
        return
    st.button("Save draft", key=key, on_click=save_current, icon=":material/save:")
    message = st.session_state.pop("save_message", None)
    if message:
        (st.success if message[0] == "ok" else st.error)(message[1])
    if st.session_state.get("autosave_error"):
        st.error(f"Autosave failed: {st.session_state['autosave_error']}")


def _answer_row(item, step_id: str) -> None:
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
        st.button("Change", key=f"change:{item.id}", on_click=state.go, args=("Walk-through", step_id),
                  help=f"Change your answer to: {item.text}")


def _analysis(summary: ChecklistSummary) -> None:
    """With a language model configured: a drafted, editable analysis of the practitioner's notes."""
    model = resources.llm_model()
    if model is None:
        return
    from assistant.llm import draft_analysis
    from assistant.errors import LLMError

    st.subheader("Drafted analysis of your notes")
    model_notice()
    if st.button("Draft an analysis of my notes", key="review:analyse"):
        try:
            drafted = draft_analysis(summary.items, model, resources.llm_settings(),
                                     pathway_title=summary.pathway_title)
        except LLMError as exc:
            st.error(str(exc))
        else:
            st.session_state["review:analysis"] = st.session_state["analysis"] = drafted.text
            st.session_state["analysis_label"] = drafted.label
    if "analysis" in st.session_state:
        st.session_state.setdefault("review:analysis", st.session_state["analysis"])
        st.info(st.session_state.get("analysis_label", ""), icon=":material/edit_note:")
        st.text_area("Drafted analysis (yours to edit; not part of the checklist)", key="review:analysis",
                     height=220, on_change=_keep_analysis)


def _keep_analysis() -> None:
    st.session_state["analysis"] = st.session_state.get("review:analysis", "")


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
    downloads(summary, "review")
    save_button("review:save")
    _analysis(summary)
    if st.session_state.get("vignette"):
        st.button("See training feedback", key="review:feedback", on_click=state.go, args=("Training",))
