"""Objects loaded once per process (``st.cache_resource``): nothing case-specific lives here."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass

import streamlit as st

from assistant.casework.pathways import GroundedCitation, Pathway, changed_citations, ground, load_pathways
from assistant.config import Settings, load_settings
from assistant.search.policies import PolicyDocument, read_policies

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def pathways() -> dict[str, Pathway]:
    return load_pathways(settings().pathways_dir)


@dataclass(frozen=True)
class Grounding:
    """Every pathway item's policy citations, and the documents they come from."""

    citations: dict[str, dict[str, list[GroundedCitation]]]
    """Pathway id -> item id -> citations."""
    documents: list[PolicyDocument]
    skipped: list[str]
    """Knowledge files that could not be read, as 'file: reason'."""


@st.cache_resource(show_spinner=False)
def draft_store():
    """Where drafts are kept (``stores.open_store``): the drafts folder, or PostgreSQL with
    ``ASSISTANT_DATABASE_URL`` (its schema checked once, here)."""
    from assistant.casework.stores import open_store

    return open_store(settings())


@st.cache_resource(show_spinner=False)
def coverage() -> list:
    """For each policy document the pathways cite, its sentences and the items citing them (cleared after a
    re-index)."""
    from assistant.casework.pathways.coverage import coverage as cover

    return cover(pathways().values(), settings())


@st.cache_resource(show_spinner="Reading the policy documents…")
def grounding() -> Grounding:
    """The pathways' citations resolved in the knowledge folder (cleared after a re-index)."""
    policies = read_policies(settings())
    citations = {pid: ground(p, policies.ids, policies.texts, policies.metas) for pid, p in pathways().items()}
    for pid, by_item in citations.items():
        for c in changed_citations(by_item):  # names of files and items only: nothing case-specific
            log.warning("Pathway %s, item %s: its quote is no longer word for word in %s (%s).", pid, c.item_id,
                        c.source, c.status)
    return Grounding(
        citations=citations,
        documents=policies.documents,
        skipped=[f"{s.source}: {s.reason}" for s in policies.skipped],
    )


@st.cache_resource(show_spinner=False)
def embeddings():
    """The packaged embedding model (loaded lazily: see ``warm_up``)."""
    from assistant.search.embeddings import PackagedEmbeddings

    return PackagedEmbeddings(batch_size=settings().embed_batch_size)


WARM_UP_TEXT = "Visited Ava Smith (not a real person) at home with the health visitor on Tuesday."
"""A fixed, fictional sentence the warm-up redacts once, so the first real question does not pay for the
detector's first call (about 0.1 s in the app, docs/performance.md)."""


def warm_up() -> None:
    """Start loading the name model (``privacy/names_model.py``) and the embedding model in the background
    (once per process), then the search code, the index store, the relevance model and the pathway items'
    vectors (``question_keys.key_vectors``), so the first question
    after the app starts does not wait the ~8 s they take (benchmarks/app_timing.py); ``ASSISTANT_WARM_UP=false``
    turns it off.
    Nothing case-specific."""
    current = settings()
    if not current.warm_up:
        return
    from assistant.privacy import names_model

    names_model.warm_up_in_background()
    model = embeddings()

    def open_store() -> None:
        # imported once here rather than on the first question
        from assistant import llm  # noqa: F401
        from assistant.privacy.identifiers import redact
        from assistant.search import relevance_loader, retrieval
        from assistant.search.index import PolicyIndex
        from assistant.search.question_keys import key_vectors

        PolicyIndex(current, model).exists()  # starts Chroma's client for the folder; never indexes
        names_model.problem()  # waits for the name model, if it is still loading
        redact(WARM_UP_TEXT)  # the detector's first call reads the policies' words and its lists: not in a question
        relevance_loader.loader(current.relevance_folder, current.relevance).get()  # loads and checks it, once
        # the pathway items as question keys: encoded once per process, here rather than in the first question
        key_vectors((key.text for key in retrieval.default_keys(current)), model)
        # Streamlit collects garbage after every script run (runner.postScriptGC); with the models' millions of
        # objects in the heap that took ~350 ms a run (docs/performance.md). Frozen, the collector skips them.
        gc.collect()
        gc.freeze()

    model.warm_up_in_background(then=open_store)


@st.cache_resource(show_spinner="Loading the policy index and the language model…")
def policy_index():
    from assistant.search.index import PolicyIndex

    index = PolicyIndex(settings(), embeddings())
    if not index.exists():
        index.sync(progress=False)
    return index


@st.cache_resource(show_spinner="Loading the policy index and the language model…")
def policy_search():
    from assistant.search.relevance_loader import relevance_for
    from assistant.search.retrieval import HybridSearch

    return HybridSearch(policy_index(), settings(), keys=_question_keys(), relevance=relevance_for(settings()))


def _question_keys() -> list:
    """The pathway items as question keys, from the pathways already loaded (``retrieval.default_keys`` would
    read and check them again: about 0.1 s of the first question); none if they cannot be read."""
    from assistant.errors import PathwayError
    from assistant.search.question_keys import keys_from_pathways

    try:
        return keys_from_pathways(pathways().values())
    except PathwayError:
        return []


@st.cache_resource(show_spinner=False)
def llm_settings():
    """The optional language model's settings (ASSISTANT_LLM_*); off unless configured."""
    from assistant.llm import load_llm_settings

    return load_llm_settings()


@st.cache_resource(show_spinner=False)
def llm_model():
    """The configured chat model, or None (then no language-model package is imported)."""
    from assistant.llm import chat_model

    return chat_model(llm_settings())


@st.cache_resource(show_spinner=False)
def audit_log():
    from assistant.privacy.audit import audit_log as audit_log_for

    return audit_log_for(settings())


def vignettes() -> dict:
    """The training vignettes (cached with the pathways they refer to)."""
    return _vignettes()


@st.cache_resource(show_spinner=False)
def _vignettes() -> dict:
    from assistant.casework.training import load_vignettes

    return load_vignettes(pathways=pathways())


def refresh_policies() -> None:
    """Forget everything read from the knowledge folder or the index (after a re-index)."""
    grounding.clear()
    coverage.clear()
    policy_search.clear()
