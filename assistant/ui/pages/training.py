"""Training: fictional vignettes to work through, then feedback against a model answer.

``feedback`` (in ``assistant.casework.training``) says how each answer differs from the model answer;
the words for each kind of difference are here.
"""

from __future__ import annotations

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS
from assistant.casework.drafts import Draft
from assistant.casework.export.markdown import escape
from assistant.casework.pathways.schema import holders_label, in_sentence
from assistant.casework.training import DIFFERENCES, ItemGap, Vignette, feedback, training_reference
from assistant.ui import keys, navigation, resources, state
from assistant.ui.components import FICTIONAL, quote, role_label

HEADINGS: dict[str, str] = {
    "not_applicable_refused": "Marked not applicable where the policy requires the item",
    "not_applicable": "Marked not applicable where the model answer says the item applies",
    "missed": "Rated lower than the model answer: the case holds more evidence",
    "over_claimed": "Rated higher than the model answer: the case does not show it",
    "applies": "Rated where the model answer says the item does not apply",
    "unanswered": "Not answered",
}
"""One heading per kind of difference (``training.Difference``)."""

REQUIRED = ("This item cannot be marked not applicable: on this route the policy requires it, so it stays open "
            "until it is evidenced. Rate how far it is evidenced and note what is missing.")
REQUIRED_BECAUSE: dict[str, str] = {
    "rp-legal-consultation": (
        "If legal advice is not being sought, the policy requires the service manager to ensure the reason "
        "is recorded. “Not needed yet” is a reason to record, not a reason to set the item aside: until the "
        "advice is sought or the reason is on the record, the item is not evidenced."),
}
"""Why an item the learner tried to set aside is required, where the policy says more than ``REQUIRED``."""


def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status, "Not answered") if status else "Not answered"


def _learner_label(gap: ItemGap) -> str:
    if gap.kind == "not_applicable_refused" and gap.learner_status is None:
        return "Not applicable (not recorded)"
    return status_label(gap.learner_status)


def explain(gap: ItemGap) -> str:
    """Why the learner's answer to one item differs from the model answer, in plain words (Markdown-safe)."""
    yours, model = f"“{_learner_label(gap)}”", f"“{status_label(gap.model_status)}”"
    reason = f" (your reason: “{escape(gap.learner_reason)}”)" if gap.learner_reason else ""
    if gap.kind == "not_applicable_refused":
        return " ".join([f"You marked this not applicable{reason}.", REQUIRED_BECAUSE.get(gap.item_id, REQUIRED),
                         f"The model answer rates it {model}."])
    if gap.kind == "not_applicable":
        why = ("Not applicable is for an item that does not arise in this case; one that arises but is not done "
               "yet is not evidenced." if gap.model_status != "evidenced" else "The case holds evidence for it.")
        return f"You marked this not applicable{reason}, but it applies to this case: the model answer rates it " \
               f"{model}. {why}"
    if gap.kind == "missed":
        return f"You rated this {yours}; the case holds more evidence than that: the model answer rates it {model}."
    if gap.kind == "over_claimed":
        return f"You rated this {yours}; the case does not show that much: the model answer rates it {model}."
    if gap.kind == "applies":
        why = f": {escape(gap.model_reason)}" if gap.model_reason else "."
        return f"You rated this {yours}, but the model answer finds it does not apply to this case{why}"
    if not gap.on_learner_route:
        return (f"This question is not on your route so far (see the branch choice above); on the model answer's "
                f"route it is rated {model}.")
    return f"You left this unanswered; the model answer rates it {model}."


def _feedback(vignette: Vignette, current: Draft) -> None:
    pathway = resources.pathways()[vignette.pathway]
    result = feedback(pathway, vignette, current.answers)
    st.subheader("Feedback on your answers")
    st.metric("Items where your rating matched the model answer", f"{result.matched} of {result.total}")
    for diff in result.branch_differences:
        yours = f"you chose “{escape(diff.learner_label)}”" if diff.learner_label else "you have not answered yet"
        st.warning(f"At “{escape(diff.question)}” {yours}; the model answer chose “{escape(diff.model_label)}”.")
    if not result.differences:
        st.success("Your rating matches the model answer on every item.")
        return
    st.markdown("**Where your answers differ from the model answer**, by area:")
    for area, count in result.by_area.items():
        if count:
            st.markdown(f"- {escape(area)}: {count}")
    st.markdown("By whose duty:")
    for role, items in result.by_role.items():
        st.markdown(f"- {escape(role_label(role))}: {len(items)}")
    for kind in DIFFERENCES:
        gaps = [gap for gap in result.differences if gap.kind == kind]
        if not gaps:
            continue
        st.markdown(f"**{HEADINGS[kind]}** ({len(gaps)})")
        for gap in gaps:
            with st.container(border=True):
                st.markdown(f"**{escape(gap.text)}**")
                st.caption(f"{escape(gap.step_title)} · {escape(holders_label(gap.role, gap.roles))} · "
                           f"you: {_learner_label(gap)} · model answer: {status_label(gap.model_status)}")
                st.markdown(explain(gap))
                quote(gap.model_note)


def _start(vignette_id: str) -> None:
    vignette = resources.vignettes()[vignette_id]
    pathway = resources.pathways()[vignette.pathway]
    number = sorted(resources.vignettes()).index(vignette_id) + 1
    draft = Draft.new(vignette.pathway, vignette.learner_role, training_reference(number), state.now(),
                      vignette.dates)
    state.start(draft, pathway.start, vignette=vignette_id)


def _working(vignettes: dict[str, Vignette]) -> tuple[Vignette, Draft] | None:
    """The training case being worked in this session, with its draft (None when there is none)."""
    active = st.session_state.get(keys.VIGNETTE)
    current = state.draft()
    if active in vignettes and current is not None and current.pathway_id == vignettes[active].pathway:
        return vignettes[active], current
    return None


def render() -> None:
    st.header("Training")
    vignettes: dict[str, Vignette] = resources.vignettes()
    pathways = resources.pathways()
    working = _working(vignettes)
    if working is not None:
        vignette, current = working
        st.warning(FICTIONAL, icon=":material/school:")
        st.markdown(f"You are working **{escape(vignette.title)}**, as the "
                    f"{in_sentence(role_label(vignette.learner_role))}.")
        with st.expander("The case (fictional)"):
            quote(vignette.scenario)
        _feedback(vignette, current)
        st.divider()
        st.subheader("Training cases")
    options = list(vignettes)
    # the case being worked is chosen unless the learner picks another: no other case's scenario is
    # shown under the feedback unless asked for
    choice = st.selectbox("Choose a training case", options, key=keys.TRAINING_CHOICE,
                          index=options.index(working[0].id) if working else 0,
                          format_func=lambda vid: f"{pathways[vignettes[vid].pathway].title}: {vignettes[vid].title}")
    if working is not None and choice == working[0].id:
        st.caption("This is the case you are working: its scenario and your feedback are above.")
        if st.button("Start this case again (your answers are cleared)", key=keys.TRAINING_START):
            _start(choice)
            navigation.switch_to(navigation.WALK_THROUGH)
        return
    vignette = vignettes[choice]
    st.warning(FICTIONAL, icon=":material/school:")
    st.caption(f"You are the {in_sentence(role_label(vignette.learner_role))}.")
    quote(vignette.scenario)
    confirmed = _may_leave_current(working is not None)
    if st.button("Work through this case", type="primary", key=keys.TRAINING_START):
        if not confirmed:
            st.error("Your answers in hand are saved nowhere: tick the box above to leave them, or go back and "
                     "save or download them first.")
            return
        _start(choice)
        navigation.switch_to(navigation.WALK_THROUGH)


def _may_leave_current(training: bool) -> bool:
    """Ask before a training case replaces answers saved nowhere (a real case on a shared server, a case
    whose autosave failed, or another training case). True when nothing would be lost or the person agreed."""
    if not state.unsaved_answers():
        return True
    current = state.draft()
    assert current is not None
    if training:
        st.warning("Starting this training case clears your answers on the training case you are working.",
                   icon=":material/warning:")
    else:
        st.warning(f"Your answers for case {current.case_reference} are not saved anywhere: starting a training "
                   f"case will lose them.", icon=":material/warning:")
    return st.checkbox("Start anyway and lose them", key=keys.TRAINING_DISCARD)
