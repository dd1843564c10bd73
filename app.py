"""CP Pathways Assistant: the Streamlit page (widgets and calls into assistant/ only)."""

import streamlit as st

from assistant.config import load_settings
from assistant.errors import AssistantError
from assistant.index import PolicyIndex
from assistant.retrieval import HybridSearch

JUDGEMENT = (
    "This tool supports, and never replaces, professional judgement and management decisions. "
    "It quotes the indexed policies; it does not decide whether a plan should end."
)


@st.cache_resource(show_spinner="Loading the policy index…")
def policy_search() -> HybridSearch:
    settings = load_settings()
    index = PolicyIndex(settings)
    index.sync(progress=False)
    return HybridSearch(index, settings)


st.set_page_config(page_title="CP Pathways Assistant", layout="wide")
st.title("CP Pathways Assistant")
st.info(JUDGEMENT)

st.subheader("Ask the policy")
with st.form("ask"):
    question = st.text_input("Your question about the local child protection policy", key="question")
    asked = st.form_submit_button("Search the policy")

if asked and question.strip():
    try:
        result = policy_search().search(question.strip(), k=3)
    except AssistantError as exc:
        st.error(str(exc))
    else:
        if not result.covered:
            st.warning(
                "The indexed policies don't cover this. Ask the CP chair or check the full "
                "safeguarding procedures."
            )
        for passage in result.passages:
            with st.container(border=True):
                st.caption(f"{passage.title} › {passage.section} ({passage.source})")
                st.text(passage.text)
