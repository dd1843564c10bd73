"""Ask the policy: a chat answered with verbatim passages from the index, or an honest "not covered".

The history lives in this browser session only and is never written anywhere (``history``).
"""

from __future__ import annotations

import streamlit as st

from assistant.casework.drafts import IDENTIFIER_NAMES
from assistant.casework.export.markdown import escape
from assistant.errors import AssistantError
from assistant.llm.grounded import ChatAnswer
from assistant.privacy.identifiers import redact
from assistant.search.highlight import shared_words
from assistant.ui import history, keys, resources, state
from assistant.ui.components import (
    NOT_COVERED,
    WEAK_MATCH,
    model_notice,
    place,
    quote,
    relevance_notice,
    rules_only_notice,
)

K = 3


def _answer(question: str) -> ChatAnswer:
    """Verbatim passages, or a checked model answer citing them."""
    from assistant.llm import answer_question

    result = resources.policy_search().search(question, k=K)
    return answer_question(question, result, resources.llm_model(), resources.llm_settings())


def _show(turn: history.ChatTurn) -> None:
    answer = turn.answer
    if turn.error:
        st.error(turn.error)
        return
    if not answer.covered:
        st.warning(NOT_COVERED, icon=":material/help:")
        return
    if answer.weak:
        st.warning(WEAK_MATCH, icon=":material/report:")
    if answer.kind == "model":
        st.info(answer.label, icon=":material/smart_toy:")
        for sentence in answer.sentences:
            st.markdown(escape(sentence.text) + " " + " ".join(f"\\[{pid}\\]" for pid in sentence.passage_ids))
    elif answer.fallback_reason:
        st.caption(answer.label)
    elif not answer.weak:
        st.markdown("From the indexed policies, word for word:")
    if answer.pointer:
        st.caption(f"The checklists ask about this in {answer.pointer}.")
    if answer.redactions:
        st.caption(f"{answer.redactions} personal details were removed from your question before it was sent.")
    for pid, p in zip(answer.passage_ids, answer.passages, strict=False):
        with st.container(border=True):
            ref = f"[{pid}] " if answer.kind == "model" else ""
            st.caption(ref + place(p.title, p.section, p.source))
            if answer.weak:
                marked = shared_words(turn.question, p.text)
                if marked:
                    st.caption("Highlighted: the words your question shares with this passage.")
                quote(p.text, policy=True, marked=marked)
            else:
                quote(p.text, policy=True)


def render() -> None:
    st.header("Ask the policy")
    st.caption("Answers are the policy's own words, with the document and section they come from. "
               "Your questions are kept in this session only.")
    model_notice()
    relevance_notice()
    turns = history.turns()
    for turn in turns:
        with st.chat_message("user"):
            st.text(turn.question)
        with st.chat_message("assistant"):
            _show(turn)
    question = st.chat_input("Ask about the local child protection policy", key=keys.CHAT_INPUT)
    if question and question.strip():
        question, found = redact(question.strip())
        with st.chat_message("user"):
            st.text(question)
            if found:
                kinds = ", ".join(sorted({IDENTIFIER_NAMES.get(f.type, f.type) for f in found}))
                st.warning(f"Your question seemed to hold personal details ({kinds}); they were removed before "
                           f"searching and are not kept. Ask about the policy, not the family.",
                           icon=":material/shield_person:")
            rules_only_notice()
        current = state.draft()
        state.audit("asked_question", current.pathway_id if current else None)
        asked = question.strip()
        try:
            turn = history.ChatTurn(question=asked, answer=_answer(asked))
        except AssistantError as exc:
            turn = history.ChatTurn(question=asked, answer=ChatAnswer(kind="verbatim", question=asked, covered=False),
                                    error=str(exc))
        with st.chat_message("assistant"):
            _show(turn)
        history.add(turn)
        turns.append(turn)
    if turns and st.button("Clear this conversation", key=keys.CHAT_CLEAR):
        history.clear()
        st.rerun()
