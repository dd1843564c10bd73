"""Knowledge: the policy library (each document's title, version, date added and SHA-256), the pathway
questions whose policy passage has changed, what the pathways ask about, adding and removing documents
where the council allows it here (``Settings.may_change_library``), and re-indexing with a progress bar."""

from __future__ import annotations

import math

import streamlit as st

from assistant.access import may, require
from assistant.casework.pathways import changed_citations
from assistant.errors import AssistantError
from assistant.search.library import archive_policy_file, listing
from assistant.search.readers import SUPPORTED_SUFFIXES
from assistant.search.uploads import add_policy_file
from assistant.ui import keys, resources, signin, state


def _documents() -> None:
    index = resources.policy_index()
    docs = index.documents()
    if not docs:
        st.warning("Nothing is indexed yet.")
        return
    passages = {d.source: d.chunks for d in docs}
    rows = listing(resources.settings(), resources.grounding().documents)
    st.dataframe(
        [{"Document": d.title, "Version": d.version or "not stated", "Added": d.added,
          "Passages": passages.get(d.source, "not indexed yet"), "File": d.source, "SHA-256": d.sha256}
         for d in rows],
        hide_index=True, width="stretch",
    )


def _remove(settings) -> None:
    """Removing a document: it goes to the archive folder, never deleted, then the index is brought up to date."""
    documents = resources.grounding().documents
    if not documents:
        return
    st.subheader("Remove a policy document")
    titles = {d.source: f"{d.title} ({d.source})" for d in documents}
    source = st.selectbox("Document to remove", list(titles), format_func=lambda s: titles.get(s, s), index=None,
                          key=keys.KNOWLEDGE_REMOVE_CHOICE, placeholder="Choose a document")
    if source is not None:
        citing = sorted({c.item_id for by_item in resources.grounding().citations.values()
                         for cs in by_item.values() for c in cs if c.source == source})
        if citing:
            st.warning(f"{len(citing)} pathway question(s) quote this document. After it is removed they will say "
                       f"their policy passage has changed until the pathways are updated.",
                       icon=":material/warning:")
        st.caption(f"It is moved to {settings.library_archive_folder.name}/ beside the documents (kept, never "
                   f"deleted) and no longer quoted or searched.")
    confirm = st.checkbox("I understand it will no longer be quoted to anyone using this app",
                          key=keys.KNOWLEDGE_REMOVE_CONFIRM, disabled=source is None)
    if st.button("Remove and re-index", key=keys.KNOWLEDGE_REMOVE, disabled=source is None or not confirm):
        require(signin.roles(), "change_library", "Removing a policy document")
        try:
            archive_policy_file(resources.settings(), str(source))
        except AssistantError as exc:
            st.error(str(exc))
            return
        for key in (keys.KNOWLEDGE_REMOVE_CHOICE, keys.KNOWLEDGE_REMOVE_CONFIRM):
            st.session_state.pop(key, None)
        st.session_state[keys.KNOWLEDGE_REMOVED] = str(source)
        state.audit("removed_policy")
        _reindex()


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


def _changed() -> None:
    """The pathway questions whose quote the policy no longer holds (as ``check-pathways`` lists them)."""
    pathways = resources.pathways()
    rows = []
    for pid, by_item in resources.grounding().citations.items():
        texts = {item.id: " ".join(item.text.split()) for item in pathways[pid].items()}
        rows += [{"Pathway": pathways[pid].title, "Question": texts.get(c.item_id, c.item_id),
                  "What changed": c.change_note()} for c in changed_citations(by_item)]
    if not rows:
        return
    st.subheader("Questions whose policy passage has changed")
    st.warning(f"{len(rows)} pathway question(s) quote policy text that is no longer in the knowledge folder word "
               f"for word. They still work, with a warning beside them; whoever looks after the pathways should run "
               f"`python -m assistant check-pathways` and update the quotes.", icon=":material/sync_problem:")
    st.dataframe(rows, hide_index=True, width="stretch")


def _add(settings) -> None:
    st.subheader("Add a policy document")
    upload = st.file_uploader(
        f"Policy document ({', '.join(SUPPORTED_SUFFIXES)}; up to {settings.max_file_mb:g} MB)",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES], key=keys.KNOWLEDGE_UPLOAD,
        max_upload_size=math.ceil(settings.max_file_mb),  # the box states the real limit, not Streamlit's 200 MB
    )
    replace = st.checkbox("Replace a document of the same name", key=keys.KNOWLEDGE_REPLACE)
    add = st.button("Add and re-index", type="primary", key=keys.KNOWLEDGE_ADD, disabled=upload is None)
    if add and upload is not None:
        require(signin.roles(), "change_library", "Adding a policy document")
        try:
            path = add_policy_file(settings, upload.name, upload.getvalue(), replace=replace)
        except AssistantError as exc:
            st.error(str(exc))
        else:
            st.session_state[keys.KNOWLEDGE_ADDED] = path.name
            state.audit("added_policy")
            _reindex()


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
    st.caption("Policy documents come from this server's policy library." if settings.shared_server
               else f"Policy documents are read from {settings.knowledge_dir}.")
    message = st.session_state.pop(keys.KNOWLEDGE_MESSAGE, None)
    if message:
        added = st.session_state.pop(keys.KNOWLEDGE_ADDED, None)
        removed = st.session_state.pop(keys.KNOWLEDGE_REMOVED, None)
        st.success((f"Added {added}. " if added else "")
                   + (f"Removed {removed} (kept in the archive). " if removed else "") + message)
    _documents()
    _changed()
    _coverage()
    skipped = st.session_state.get(keys.KNOWLEDGE_SKIPPED, resources.grounding().skipped)
    if skipped:
        st.subheader("Skipped files")
        for line in skipped:
            st.warning(line)
    if settings.may_change_library and may(signin.roles(), "change_library"):
        _add(settings)
        _remove(settings)
    else:
        who = (settings.library_contact.strip() or "whoever runs this server") if not settings.sign_in \
            else f"policy editors{f' ({settings.library_contact.strip()})' if settings.library_contact.strip() else ''}"
        st.info(f"Adding and removing policy documents is switched off here. The policy library is changed only "
                f"by {who}: ask them to add, replace or remove a document.", icon=":material/lock:")
    if st.button("Re-index the knowledge folder", key=keys.KNOWLEDGE_REINDEX):
        _reindex()
