"""Ask the policy: a chat answered with verbatim passages from the index, or an honest "not covered".

The history lives in this browser session only and is never written anywhere.
"""

from __future__ import annotations

import streamlit as st

from assistant.casework.drafts import IDENTIFIER_NAMES
from assistant.errors import AssistantError
from assistant.privacy.identifiers import redact
from assistant.ui import resources, state
from assistant.casework.export.markdown import escape
from assistant.ui.components import NOT_COVERED, WEAK_MATCH, model_notice, place, quote

K = 3


def _answer(question: str) -> dict:
    """The answer as plain data: verbatim passages, or a checked model answer citing them."""
    from assistant.llm import answer_question

    result = resources.policy_search().search(question, k=K)
    return answer_question(question, result, resources.llm_model(), resources.llm_settings()).to_dict()


def _show(answer: dict) -> None:
    if answer.get("error"):
        st.error(answer["error"])
        return
    if not answer["covered"]:
        st.warning(NOT_COVERED, icon=":material/help:")
        return
    if answer.get("weak"):
        st.warning(WEAK_MATCH, icon=":material/report:")
    if answer["kind"] == "model":
        st.info(answer["label"], icon=":material/smart_toy:")
        for sentence in answer["sentences"]:
            st.markdown(escape(sentence["text"]) + " " + " ".join(f"\\[{pid}\\]" for pid in sentence["passage_ids"]))
    elif answer.get("fallback_reason"):
        st.caption(answer["label"])
    else:
        st.markdown("From the indexed policies, word for word:")
    if answer.get("redactions"):
        st.caption(f"{answer['redactions']} personal details were removed from your question before it was sent.")
    for p in answer["passages"]:
        with st.container(border=True):
            ref = f"[{p['pid']}] " if answer["kind"] == "model" else ""
            st.caption(ref + place(p["title"], p["section"], p["source"]))
            quote(p["text"], policy=True)


def render() -> None:
    st.header("Ask the policy")
    st.caption("Answers are the policy's own words, with the document and section they come from. "
               "Your questions are kept in this session only.")
    model_notice()
    history: list[dict] = st.session_state.setdefault("chat", [])
    for turn in history:
        with st.chat_message("user"):
            st.text(turn["question"])
        with st.chat_message("assistant"):
            _show(turn["answer"])
    question = st.chat_input("Ask about the local child protection policy", key="chat:input")
    if question and question.strip():
        question, found = redact(question.strip())
        with st.chat_message("user"):
            st.text(question)
            if found:
                kinds = ", ".join(sorted({IDENTIFIER_NAMES.get(f.type, f.type) for f in found}))
                st.warning(f"Your question seemed to hold personal details ({kinds}); they were removed before "
                           f"searching and are not kept. Ask about the policy, not the family.",
                           icon=":material/shield_person:")
        current = state.draft()
        state.audit("asked_question", current.pathway_id if current else None)
        try:
            answer = _answer(question.strip())
        except AssistantError as exc:
            answer = {"kind": "verbatim", "covered": False, "passages": [], "error": str(exc)}
        with st.chat_message("assistant"):
            _show(answer)
        history.append({"question": question.strip(), "answer": answer})
    if history and st.button("Clear this conversation", key="chat:clear"):
        st.session_state["chat"] = []
        st.rerun()
