"""Every ``st.session_state`` key the app uses: defined here once, never spelled out in a page.

Session data (plain JSON-able values only; ``state`` turns them into models):

- ``SESSION_ID``: a random id for the audit log; ``TAB_TOKEN`` / ``LOST_SESSION``: the token put in
  the tab's address (``state.mark_tab``) and whether this tab came back to a session the server no
  longer has (``state.tab_lost_its_session``);
- ``DRAFT``: the draft worked on, one record replaced whole (``state.Slot``): ``draft`` (the Draft as
  JSON data), ``base`` (the version this session last read or wrote), ``path`` (where it is saved;
  autosave goes there), ``role`` (who last changed it) and ``conflict`` (a write refused because
  another person changed the same parts); ``STEP``: the id of the walk-through step to show;
  ``USER_ROLE``: who is using this session; ``AUTOSAVE`` (off when False),
  ``AUTOSAVE_ERROR`` and ``SAVE_MESSAGE``: saving it;
- ``CHAT``: this session's questions and answers (``history.ChatTurn`` as JSON data);
- ``VIGNETTE``: the training case being worked;
- ``ANALYSIS`` / ``ANALYSIS_LABEL``: a language model's drafted analysis of the notes, as last edited;
- ``REVIEW_DRAFT``: the draft under manager review, a record like ``DRAFT``'s;
  ``REVIEW_PENDING``: the manager's review fields as last typed (``state.commit_review_widgets``);
- ``KNOWLEDGE_MESSAGE`` / ``KNOWLEDGE_ADDED`` / ``KNOWLEDGE_REMOVED`` / ``KNOWLEDGE_SKIPPED``: the last re-index's
  outcome.

The rest are widget keys, grouped by page; families of them (one per item, step or format) are
built by the small functions here. ``AREA`` and ``GOTO`` are the menu's
(``assistant.ui.navigation``).
"""

from __future__ import annotations

from typing import NamedTuple

# -- session data -------------------------------------------------------------------------------------
AREA = "area"
"""The menu's radio: the area shown (``navigation``)."""
GOTO = "goto"
"""The area ``navigation.switch_to`` asked for, applied before the menu is drawn on the next run."""
SESSION_ID = "session_id"
TAB_TOKEN = "tab_token"
LOST_SESSION = "lost_session"
DRAFT = "draft"
STEP = "step"
CONFLICT_MESSAGE = "conflict_message"
"""How a refused write was resolved (shown once, above the page, by ``components.conflict_notice``)."""
USER_ROLE = "user_role"
"""The role of the person using this session, chosen on Start (writes are recorded under it)."""
AUTOSAVE = "autosave"
AUTOSAVE_ERROR = "autosave_error"
SAVE_MESSAGE = "save_message"
CHAT = "chat"
VIGNETTE = "vignette"
ANALYSIS = "analysis"
ANALYSIS_LABEL = "analysis_label"
REVIEW_DRAFT = "review_draft"
REVIEW_PENDING = "review_pending"
KNOWLEDGE_MESSAGE = "knowledge:message"
KNOWLEDGE_ADDED = "knowledge:added"
KNOWLEDGE_SKIPPED = "knowledge:skipped"
KNOWLEDGE_REMOVED = "knowledge:removed"
IDENTIFIER_MEMORY = "identifier-memory"
SIGNED_IN_ROLES = "signed-in-roles"
"""The signed-in person's app roles (``signin.gate``), with sign-in on."""
USER_ID = "user-id"
"""The signed-in person's identifier (the token's ``sub``), recorded in the audit log; never a name."""
USER_TEAM = "user-team"
"""The signed-in person's team (the token's team claim, or ``ASSISTANT_TEAM``)."""
SIGN_IN = "signin:go"
SIGN_OUT = "signin:out"
"""Hash of a note's text -> the kinds of identifier found in it (this session only: components._kinds_found)."""


# -- shared widgets (components) ----------------------------------------------------------------------
def redact(field: str) -> str:
    """The "Redact them" button under the free-text widget ``field``."""
    return f"redact:{field}"


def download(prefix: str, fmt: str) -> str:
    """The download button for the summary in format ``fmt`` (``prefix``: the page drawing it)."""
    return f"{prefix}:download:{fmt}"


class Picker(NamedTuple):
    """The widgets of one draft picker (``components.draft_picker``)."""

    saved: str
    """The list of drafts saved on this computer."""
    go: str
    """Open the one chosen from the list."""
    upload: str
    """A draft file to open instead."""
    file: str
    """Open the uploaded file."""


def picker(prefix: str) -> Picker:
    return Picker(f"{prefix}:saved", f"{prefix}:go", f"{prefix}:upload", f"{prefix}:file")


# -- Start --------------------------------------------------------------------------------------------
START_PATHWAY = "start:pathway"
START_ROLE = "start:role"
START_REFERENCE = "start:reference"
START_CONFERENCE_TIME = "start:conference_time"
START_GO = "start:go"
START_PENDING = "start:pending"
"""A new checklist waiting while its person chooses: resume the matching saved draft, or start a separate one."""
START_SEPARATE = "start:separate"
START_CANCEL = "start:cancel"
START_DISCARD = "start:discard"
"""Confirms starting another checklist while the one in hand has answers saved nowhere."""
RESUME = picker("resume")
EDIT_CONFERENCE_TIME = "edit:conference_time"
EDIT_SAVE = "edit:save"
EDIT_MESSAGE = "edit:message"


def start_date(name: str) -> str:
    """The date field for the case date ``name`` (``CaseDates`` field)."""
    return f"start:{name}"


def edit_date(name: str) -> str:
    """The date field ``name`` in "Edit case details" (seeded from the draft in hand)."""
    return f"edit:{name}"


def is_edit_key(key: object) -> bool:
    """A field of "Edit case details" (forgotten once saved, so it is drawn again from the draft)."""
    return isinstance(key, str) and key.startswith("edit:")


def date_choice(form: str, field: str) -> str:
    """The "continue for reflection" confirmation beside date ``field`` in ``form`` (start or edit)."""
    return f"{form}:confirm:{field}"


def start_resume_match(n: int) -> str:
    """Resume the ``n``-th saved draft matching a new checklist's case and pathway."""
    return f"start:resume-match:{n}"


# -- Walk-through -------------------------------------------------------------------------------------
WALK_SAVE = "walk:save"
NAV_BACK = "nav:back"
NAV_NEXT = "nav:next"
NAV_CHECK = "nav:check"
NAV_RETURN = "nav:return"
"""The "Return to Check your answers" button (drawn while ``RETURN_TO_CHECK`` is set)."""
RETURN_TO_CHECK = "walk:return_to_check"
"""Set by a "Change" link on Check your answers: the walk-through offers the way back until it is used."""
WALK_SHOWN = "walk:shown"
"""The step whose heading was last brought into view (``scroll.show_step``)."""
WALK_SCROLLS = "walk:scrolls"
"""How many times a step's heading has been brought into view (makes each frame a new one)."""


def step_block(step_id: str) -> str:
    """The container holding step ``step_id``'s questions: a new one per step, so nothing in it (an opened
    policy passage) carries over to the next step."""
    return f"walk-step-{step_id}"


_ITEM, _STATUS = "item:", ":status"


def item_status(item_id: str) -> str:
    return f"{_ITEM}{item_id}{_STATUS}"


def item_note(item_id: str) -> str:
    return f"{_ITEM}{item_id}:note"


def item_reason(item_id: str) -> str:
    return f"{_ITEM}{item_id}:reason"


def item_problem(item_id: str) -> str:
    """Why the item's answer could not be recorded as given (a message, not a widget)."""
    return f"{_ITEM}{item_id}:problem"


def status_items(session_keys: list) -> list[str]:
    """The ids of the items whose status widget is among ``session_keys``."""
    return [k[len(_ITEM):-len(_STATUS)] for k in session_keys
            if isinstance(k, str) and k.startswith(_ITEM) and k.endswith(_STATUS)]


def branch(step_id: str) -> str:
    """The branch question's answer at step ``step_id``."""
    return f"branch:{step_id}"


CASE_PREFIXES = (_ITEM, "branch:", ANALYSIS, "review:analysis", "edit:")
"""Widgets and values about one case: forgotten when another draft is started or resumed."""


def is_case_key(key: object) -> bool:
    return isinstance(key, str) and key.startswith(CASE_PREFIXES)


# -- Check your answers -------------------------------------------------------------------------------
REVIEW_SAVE = "review:save"
REC_CHOICE = "item:recommendation:choice"
"""The practitioner's recommendation (an ``item:`` key: forgotten with the case's other answers)."""
REC_RATIONALE = "item:recommendation:rationale"
REVIEW_ANALYSE = "review:analyse"
REVIEW_ANALYSIS = "review:analysis"
"""The editable drafted analysis (its value is kept in ``ANALYSIS`` when the page is left)."""
REVIEW_FEEDBACK = "review:feedback"
REVIEW_DOWNLOADS = "review"
"""``download(REVIEW_DOWNLOADS, fmt)``."""


def change(item_id: str) -> str:
    """The "Change" link beside an item's answer."""
    return f"change:{item_id}"


# -- Ask the policy -----------------------------------------------------------------------------------
CHAT_INPUT = "chat:input"
CHAT_CLEAR = "chat:clear"

# -- Manager review -----------------------------------------------------------------------------------
MANAGER_OPEN = picker("mgr-open")
MGR_ROLE = "mgr:role"
MGR_NAME = "mgr:name"
MGR_RATIONALE = "mgr:rationale"
MGR_ENDORSE = "mgr:endorse"
MGR_RECORD = "mgr:record"
MGR_CLOSE = "mgr:close"
MGR_DRAFT_DOWNLOAD = "mgr:draft-download"
MGR_DOWNLOADS = "mgr"
"""``download(MGR_DOWNLOADS, fmt)``."""
_COMMENT = "mgr:comment:"
REVIEW_FIELDS = (MGR_ROLE, MGR_NAME, MGR_RATIONALE, MGR_ENDORSE)
"""A manager review's own widgets (with the per-item ``mgr_comment`` fields)."""


def mgr_comment(item_id: str) -> str:
    return f"{_COMMENT}{item_id}"


def mgr_item_status(item_id: str) -> str:
    """The reviewer's own answer to one of their duty items (saved at once, not kept as pending)."""
    return f"mgr:item:{item_id}:status"


def mgr_item_note(item_id: str) -> str:
    return f"mgr:item:{item_id}:note"


def conflict_action(slot: str, action: str) -> str:
    """A button resolving a refused write of ``slot`` (``theirs``: load the saved version; ``copy``)."""
    return f"conflict:{slot}:{action}"


def is_review_field(key: object) -> bool:
    """A field of the manager's review (kept in ``REVIEW_PENDING``)."""
    return isinstance(key, str) and (key in REVIEW_FIELDS or key.startswith(_COMMENT))


def is_manager_widget(key: object) -> bool:
    """Any widget of the Manager review page once a draft is open (forgotten when another is opened)."""
    return isinstance(key, str) and key.startswith("mgr:")


def is_manager_key(key: object) -> bool:
    """Any key of the Manager review page, its draft picker's included (forgotten by "Review another")."""
    return isinstance(key, str) and key.startswith("mgr")


# -- Training -----------------------------------------------------------------------------------------
TRAINING_CHOICE = "training:choice"
TRAINING_START = "training:start"
TRAINING_DISCARD = "training:discard"

# -- Knowledge ----------------------------------------------------------------------------------------
KNOWLEDGE_UPLOAD = "knowledge:upload"
KNOWLEDGE_REPLACE = "knowledge:replace"
KNOWLEDGE_ADD = "knowledge:add"
KNOWLEDGE_REINDEX = "knowledge:reindex"
KNOWLEDGE_REMOVE_CHOICE = "knowledge:remove-choice"
KNOWLEDGE_REMOVE_CONFIRM = "knowledge:remove-confirm"
KNOWLEDGE_REMOVE = "knowledge:remove"
