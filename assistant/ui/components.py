"""Pieces more than one page uses: the judgement notice, policy citations, deadlines, the draft
picker, saving the draft, the summary's downloads and the training case panel."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import cast

import streamlit as st

from assistant.casework.checklist import STATUS_LABELS, ChecklistSummary, build_summary, draft_timeline
from assistant.casework.drafts import IDENTIFIER_NAMES, MAX_DRAFT_BYTES, Draft, UserRole, parse_draft
from assistant.casework.export import FORMATS, MEDIA_TYPES
from assistant.casework.export import render as render_export
from assistant.casework.export.common import place
from assistant.casework.export.markdown import escape, policy_markdown
from assistant.casework.pathways import GroundedCitation, ItemAnswer
from assistant.casework.pathways.schema import ROLE_LABELS
from assistant.casework.timeline import format_for_people
from assistant.casework.timeline.clock import london_wall_time
from assistant.errors import AssistantError, DraftError, TimelineError
from assistant.privacy.audit import AuditLog, policy_versions
from assistant.ui import keys, resources, state

JUDGEMENT = (
    "This tool supports, and never replaces, professional judgement and management decisions. "
    "It quotes the indexed policies; it does not decide whether a plan should end."
)

LOST_SESSION = (
    "This tab's unsaved answers are no longer held by the assistant: the page was reloaded, the "
    "assistant was restarted (or, on a shared server, another of its processes took over), or the "
    "connection was lost for longer than it keeps them ({kept}). A saved draft can be resumed on the "
    "Start page, or opened again on Manager review; anything not saved (a review not yet recorded, "
    "for one) has to be entered again."
)

REDACTION_CHECK = (
    "Redacted what the check found. It misses some names (about one in twelve in testing, and more in some "
    "notes: names in lower case or with nothing around them), so read the text through before you save it."
)
NO_RELEVANCE = (
    "Whether the policies cover a question is judged here without the relevance model ({problem}), so more "
    "questions the policies do not answer get passages anyway (docs/retrieval-quality.md). Tell whoever runs "
    "this computer or server."
)
RULES_ONLY = (
    "Names are being checked by rules alone here ({problem}), so a name in the middle of a sentence may be "
    "missed (about one name in two in testing). Tell whoever runs this computer or server."
)

NOT_COVERED = (
    "The indexed policies don't cover this. Ask the CP chair, or check the full child protection "
    "procedures."
)
WEAK_MATCH = (
    "Closest places to read, not an answer: the search is not confident these passages answer your question. "
    "Read them to check; if they don't answer it, ask the CP chair or check the full child protection procedures."
)
STATUS_OPTIONS: tuple[str, ...] = tuple(STATUS_LABELS)
FICTIONAL = "Fictional case for training. It is not about a real child or family."
FORMAT_LABELS = {"md": "Markdown", "docx": "Word (DOCX)", "pdf": "PDF", "json": "JSON"}


def redact_field(key: str, then: Callable[..., None] | None = None, args: tuple = ()) -> None:
    """Callback: replace the personal identifiers in a text widget's value, then run ``then``."""
    from assistant.privacy.identifiers import redact

    st.session_state[key] = redact(st.session_state.get(key) or "")[0]
    if then is not None:
        then(*args)


def _kinds_found(text: str) -> list[str]:
    """The kinds of identifier in ``text``, remembered for this session only (the page runs again on every
    click, and the name model takes 10-20 ms a note), by a hash of the text, at most ``IDENTIFIER_MEMORY``."""
    from assistant.privacy.identifiers import detect

    if not text.strip():
        return []
    memory: dict[str, list[str]] = st.session_state.setdefault(keys.IDENTIFIER_MEMORY, {})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    if digest not in memory:
        if len(memory) >= IDENTIFIER_MEMORY:
            memory.clear()
        memory[digest] = [f.type for f in detect(text)]
    return memory[digest]


IDENTIFIER_MEMORY = 200


def identifier_warning(key: str, then: Callable[..., None] | None = None, args: tuple = ()) -> None:
    """Under a free-text field: warn when it seems to hold personal identifiers; offer to redact them."""
    from assistant.privacy.identifiers import LABELS

    text = st.session_state.get(key) or ""
    found = _kinds_found(text)
    if found:
        kinds = ", ".join(sorted({IDENTIFIER_NAMES.get(kind, kind) for kind in found}))
        st.warning(f"This may contain personal details ({kinds}). Refer to people by role and use the case "
                   f"reference instead.", icon=":material/shield_person:")
        st.button("Redact them", key=keys.redact(key), on_click=redact_field, args=(key, then, args),
                  icon=":material/ink_eraser:")
    elif any(label in text for label in LABELS.values()):
        st.caption(REDACTION_CHECK)
    if text.strip():
        rules_only_notice()


def rules_only_notice() -> None:
    """Where the name model is not in use (missing, or not the expected files), say so."""
    from assistant.privacy.identifiers import model_problem

    problem = model_problem()
    if problem:
        st.caption(RULES_ONLY.format(problem=problem))


def relevance_notice() -> None:
    """Where the relevance model is not in use (off, missing, or failing its check), say so."""
    from assistant.search.relevance_loader import installed_problem

    problem = installed_problem(resources.settings())
    if problem:
        st.caption(NO_RELEVANCE.format(problem=problem))


def draft_picker(widgets: keys.Picker, open_label: str, on_open: Callable[[Draft, str | None], None]) -> None:
    """Choose a draft: one kept here (on this computer, or in the server's database) or a file; ``on_open(draft,
    key)`` (called in the script run, so it may switch page)."""
    settings = resources.settings()
    saved: list[str] = []
    store = None
    if not settings.keeps_drafts:
        st.caption("This server is shared, so drafts are not kept on it: open the draft file you saved.")
    else:
        store = state.store()
        saved = store.all_keys()
        if not saved:
            st.caption(f"No saved drafts {store.place} yet.")
    try:
        if saved and store is not None:
            choice = st.selectbox(f"Saved drafts {store.place}", saved, format_func=store.label, key=widgets.saved)
            if st.button(open_label, key=widgets.go):
                on_open(store.load(choice), choice)
        upload = st.file_uploader("Or open a draft file (.json)", type=["json"], key=widgets.upload,
                                  max_upload_size=math.ceil(MAX_DRAFT_BYTES / 1048576))
        if upload is not None and st.button("Open this draft file", key=widgets.file):
            on_open(parse_draft(upload.getvalue(), upload.name), None)
    except DraftError as exc:
        st.error(str(exc))


def model_notice() -> None:
    """Say when a language model is configured, loudly when it is not on this computer."""
    from assistant.llm import endpoint_notice

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


def when(moment: datetime) -> str:
    """A recorded moment as people in the office read it: 'Tuesday 1 December 2026, 21:21' (Europe/London)."""
    return format_for_people(london_wall_time(moment))


def quote(text: str, policy: bool = False, marked: list[str] | None = None) -> None:
    """Verbatim policy or user text, shown as a quote; Markdown in it is shown, not applied
    (but for policy text, the words its authors marked ``**bold**`` are bold). ``marked`` words are
    highlighted (the words a question shares with a passage)."""
    inert = policy_markdown if policy else escape
    words = "|".join(map(re.escape, sorted(marked or [], key=len, reverse=True)))
    pattern = re.compile(rf"(?<![\w\\])({words})(?!\w)") if words else None

    def show(line: str) -> str:
        line = inert(line)
        return pattern.sub(lambda m: f":orange-background[{m.group(1)}]", line) if pattern else line

    # two trailing spaces keep each line break (a list stays a list); escaping keeps markup inert
    st.markdown("\n".join("> " + show(line) + "  " if line.strip() else ">" for line in text.splitlines()))


def citation(c: GroundedCitation, full_passage: bool = True) -> None:
    """A policy citation: document and section, the quote, and the whole passage on request.

    Where the policy document changed so that the quote is no longer in it, a warning says so and
    where, with the pathway's old words shown as the pathway's and the closest passage as the policy
    reads now."""
    if c.changed:
        st.warning(f"{c.change_note()} Ask whoever looks after the pathways to run `check-pathways` and update "
                   f"this question.", icon=":material/sync_problem:")
        st.caption("The pathway quoted (no longer in the policy):")
        st.text(" ".join(c.quote.split()))
        if c.closest_passage:
            with st.expander("Closest passage in the policy now"):
                st.caption(place(c.title, c.closest_section, c.source))
                st.text(c.closest_passage)
        return
    st.caption(place(c.title, c.section, c.source))
    quote(f"“{c.quote}”", policy=True)
    if full_passage and " ".join(c.passage.split()) != " ".join(c.quote.split()):
        with st.expander("Whole policy passage"):
            st.text(c.passage)


def deadlines(current: Draft, today: date | datetime | None = None) -> None:
    """The draft's computed deadlines with overdue warnings and their notes (or why there are none yet).

    ``today`` defaults to now, so a deadline with a time is overdue from that minute (for the training
    case being worked, to the day its scenario is set: ``state.case_today``)."""
    settings = resources.settings()
    pathway = resources.pathways().get(current.pathway_id)
    if pathway is None or not pathway.deadlines:
        st.caption("This pathway has no deadlines.")
        return
    try:
        timeline = draft_timeline(pathway, current.dates,
                                  today if today is not None else state.case_today(current),
                                  region=settings.bank_holiday_region, window_from=settings.repeat_window_from)
    except TimelineError as exc:
        st.error(f"Deadlines cannot be worked out: {exc}")
        return
    if timeline is None:
        st.caption("Enter the plan dates on the Start page to see the deadlines.")
        return
    for m in timeline.milestones:
        text = f"**{format_for_people(m.due)}**: {escape(m.label)}"
        if m.overdue:
            st.warning(f"Overdue. {text}", icon=":material/warning:")
        else:
            st.markdown(text)
        if m.notes:
            st.caption("\n".join(f"- {escape(note)}" for note in m.notes))


def summary_of(draft: Draft) -> ChecklistSummary:
    """The checklist summary of a draft, built now."""
    pathway = resources.pathways()[draft.pathway_id]
    grounding = resources.grounding()
    settings = resources.settings()
    return build_summary(pathway, draft, grounding.citations[pathway.id], grounding.documents, state.now(),
                         today=state.case_today(draft), region=settings.bank_holiday_region,
                         window_from=settings.repeat_window_from)


def file_stem(summary: ChecklistSummary) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{summary.case_reference}-{summary.pathway_id}")


def _export(summary: ChecklistSummary, fmt: str, log: AuditLog, session: str, versions: dict[str, str]) -> bytes:
    """Make the file for a download (runs when the button is pressed) and note the export."""
    data = render_export(summary, fmt)
    log.record(session, "exported_summary", summary.pathway_id, versions)
    return data


def downloads(summary: ChecklistSummary, prefix: str) -> None:
    """One download button per format; each file is made only when its button is pressed."""
    log, session = resources.audit_log(), state.session_id()
    versions = policy_versions(summary.policy_documents)
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, ("md", "docx", "pdf", "json"), strict=True):
        with column:
            st.download_button(f"Download {FORMAT_LABELS[fmt]}",
                               data=partial(_export, summary, fmt, log, session, versions),
                               file_name=f"{file_stem(summary)}.{fmt}", mime=MEDIA_TYPES[fmt],
                               key=keys.download(prefix, fmt), on_click="ignore", icon=":material/download:")


def draft_path(draft: Draft) -> Path:
    """The name a draft's file would have (for a download; saving picks a free name: ``draft_store.create``)."""
    from assistant.casework.draft_store import stem

    return resources.settings().draft_folder / f"{stem(draft.case_reference, draft.pathway_id)}.json"


def save_current() -> None:
    """Callback: save a draft that has no file yet (opened from a file, or started on a shared server)
    as a new draft in the drafts folder, under a name no other draft has; from then on every change
    is saved as it is made."""
    current = state.draft()
    assert current is not None
    store = state.store()
    try:
        key, saved = store.create(current, state.user_role(), state.now())
    except AssistantError as exc:
        st.session_state[keys.SAVE_MESSAGE] = ("error", str(exc))
        return
    state.WORK.hold(saved, key)
    state.audit("saved_draft", saved.pathway_id)
    st.session_state[keys.SAVE_MESSAGE] = ("ok", f"Draft saved {store.place} as {store.label(key)}. Changes are "
                                                 f"now saved as you go.")


def save_button(key: str) -> None:
    """Save the draft: on this computer, or as a download on a shared server."""
    current = state.draft()
    assert current is not None
    if not resources.settings().keeps_drafts:
        st.download_button("Save draft (download the file)", data=current.to_bytes(), mime="application/json",
                           file_name=draft_path(current).name, key=key, on_click="ignore", icon=":material/save:",
                           help="This server is shared, so your draft is not kept on it. Keep the file "
                                "somewhere safe and open it from the Start page to carry on.")
        return
    if state.WORK.file() is None:
        st.button("Save draft", key=key, on_click=save_current, icon=":material/save:")
    else:
        st.caption(f"Saved {state.store().place}. Every change is saved as you go.")
    saved_message()
    if st.session_state.get(keys.AUTOSAVE_ERROR):
        st.error(f"Autosave failed: {st.session_state[keys.AUTOSAVE_ERROR]}")


PART_KINDS = {"answer": "the answer to", "branch": "the choice at", "date": "the date", "review": "the review by"}


def part_label(part: str, pathway_id: str) -> str:
    """A draft part as its reader knows it: "the answer to “<question>”", "the recommendation"."""
    if part == "recommendation":
        return "the recommendation"
    kind, _, name = part.partition(":")
    pathway = resources.pathways().get(pathway_id)
    if kind == "answer" and pathway is not None:
        item = next((i for i in pathway.items() if i.id == name), None)
        if item is not None:
            return f"the answer to “{' '.join(item.text.split())}”"
    if kind == "branch" and pathway is not None:
        step = pathway.step_map().get(name)
        if step is not None and step.branch is not None:
            return f"the answer to “{step.branch.question}”"
    if kind == "date":
        from assistant.casework.checklist import DATE_LABELS

        return f"the date “{DATE_LABELS.get(name, name)}”"
    if kind == "review":
        return f"the {role_label(name).lower()}'s review"
    return part


def conflict_notice(slot: state.Slot, role: str) -> None:
    """When a write was refused (someone else changed the same things): say what and by whom, and
    offer to load the saved version or keep this version as a separate draft."""
    resolved = st.session_state.pop(keys.CONFLICT_MESSAGE, None)
    if resolved:
        {"ok": st.success, "info": st.info}.get(resolved[0], st.error)(resolved[1])
    clashes = slot.clashes()
    current = slot.get()
    if not clashes or current is None:
        return
    with st.container(border=True):
        st.error("Your latest changes are not saved: someone else changed the same things since you opened "
                 "this draft. Nothing has been overwritten.", icon=":material/sync_problem:")
        for clash in clashes:
            who = " and ".join(role_label(r).lower() for r in clash["by"]) or "someone else"
            at = f" on {when(datetime.fromisoformat(clash['at']))}" if clash["at"] else ""
            st.markdown(f"- {escape(part_label(clash['part'], current.pathway_id))}: changed by the "
                        f"{escape(who)}{at}")
        st.caption("Load the saved version to see their changes, then make yours again (what you typed is "
                   "shown above the fields until you do); or keep your version as a separate draft.")
        left, right = st.columns(2)
        name = "work" if slot is state.WORK else "review"
        if left.button("Load the saved version", key=keys.conflict_action(name, "theirs"), type="primary"):
            _show_mine(clashes, current)
            slot.take_theirs()
            st.rerun()
        if right.button("Keep my version as a separate draft", key=keys.conflict_action(name, "copy")):
            try:
                key = slot.keep_mine_as_copy(cast(UserRole, role))
            except AssistantError as exc:
                st.session_state[keys.CONFLICT_MESSAGE] = ("error", str(exc))
            else:
                st.session_state[keys.CONFLICT_MESSAGE] = (
                    "ok", f"Your version is saved as a separate draft ({state.store().label(key)}); you "
                          f"are now working on it.")
            st.rerun()


def _show_mine(clashes: list[dict], mine: Draft) -> None:
    """Keep, for one run after loading theirs, what this person had for each clashing part."""
    from assistant.casework.draft_store import parts

    mine_parts = parts(mine)
    lines = []
    for clash in clashes:
        value = mine_parts.get(clash["part"])
        if value is None:
            text = "no answer"
        elif isinstance(value, ItemAnswer):
            text = STATUS_LABELS.get(value.status or "", "not answered") + (f". {value.note}" if value.note else "")
        else:
            text = str(getattr(value, "rationale", None) or getattr(value, "choice", None) or value)
        lines.append(f"{part_label(clash['part'], mine.pathway_id)}: {text}")
    if lines:
        st.session_state[keys.CONFLICT_MESSAGE] = ("info", "What you had, to make your changes again:\n\n"
                                                   + "\n\n".join(f"- {escape(line)}" for line in lines))


def saved_message() -> None:
    """The outcome of the last save or conflict resolution, shown once."""
    message = st.session_state.pop(keys.SAVE_MESSAGE, None)
    if message:
        {"ok": st.success, "info": st.info}.get(message[0], st.error)(message[1])


def scenario_panel() -> None:
    """The training case being worked, for the walk-through (nothing when no vignette is active)."""
    active = st.session_state.get(keys.VIGNETTE)
    vignettes = resources.vignettes() if active else {}
    if active in vignettes:
        with st.expander(f"The case: {vignettes[active].title} (fictional)", expanded=False):
            st.caption(FICTIONAL)
            quote(vignettes[active].scenario)
