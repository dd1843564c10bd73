"""Knowledge: the indexed policy documents, adding one, and re-indexing with a progress bar."""

from __future__ import annotations

import math

import streamlit as st

from assistant.errors import AssistantError
from assistant.search.readers import SUPPORTED_SUFFIXES
from assistant.search.uploads import add_policy_file
from assistant.ui import keys, resources, state


def _documents() -> None:
    index = resources.policy_index()
    docs = index.documents()
    if not docs:
        st.warning("Nothing is indexed yet.")
        return
    st.dataframe(
        [{"Document": d.title, "Version": d.version or "not stated", "Passages": d.chunks, "File": d.source}
         for d in docs],
        hide_index=True, width="stretch",
    )


def _coverage() -> None:
    """What the pathways ask about, sentence by sentence (``python -m assistant coverage``)."""
    documents = resources.coverage()
    if not documents:
        return
    st.subheader("What the pathways ask about")
    st.caption("Each sentence of the policies the pathways cite, with the questions that cite it. A sentence no "
               "question cites may be worth asking about.")
    for doc in documents:
        with st.expander(f"{doc.title} ({doc.source}): {doc.cited} of {len(doc.sentences)} sentences asked about"):
            st.dataframe([{"Sentence": s.text, "Asked by": ", ".join(s.items) or "not asked"} for s in doc.sentences],
                         hide_index=True, width="stretch")


def _reindex() -> None:
    bar = st.progress(0.0, text="Checking the knowledge folder…")

    def on_progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Indexing: {done} of {total} new passages")

    try:
        report = resources.policy_index().sync(progress=False, on_progress=on_progress)
    except AssistantError as exc:
        st.error(str(exc))
        return
    bar.progress(1.0, text="Index up to date")
    resources.refresh_policies()
    state.audit("reindexed")
    st.session_state[keys.KNOWLEDGE_MESSAGE] = (
        f"{len(report.indexed)} document(s) indexed, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed; {report.chunks} passages in all.")
    st.session_state[keys.KNOWLEDGE_SKIPPED] = [f"{s.source}: {s.reason}" for s in report.skipped]
    st.rerun()


def render() -> None:
    st.header("Knowledge")
    settings = resources.settings()
    st.caption(f"Policy documents are read from {settings.knowledge_dir}.")
    message = st.session_state.pop(keys.KNOWLEDGE_MESSAGE, None)
    if message:
        added = st.session_state.pop(keys.KNOWLEDGE_ADDED, None)
        st.success((f"Added {added}. " if added else "") + message)
    _documents()
    _coverage()
    skipped = st.session_state.get(keys.KNOWLEDGE_SKIPPED, resources.grounding().skipped)
    if skipped:
        st.subheader("Skipped files")
        for line in skipped:
            st.warning(line)
    st.subheader("Add a policy document")
    upload = st.file_uploader(
        f"Policy document ({', '.join(SUPPORTED_SUFFIXES)}; up to {settings.max_file_mb:g} MB)",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key=keys.KNOWLEDGE_UPLOAD,
        max_upload_size=math.ceil(settings.max_file_mb),  # the box states the real limit, not Streamlit's 200 MB
    )
    replace = st.checkbox("Replace a document of the same name", key=keys.KNOWLEDGE_REPLACE)
    add = st.button("Add and re-index", type="primary", key=keys.KNOWLEDGE_ADD, disabled=upload is None)
    if add and upload is not None:
        try:
            path = add_policy_file(settings, upload.name, upload.getvalue(), replace=replace)
        except AssistantError as exc:
            st.error(str(exc))
        else:
            st.session_state[keys.KNOWLEDGE_ADDED] = path.name
            state.audit("added_policy")
            _reindex()
    if st.button("Re-index the knowledge folder", key=keys.KNOWLEDGE_REINDEX):
        _reindex()
