"""Start: choose a pathway and a role, enter the dates, or resume a saved draft."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any, cast

import streamlit as st
from pydantic import ValidationError

from assistant.casework.checklist import DATE_LABELS, DATES_BY_PATHWAY
from assistant.casework.drafts import USER_ROLES, CaseDates, Draft, UserRole, check_case_reference
from assistant.errors import DraftError
from assistant.ui import keys, navigation, resources, state
from assistant.ui.components import draft_picker, role_label

PATHWAY_ORDER = ("step-down", "repeat-plan", "long-plan")

DATE_HELP = {
    "start": "The date of the Initial Child Protection Conference that started this plan.",
    "conference": "The date of the first review conference.",
    "conference_15": "If the 15-month conference has been held or booked.",
    "conference_21": "If the 21-month conference has been held or booked.",
}


def _dates_form(pathway_id: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in DATES_BY_PATHWAY[pathway_id]:
        label = DATE_LABELS[name]
        values[name] = st.date_input(label, value=None, format="DD/MM/YYYY", help=DATE_HELP.get(name),
                                     key=keys.start_date(name))
        if name == "conference":
            values["conference_time"] = st.time_input("Review conference time", value=time(10, 0),
                                                      key=keys.START_CONFERENCE_TIME, step=900)
    return values


def _case_dates(values: dict[str, Any]) -> CaseDates:
    fields = {k: v for k, v in values.items() if k != "conference_time" and v is not None}
    if "conference" in fields:
        fields["conference"] = datetime.combine(fields["conference"], values.get("conference_time") or time(10, 0))
    return CaseDates(**fields)


def _new_case() -> None:
    pathways = resources.pathways()
    st.subheader("Start a new checklist")
    order = [pid for pid in PATHWAY_ORDER if pid in pathways] + sorted(set(pathways) - set(PATHWAY_ORDER))
    pathway_id = st.radio("Which decision are you preparing for?", order,
                          format_func=lambda pid: pathways[pid].title, key=keys.START_PATHWAY)
    st.caption(pathways[pathway_id].description)
    role = st.selectbox("Your role", USER_ROLES, format_func=role_label, key=keys.START_ROLE)
    reference = st.text_input(
        "Case reference", key=keys.START_REFERENCE, max_chars=40,
        help="The case system number (for example LL-123456). Never a child's or parent's name.",
    )
    values = _dates_form(pathway_id)
    if st.button("Start the checklist", type="primary", key=keys.START_GO):
        try:
            check_case_reference(reference)
        except ValueError as exc:
            st.error(f"Case reference: {exc}")
            return
        try:
            draft = Draft.new(pathway_id, cast(UserRole, role), reference, state.now(), _case_dates(values))
        except ValidationError as exc:
            st.error("; ".join(e["msg"] for e in exc.errors()))
            return
        state.start(draft, pathways[pathway_id].start)
        navigation.switch_to(navigation.WALK_THROUGH)


def _resume(draft: Draft, path: Path | None) -> None:
    pathways = resources.pathways()
    pathway = pathways.get(draft.pathway_id)
    if pathway is None:
        st.error(f"This draft is for a pathway '{draft.pathway_id}' that is not installed.")
        return
    try:
        draft = draft.for_pathway(pathway)
    except DraftError as exc:
        st.error(str(exc))
        return
    state.start(draft, draft.current_step or pathway.start, path)
    state.audit("opened_draft", draft.pathway_id)
    navigation.switch_to(navigation.WALK_THROUGH)


def _resume_section() -> None:
    st.subheader("Resume a saved draft")
    draft_picker(keys.RESUME, "Resume this draft", _resume)


def render() -> None:
    st.header("Start")
    current = state.draft()
    if current is not None:
        st.success(f"Working on case {current.case_reference} ({resources.pathways()[current.pathway_id].title}).")
    left, right = st.columns(2, gap="large")
    with left:
        _new_case()
    with right:
        _resume_section()
