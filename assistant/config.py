"""Settings, read from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RETIRED = {"ASSISTANT_COVERED_THRESHOLD": "ASSISTANT_COVERED_CONFIDENCE",
           "ASSISTANT_WEAK_MATCH_BELOW": "ASSISTANT_CAUTION_BELOW"}
"""Settings that were replaced (2026-12), refused with the name of their replacement rather than ignored."""


class Settings(BaseSettings):
    """Where the knowledge and index live, and how retrieval behaves."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    """Folder of policy documents (.md, .txt, .pdf, .docx, .html)."""
    pathways_dir: Path = PROJECT_ROOT / "prompts" / "pathways"
    """The folder of pathway files (``*.yaml``): the app, the command line, exports and training use them."""
    data_dir: Path = PROJECT_ROOT / "data"
    """Folder for the embedded Chroma index and its lock file."""
    drafts_dir: Path | None = None
    """Where the app saves drafts (default: ``drafts`` inside data_dir)."""
    database_url: str | None = None
    """A PostgreSQL database for drafts (``postgresql+psycopg://user@host:5432/db``); unset: the drafts folder.
    Upgrade its schema first with ``python -m assistant migrate``."""
    shared_server: bool = False
    """Many staff use this one server: drafts are never kept on it; people save them as files."""
    sign_in: bool = False
    """People sign in (Streamlit's ``st.login``, OpenID Connect; the provider in ``.streamlit/secrets.toml``'s
    ``[auth]``, docs/deployment.md) and their roles come from the token (``role_claim``, ``role_map``)."""
    role_claim: str = "roles"
    """The identity token's claim holding a person's groups or app roles (Entra ID: ``roles``)."""
    role_map: dict[str, str] = Field(default_factory=dict)
    """Claim value -> app role (JSON), e.g. ``{"CP.SocialWorker": "social_worker", "CP.TeamManager":
    "team_manager"}``; roles: social_worker, team_manager, service_manager, cp_chair, qa_team_manager, trainer,
    policy_editor. A person whose claims map to none sees only whom to ask (``access_contact``)."""
    team_claim: str = "team"
    """The identity token's claim holding a person's team (a draft is open to its author and the managers and
    chairs of the author's team); where tokens carry none, ``team`` names the one team for everyone."""
    team: str | None = None
    access_contact: str = ""
    """Whom to ask for access, shown to a signed-in person with no role here."""
    library_editable: bool | None = None
    """Whether people may add and remove policy documents in the app (default: yes on a laptop, no when
    ``shared_server`` is true). Read through ``may_change_library``."""
    library_contact: str = ""
    """Who changes the policy library where the app may not (shown on the Knowledge page), for example
    'the Quality Assurance team (qa@council.example)'."""
    library_archive_dir: Path | None = None
    """Where removed policy documents go (default: ``.archive`` inside knowledge_dir, never indexed)."""
    exports_dir: Path | None = None
    """Where exports kept on this computer go (default: ``exports`` inside data_dir); purged by retention."""
    audit_log: Path | None = None
    """The audit log, JSON lines (default: ``audit.jsonl`` inside data_dir)."""
    audit_enabled: bool = True
    retention_days: int = Field(default=90, ge=1, le=3650)
    """Drafts, exports and audit entries older than this are removed by ``python -m assistant purge``."""
    chroma_host: str | None = None
    """Chroma server host; with chroma_port, switches to server mode."""
    chroma_port: int | None = Field(default=None, ge=1, le=65535)
    collection: str = "policy_passages"
    max_file_mb: float = Field(default=20.0, gt=0)
    """Knowledge files larger than this are skipped."""
    chunk_size: int = Field(default=800, ge=100, le=8000)
    """Maximum characters in a chunk; chosen by measurement (docs/decisions/0002-chunk-size-800.md)."""
    chunk_overlap: int = Field(default=0, ge=0)
    covered_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    """Lowest confidence of the covered model (``search/covered.py``) counted as 'the policies cover this'
    (docs/decisions/0015-covered-from-several-signals.md)."""
    caution_below: float = Field(default=0.65, ge=0.0, le=1.0)
    """Covered answers whose confidence is below this are shown as the closest places to read, with a
    caution (app only; ``search --json`` is unchanged). Chosen on gold.yaml."""
    relevance: bool = True
    """Use the relevance model (``python -m assistant train-relevance``, run by ``make run``) as a sixth covered
    signal when it is installed and passes its check; false: the five other signals only."""
    relevance_dir: Path | None = None
    """Where the relevance model is (default: ``relevance`` inside data_dir)."""
    warm_up: bool = True
    """The app starts loading the embedding model in the background as soon as it is opened."""
    candidates: int = Field(default=20, ge=1, le=200)
    """How many passages each ranker contributes before fusion."""
    embed_batch_size: int = Field(default=32, ge=1, le=1024)
    exact_search_limit: int = Field(default=20_000, ge=0)
    """Up to this many sentence vectors, dense search scores every vector exactly in memory (about
    1.5 KB each); a larger index is searched through Chroma's HNSW index. 0 always uses Chroma."""
    bank_holiday_region: Literal["england-and-wales", "scotland", "northern-ireland"] = "england-and-wales"
    """Whose bank holidays the deadlines' notes flag (the same choices as the timeline engine's
    ``BANK_HOLIDAY_REGIONS``; a test keeps them equal)."""
    address_town: Literal["keep", "redact"] = "keep"
    """The town and postcode written after an address ("41 Victoria Road, Wigan WN5 0JD"): ``keep`` redacts the
    street part and the postcode and leaves the town ("[ADDRESS], Wigan [POSTCODE]"); ``redact`` takes the town
    and postcode into the address ("[ADDRESS]"). The council's information governance chooses
    (docs/privacy.md#the-town-after-an-address-a-council-setting-2026-12-03)."""
    name_model: Literal["pinned", "trained"] = "pinned"
    """The name model's entity recogniser: ``pinned``, the one in spaCy's ``en_core_web_sm`` 3.8.0, which every
    regression guard measures; or ``trained``, that recogniser trained further on the development sets' fictional
    case notes, which finds far more names (written in lower case, in lists, mid-sentence) and fewer look-alikes in
    all, and a few more findings on words no one labelled. The council's information governance chooses
    (docs/privacy.md#a-name-model-trained-on-case-notes-a-council-setting-2026-12-05)."""
    local_not_names: Path | None = None
    """A YAML file of the council's own services, teams and buildings whose words are never a person's name
    ("Brighter Futures", "Grace House"): a name found wholly inside one of them is not redacted
    (``assistant/privacy/word_lists.py``; docs/privacy.md)."""
    repeat_window_from: Literal["plan_end", "registration"] = "plan_end"
    """Where "returning to CP planning within 2 years" is counted from: the end of the previous plan
    (the wider reading) or its start, the "last registration" of the policy's title."""

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if (self.chroma_host is None) != (self.chroma_port is None):
            raise ConfigError(
                "Server mode needs both ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT; "
                "only one of them is set."
            )
        if self.chunk_overlap >= self.chunk_size:
            raise ConfigError("ASSISTANT_CHUNK_OVERLAP must be smaller than ASSISTANT_CHUNK_SIZE.")
        for old, new in RETIRED.items():
            if old in os.environ:
                raise ConfigError(f"{old} is no longer read: the covered decision now combines several signals. "
                                  f"Use {new} instead (docs/configuration.md), and remove {old}.")
        from assistant.access import APP_ROLES

        unknown = sorted(set(self.role_map.values()) - set(APP_ROLES))
        if unknown:
            raise ConfigError(f"ASSISTANT_ROLE_MAP names roles the app does not have: {', '.join(unknown)} "
                              f"(roles: {', '.join(APP_ROLES)}).")
        if self.local_not_names is not None:
            from assistant.privacy.word_lists import read_local

            read_local(self.local_not_names)
        if self.caution_below < self.covered_confidence:
            raise ConfigError("ASSISTANT_CAUTION_BELOW must not be below ASSISTANT_COVERED_CONFIDENCE.")
        return self

    @property
    def server_mode(self) -> bool:
        return self.chroma_host is not None

    @property
    def relevance_folder(self) -> Path:
        return self.relevance_dir if self.relevance_dir is not None else self.data_dir / "relevance"

    @property
    def draft_folder(self) -> Path:
        return self.drafts_dir if self.drafts_dir is not None else self.data_dir / "drafts"

    @property
    def keeps_drafts(self) -> bool:
        """Whether this app keeps drafts: always with a database; on a shared server without one, never (they
        travel as downloaded files)."""
        return bool(self.database_url) or not self.shared_server

    @property
    def may_change_library(self) -> bool:
        return self.library_editable if self.library_editable is not None else not self.shared_server

    @property
    def library_archive_folder(self) -> Path:
        return self.library_archive_dir if self.library_archive_dir is not None else self.knowledge_dir / ".archive"

    @property
    def export_folder(self) -> Path:
        return self.exports_dir if self.exports_dir is not None else self.data_dir / "exports"

    @property
    def audit_path(self) -> Path:
        return self.audit_log if self.audit_log is not None else self.data_dir / "audit.jsonl"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load_settings(**overrides) -> Settings:
    """Settings from the environment, turning validation errors into a ConfigError."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"Invalid settings: {problems}") from None


def choice(field: str, raw: str | None) -> str:
    """One of a ``Literal`` setting's readings from its raw environment value (None: the default), checked by the
    settings' own type, so a wrong value is the same error here as at start-up. For settings read where text is
    redacted, outside a loaded ``Settings`` (the command line, the detector)."""
    info = Settings.model_fields[field]
    if raw is None:
        return str(info.default)
    readings = get_args(info.annotation)
    if raw not in readings:
        raise ConfigError(f"Invalid settings: ASSISTANT_{field.upper()} must be {' or '.join(map(repr, readings))}, "
                          f"not {raw!r}.")
    return raw
