"""Manager review: a team manager, service manager or CP chair opens a practitioner's draft, sees
their own duties first (with the step headings and the policy) and answers them there, comments on
the rest, and endorses or not *the recommendation recorded*, with their role, an optional name and
the time. Each reviewer role's review is its own part of the draft, so two managers reviewing at
once, or a social worker still answering, never undo each other (``state.REVIEW``, a compare-and-swap
slot).

Not an ``st.form``: see ``state.commit_review_widgets``.
"""

from __future__ import annotations

from typing import Any, cast

import streamlit as st

from assistant.access import NotPermitted, require
from assistant.casework.checklist import STATUS_LABELS, ChecklistSummary, SummaryItem
from assistant.casework.draft_store import with_parts
from assistant.casework.drafts import USER_ROLES, Draft, ManagerReview, UserRole
from assistant.casework.export.markdown import escape
from assistant.casework.pathways import ItemAnswer
from assistant.casework.readiness import OpenItem, own_roles, readiness_line
from assistant.errors import DraftError
from assistant.ui import keys, resources, seeding, signin, state
from assistant.ui.components import (
    STATUS_OPTIONS,
    citation,
    conflict_notice,
    downloads,
    draft_picker,
    identifier_warning,
    quote,
    role_label,
    summary_of,
    when,
)

REVIEWER_ROLES: tuple[str, ...] = tuple(r for r in USER_ROLES if r != "social_worker")
ENDORSE = {"yes": "I endorse this recommendation", "no": "I do not endorse this recommendation"}


def _open(draft: Draft, path: str | None) -> None:
    try:
        draft = draft.for_pathway(resources.pathways()[draft.pathway_id])
    except (DraftError, KeyError) as exc:
        st.error(str(exc))
        return
    for key in [k for k in st.session_state if keys.is_manager_widget(k)]:
        del st.session_state[key]
    state.mark_tab()  # a review being written is lost with the session, and the next session says so
    state.REVIEW.hold(draft, path)
    st.session_state[keys.REVIEW_PENDING] = {}
    state.audit("opened_draft", draft.pathway_id)
    st.rerun()


def _pending(key: str, fallback: Any) -> Any:
    """What the reviewer had typed in this field before leaving the page, else ``fallback``."""
    return st.session_state.get(keys.REVIEW_PENDING, {}).get(key, fallback)


def _role() -> UserRole:
    return cast(UserRole, st.session_state.get(keys.MGR_ROLE) or "team_manager")


def _record(draft: Draft, items: list[SummaryItem]) -> Draft:
    role = _role()
    comments = {i.id: (st.session_state.get(keys.mgr_comment(i.id)) or "").strip() for i in items}
    endorsed = st.session_state.get(keys.MGR_ENDORSE)
    review = ManagerReview(
        reviewer_role=role, name=(st.session_state.get(keys.MGR_NAME) or "").strip(),
        comments={k: v for k, v in comments.items() if v},
        rationale=(st.session_state.get(keys.MGR_RATIONALE) or "").strip(),
        endorsed=None if endorsed is None or draft.recommendation is None else endorsed == "yes",
        recorded_at=state.now(),
        recommendation_at=draft.recommendation.recorded_at if draft.recommendation else None,
    )
    return draft.model_copy(update={"reviews": {**draft.reviews, role: review}, "updated_at": state.now()})


def _close() -> None:
    """Forget the draft under review and everything typed about it."""
    for key in [k for k in st.session_state if keys.is_manager_key(k)]:
        del st.session_state[key]
    state.REVIEW.clear()
    st.session_state.pop(keys.REVIEW_PENDING, None)


def _save_duty(item_id: str) -> None:
    """Callback: the reviewer's answer to one of their own duty items, saved at once."""
    draft = state.REVIEW.get()
    assert draft is not None
    status = st.session_state.get(keys.mgr_item_status(item_id))
    note = st.session_state.get(keys.mgr_item_note(item_id)) or ""
    answer = None if status is None and not note.strip() else ItemAnswer(item_id=item_id, status=status, note=note)
    part = f"answer:{item_id}"
    changed = with_parts(draft, {part: answer}, {part}).model_copy(update={"updated_at": state.now()})
    state.REVIEW.save(changed, _role())


def _duty(item: SummaryItem, draft: Draft) -> None:
    """One of the reviewer's own items: the question, its policy, and their answer."""
    answer = draft.answers.items.get(item.id)
    status_key, note_key = keys.mgr_item_status(item.id), keys.mgr_item_note(item.id)
    note_value = seeding.text(note_key, answer.note if answer else "")
    citations = resources.grounding().citations[draft.pathway_id].get(item.id, [])
    with st.container(border=True):
        question, policy = st.columns([3, 2], gap="medium")
        with question:
            st.markdown(f"**{escape(item.text)}**")
            st.badge(f"Your duty. Responsible: {item.role_label}", icon=":material/person:", color="blue")
            options = STATUS_OPTIONS if item.allow_not_applicable else tuple(
                o for o in STATUS_OPTIONS if o != "not_applicable")
            st.radio("How well is this evidenced?", options, format_func=STATUS_LABELS.get,
                     index=seeding.choice(status_key, options, answer.status if answer else None),
                     horizontal=True, key=status_key, on_change=_save_duty, args=(item.id,))
            st.text_area("Your evidence note", note_value, key=note_key, on_change=_save_duty, args=(item.id,),
                         height=90)
            identifier_warning(note_key, _save_duty, (item.id,))
            _comment(item)
        with policy:
            st.markdown("**Policy**")
            for c in citations:
                citation(c)


def _other(item: SummaryItem) -> None:
    """An item someone else holds: its answer, and the reviewer's comment on it."""
    with st.container(border=True):
        st.markdown(f"**{escape(item.text)}**")
        (st.warning if item.is_gap else st.caption)(f"{item.status_label} · Responsible: {item.role_label}")
        if item.note.strip():
            quote(item.note)
        if item.reason:
            st.caption("Not applicable because:")
            quote(item.reason)
        _comment(item)


def _comment(item: SummaryItem) -> None:
    draft = state.REVIEW.get()
    assert draft is not None
    mine = draft.reviews.get(_role())
    key = keys.mgr_comment(item.id)
    value = seeding.text(key, _pending(key, mine.comments.get(item.id, "") if mine else ""))
    st.text_input("Your comment on this item", value, key=key)
    identifier_warning(key)


def _by_step(items: list[SummaryItem], draw) -> None:
    step = None
    for item in items:
        if item.step != step:
            step = item.step
            st.markdown(f"#### {escape(step)}")
        draw(item)


def _recommendation(draft: Draft) -> None:
    st.subheader("The recommendation")
    rec = draft.recommendation
    if rec is None:
        st.info("No recommendation recorded yet: the practitioner records it on Check your answers. Your "
                "comments can be recorded now; endorsement waits for the recommendation.")
        return
    label = resources.pathways()[draft.pathway_id].recommendation_label(rec.choice)
    st.markdown(f"**{escape(label)}**")
    st.caption(f"Recorded by the {role_label(rec.recorded_by).lower()} on {when(rec.recorded_at)}")
    if rec.rationale.strip():
        quote(rec.rationale)


def _decisions(draft: Draft) -> None:
    """Every reviewer's recorded decision (the reader's own included)."""
    recorded = [r for r in draft.reviews.values() if r.recorded_at is not None]
    if not recorded:
        return
    st.subheader("Decisions recorded")
    for review in sorted(recorded, key=lambda r: r.recorded_at or 0):
        assert review.recorded_at is not None  # only recorded ones are listed
        who = role_label(review.reviewer_role) + (f" ({review.name})" if review.name else "")
        verdict = {True: "endorses the recommendation", False: "does not endorse the recommendation",
                   None: "has not recorded an endorsement"}[review.endorsed]
        line = f"**{escape(who)}** {verdict} · {when(review.recorded_at)}"
        if review.endorsed is not None and not review.is_about(draft.recommendation):
            line += " · made on an earlier recommendation"
        st.markdown(line)
        if review.rationale.strip():
            quote(review.rationale)


def _readiness(summary: ChecklistSummary, draft: Draft) -> str:
    pending = next((d.question for d in summary.decisions if not d.answer), None)
    pathway = resources.pathways()[draft.pathway_id]
    return readiness_line([OpenItem(i.role, i.roles, i.is_gap) for i in summary.items], _role(), summary.finished,
                          pending, pathway.decided_by)


def render() -> None:
    st.header("Manager review")
    draft = state.REVIEW.get()
    if draft is None:
        st.write("Open a practitioner's saved draft to review it.")
        draft_picker(keys.MANAGER_OPEN, "Open for review", _open)
        return
    conflict_notice(state.REVIEW, _role())
    summary = summary_of(draft)
    st.markdown(f"Case **{escape(draft.case_reference)}** · {escape(summary.pathway_title)} · "
                f"prepared by: {role_label(draft.role)}")
    signed_in = signin.roles()
    allowed = [r for r in REVIEWER_ROLES if signed_in is None or r in signed_in]  # a signed-in manager: their own
    seeding.seed(keys.MGR_ROLE, _pending(keys.MGR_ROLE, allowed[0]))
    if st.session_state.get(keys.MGR_ROLE) not in allowed:
        st.session_state[keys.MGR_ROLE] = allowed[0]
    st.selectbox("You are reviewing as", allowed, format_func=role_label, key=keys.MGR_ROLE,
                 index=seeding.choice(keys.MGR_ROLE, allowed, allowed[0]),
                 help="Your own duties are shown first, and your decision is recorded under this role.")
    mine = draft.reviews.get(_role())
    (st.success if not summary.open_gaps and summary.finished else st.warning)(
        f"Readiness: {_readiness(summary, draft)}")
    _recommendation(draft)
    _decisions(draft)
    own = own_roles(_role())
    duties = [i for i in summary.items if set(i.roles) & own]
    others = [i for i in summary.items if not set(i.roles) & own]
    st.subheader(f"Your duties as {role_label(_role()).lower()}")
    if duties:
        _by_step(duties, lambda item: _duty(item, draft))
    else:
        st.caption("The policy names no item on this route for your role.")
    st.subheader("Everything else on this route")
    _by_step(others, _other)
    st.subheader("Your decision")
    name = seeding.text(keys.MGR_NAME, _pending(keys.MGR_NAME, mine.name if mine else ""))
    rationale = seeding.text(keys.MGR_RATIONALE, _pending(keys.MGR_RATIONALE, mine.rationale if mine else ""))
    endorse = seeding.choice(keys.MGR_ENDORSE, list(ENDORSE), _pending(
        keys.MGR_ENDORSE, None if not mine or mine.endorsed is None else "yes" if mine.endorsed else "no"))
    st.text_input("Your name (optional)", name, key=keys.MGR_NAME, max_chars=80,
                  help="Recorded with your role and the time. Leave it empty to record your role only.")
    st.text_area("Your overall rationale", rationale, key=keys.MGR_RATIONALE, height=120)
    identifier_warning(keys.MGR_RATIONALE)
    if draft.recommendation is not None:
        label = resources.pathways()[draft.pathway_id].recommendation_label(draft.recommendation.choice)
        st.radio(f"Endorsement of: {label}", list(ENDORSE), format_func=ENDORSE.get, index=endorse,
                 key=keys.MGR_ENDORSE)
    if st.button("Record my review", type="primary", key=keys.MGR_RECORD):
        require(signin.roles(), "review", "Recording a review")
        if signin.roles() is not None and _role() not in (signin.roles() or []):
            raise NotPermitted(f"You cannot record a review as {role_label(_role()).lower()}: it is not your role.")
        reviewed = state.REVIEW.save(_record(draft, summary.items), _role())
        if state.REVIEW.clashes():
            st.rerun()
        recorded = reviewed.reviews[_role()]
        state.audit("recorded_review", reviewed.pathway_id)
        assert recorded.recorded_at is not None
        saved = state.REVIEW.file() is not None and not st.session_state.get(keys.AUTOSAVE_ERROR)
        st.success(f"Review recorded as {role_label(_role()).lower()} at {when(recorded.recorded_at)}"
                   + (" and saved with the draft." if saved else ". Download the draft below to keep it."))
        summary = summary_of(reviewed)
    if st.session_state.get(keys.AUTOSAVE_ERROR):
        st.error(f"Not saved: {st.session_state[keys.AUTOSAVE_ERROR]}")
    st.subheader("Download the summary with your review")
    downloads(summary, keys.MGR_DOWNLOADS)
    if state.REVIEW.file() is None:
        current = state.REVIEW.get()
        assert current is not None
        st.download_button("Download the draft with your review", data=current.to_bytes(), mime="application/json",
                           file_name=f"{current.case_reference.replace('/', '_')}-{current.pathway_id}.json",
                           key=keys.MGR_DRAFT_DOWNLOAD, on_click="ignore", icon=":material/save:")
    if st.button("Review another draft", key=keys.MGR_CLOSE):
        _close()
        st.rerun()
