"""Pieces every page uses: the judgement notice, policy citations, deadlines."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS, draft_timeline
from assistant.casework.drafts import Draft
from assistant.casework.export.common import place
from assistant.casework.export.markdown import escape, policy_markdown
from assistant.casework.pathways import GroundedCitation
from assistant.casework.pathways.schema import ROLE_LABELS
from assistant.casework.timeline import format_due
from assistant.errors import TimelineError

JUDGEMENT = (
    "This tool supports, and never replaces, professional judgement and management decisions. "
    "It quotes the indexed policies; it does not decide whether a plan should end."
)

LOST_SESSION = (
    "This tab's unsaved answers are no longer held by the assistant: the page was reloaded, the "
    "assistant was restarted, or the connection was lost for longer than it keeps them ({kept}). "
    "A saved draft can be resumed on the Start page; anything not saved has to be entered again."
)

REDACTION_CHECK = (
    "Redacted what the check found. It misses some names (about one in three in testing), "
    "so read the text through before you save it."
)

NOT_COVERED = (
    "The indexed policies don't cover this. Ask the CP chair, or check the full child protection "
    "procedures."
)
WEAK_MATCH = (
    "Closest match only: these passages may not answer your question. Check that they do before relying "
    "on them; if they don't, ask the CP chair or check the full child protection procedures."
)
STATUS_OPTIONS: tuple[str, ...] = tuple(STATUS_LABELS)


def redact_field(key: str, then=None, args: tuple = ()) -> None:
    """Callback: replace the personal identifiers in a text widget's value, then run ``then``."""
    from assistant.privacy.identifiers import redact

    st.session_state[key] = redact(st.session_state.get(key) or "")[0]
    if then is not None:
        then(*args)


def identifier_warning(key: str, then=None, args: tuple = ()) -> None:
    """Under a free-text field: warn when it seems to hold personal identifiers; offer to redact them."""
    from assistant.casework.drafts import IDENTIFIER_NAMES
    from assistant.privacy.identifiers import LABELS, detect

    text = st.session_state.get(key) or ""
    found = detect(text)
    if found:
        kinds = ", ".join(sorted({IDENTIFIER_NAMES.get(f.type, f.type) for f in found}))
        st.warning(f"This may contain personal details ({kinds}). Refer to people by role and use the case "
                   f"reference instead.", icon=":material/shield_person:")
        st.button("Redact them", key=f"redact:{key}", on_click=redact_field, args=(key, then, args),
                  icon=":material/ink_eraser:")
    elif any(label in text for label in LABELS.values()):
        st.caption(REDACTION_CHECK)


def draft_picker(prefix: str, open_label: str, on_open) -> None:
    """Choose a draft: saved on this computer (not on a shared server) or a file; ``on_open(draft, path)``.

    Widget keys: ``{prefix}:saved``, ``{prefix}:go`` (open the chosen one), ``{prefix}:upload``, ``{prefix}:file``.
    """
    from assistant.casework.drafts import load_draft, parse_draft
    from assistant.errors import DraftError
    from assistant.ui import resources

    settings = resources.settings()
    folder = settings.draft_folder
    if settings.shared_server:
        st.caption("This server is shared, so drafts are not kept on it: open the draft file you saved.")
        saved = []
    else:
        saved = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
        if not saved:
            st.caption(f"No saved drafts in {folder} yet.")
    try:
        if saved:
            choice = st.selectbox("Saved drafts on this computer", saved, format_func=lambda p: p.stem,
                                  key=f"{prefix}:saved")
            if st.button(open_label, key=f"{prefix}:go"):
                on_open(load_draft(choice), choice)
        upload = st.file_uploader("Or open a draft file (.json)", type=["json"], key=f"{prefix}:upload")
        if upload is not None and st.button("Open this draft file", key=f"{prefix}:file"):
            on_open(parse_draft(upload.getvalue(), upload.name), None)
    except DraftError as exc:
        st.error(str(exc))


def model_notice() -> None:
    """Say when a language model is configured, loudly when it is not on this computer."""
    from assistant.llm import endpoint_notice
    from assistant.ui import resources

    settings = resources.llm_settings()
    notice = endpoint_notice(settings)
    if notice and settings.is_remote:
        st.warning(notice, icon=":material/cloud:")
    elif notice:
        st.caption(notice)


def judgement_notice() -> None:
    st.info(JUDGEMENT, icon=":material/info:")


def lost_session_notice() -> None:
    """Say plainly that this tab's unsaved answers are gone, rather than show an empty page."""
    hours = int(st.get_option("server.disconnectedSessionTTL")) / 3600
    kept = f"{hours:g} hours" if hours >= 1 else f"{hours * 60:g} minutes"
    st.warning(LOST_SESSION.format(kept=kept), icon=":material/warning:")


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def quote(text: str, policy: bool = False) -> None:
    """Verbatim policy or user text, shown as a quote; Markdown in it is shown, not applied
    (but for policy text, the words its authors marked ``**bold**`` are bold)."""
    inert = policy_markdown if policy else escape
    # two trailing spaces keep each line break (a list stays a list); escaping keeps markup inert
    st.markdown("\n".join("> " + inert(line) + "  " if line.strip() else ">" for line in text.splitlines()))


def citation(c: GroundedCitation, full_passage: bool = True) -> None:
    """A policy citation: document and section, the quote, and the whole passage on request."""
    st.caption(place(c.title, c.section, c.source))
    quote(f"“{c.quote}”", policy=True)
    if full_passage and " ".join(c.passage.split()) != " ".join(c.quote.split()):
        with st.expander("Whole policy passage"):
            st.text(c.passage)


def deadlines(current: Draft, today: date | None = None) -> None:
    """The draft's computed deadlines with overdue warnings (or why there are none yet)."""
    today = today or date.today()
    try:
        timeline = draft_timeline(current.pathway_id, current.dates, today)
    except TimelineError as exc:
        st.error(f"Deadlines cannot be worked out: {exc}")
        return
    if timeline is None:
        st.caption("Enter the plan dates on the Start page to see the deadlines.")
        return
    for m in timeline.milestones:
        text = f"**{format_due(m.due)}**: {escape(m.label)}"
        if m.overdue:
            st.warning(f"Overdue. {text}", icon=":material/warning:")
        else:
            st.markdown(text)
