"""CP Pathways Assistant: the Streamlit entry point (navigation only; pages live in assistant/ui)."""

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import resources
from assistant.ui.pages import chat, knowledge, manager, review, start, training, walkthrough
from assistant.ui.components import judgement_notice, lost_session_notice
from assistant.ui.state import AREAS, apply_goto, commit_widgets, tab_lost_its_session

PAGES = {
    "Start": start.render,
    "Walk-through": walkthrough.render,
    "Check your answers": review.render,
    "Ask the policy": chat.render,
    "Manager review": manager.render,
    "Training": training.render,
    "Knowledge": knowledge.render,
}

st.set_page_config(page_title="CP Pathways Assistant", layout="wide")
apply_goto()
commit_widgets()
with st.sidebar:
    st.title("CP Pathways Assistant")
    area = st.radio("Go to", AREAS, key="area")
judgement_notice()
if tab_lost_its_session():
    lost_session_notice()
try:
    PAGES[area]()
except AssistantError as exc:
    st.error(str(exc))
resources.warm_up()  # after the page is drawn: loads the embedding model in the background, once
