"""Manager review: open a practitioner's draft, comment per item, give a rationale, and record
endorsement (or not) with role and time. Exports then carry both voices.

Not an ``st.form``: see
``state.commit_review_widgets``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from assistant.casework.drafts import USER_ROLES, Draft, ManagerReview, save_draft
from assistant.casework.export.markdown import escape
from assistant.errors import DraftError
from assistant.ui import keys, resources, state
from assistant.ui.components import downloads, draft_picker, identifier_warning, quote, role_label, summary_of

ENDORSE = {"yes": "I endorse this recommendation", "no": "I do not endorse this recommendation"}


def _open(draft: Draft, path: Path | None) -> None:
    try:
        draft = draft.for_pathway(resources.pathways()[draft.pathway_id])
    except (DraftError, KeyError) as exc:
        st.error(str(exc))
        return
    for key in [k for k in st.session_state if keys.is_manager_widget(k)]:
        del st.session_state[key]
    st.session_state[keys.REVIEW_DRAFT] = draft.model_dump(mode="json")
    st.session_state[keys.REVIEW_PATH] = str(path) if path else None
    st.session_state[keys.REVIEW_PENDING] = {}
    st.rerun()


def _seed(key: str, fallback: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(keys.REVIEW_PENDING, {}).get(key, fallback)


def _record(draft: Draft) -> Draft:
    items = [i for step in resources.pathways()[draft.pathway_id].steps for i in step.items]
    comments = {i.id: st.session_state.get(keys.mgr_comment(i.id), "").strip() for i in items}
    endorsed = st.session_state.get(keys.MGR_ENDORSE)
    review = ManagerReview(
        reviewer_role=st.session_state[keys.MGR_ROLE], comments={k: v for k, v in comments.items() if v},
        rationale=st.session_state.get(keys.MGR_RATIONALE, "").strip(),
        endorsed=None if endorsed is None else endorsed == "yes", recorded_at=state.now(),
    )
    return draft.model_copy(update={"reviews": {**draft.reviews, review.reviewer_role: review},
                                    "updated_at": state.now()})


def _close() -> None:
    """Forget the draft under review and everything typed about it."""
    for key in [k for k in st.session_state if keys.is_manager_key(k)]:
        del st.session_state[key]
    st.session_state.pop(keys.REVIEW_DRAFT, None)
    st.session_state.pop(keys.REVIEW_PENDING, None)


def render() -> None:
    st.header("Manager review")
    data = st.session_state.get(keys.REVIEW_DRAFT)
    if not data:
        st.write("Open a practitioner's saved draft to review it.")
        draft_picker(keys.MANAGER_OPEN, "Open for review", _open)
        return
    draft = Draft.model_validate(data)
    summary = summary_of(draft)
    st.markdown(f"Case **{escape(draft.case_reference)}** · {escape(summary.pathway_title)} · "
                f"prepared by: {role_label(draft.role)}")
    (st.success if not summary.open_gaps and summary.finished else st.warning)(f"Readiness: {summary.readiness}")
    previous = draft.review
    for item in summary.items:
        with st.container(border=True):
            st.markdown(f"**{escape(item.text)}**")
            (st.warning if item.is_gap else st.caption)(f"{item.status_label} · {item.role_label}")
            if item.note.strip():
                quote(item.note)
            key = keys.mgr_comment(item.id)
            _seed(key, previous.comments.get(item.id, "") if previous else "")
            st.text_input("Your comment on this item", key=key)
            identifier_warning(key)
    st.subheader("Your decision")
    _seed(keys.MGR_ROLE, previous.reviewer_role if previous else "team_manager")
    _seed(keys.MGR_RATIONALE, previous.rationale if previous else "")
    _seed(keys.MGR_ENDORSE, None if not previous or previous.endorsed is None else "yes" if previous.endorsed else "no")
    # Every run copies these fields into REVIEW_PENDING first (state.commit_review_widgets), so leaving
    # the page, or a rerun cut short before a callback, never loses them.
    st.selectbox("Your role", USER_ROLES, format_func=role_label, key=keys.MGR_ROLE)
    st.text_area("Your overall rationale", key=keys.MGR_RATIONALE, height=120)
    identifier_warning(keys.MGR_RATIONALE)
    st.radio("Endorsement", list(ENDORSE), format_func=ENDORSE.get, index=None, key=keys.MGR_ENDORSE)
    if st.button("Record my review", type="primary", key=keys.MGR_RECORD):
        reviewed = _record(draft)
        path = st.session_state.get(keys.REVIEW_PATH)
        if path:
            try:
                reviewed = save_draft(reviewed, Path(path), now=state.now())
            except DraftError as exc:
                st.error(str(exc))
                return
        st.session_state[keys.REVIEW_DRAFT] = reviewed.model_dump(mode="json")
        state.audit("recorded_review", reviewed.pathway_id)
        assert reviewed.review is not None and reviewed.review.recorded_at is not None
        st.success(f"Review recorded at {reviewed.review.recorded_at:%d %B %Y, %H:%M}"
                   + (f" and saved to {path}." if path else ". Download the summary or the JSON to keep it."))
        summary = summary_of(reviewed)
    if draft.review and draft.review.recorded_at:
        st.caption(f"Last recorded: {draft.review.recorded_at:%d %B %Y, %H:%M} "
                   f"by {role_label(draft.review.reviewer_role)}")
    st.subheader("Download the summary with your review")
    downloads(summary, keys.MGR_DOWNLOADS)
    if not st.session_state.get(keys.REVIEW_PATH):
        current = Draft.model_validate(st.session_state[keys.REVIEW_DRAFT])
        st.download_button("Download the draft with your review", data=current.to_bytes(), mime="application/json",
                           file_name=f"{current.case_reference.replace('/', '_')}-{current.pathway_id}.json",
                           key=keys.MGR_DRAFT_DOWNLOAD, on_click="ignore", icon=":material/save:")
    if st.button("Review another draft", key=keys.MGR_CLOSE):
        _close()
        st.rerun()
