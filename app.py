"""CP Pathways Assistant: the Streamlit entry point (navigation only; the pages are the modules in
assistant/ui/pages, listed in assistant/ui/navigation.py)."""

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import navigation, resources, signin, state
from assistant.ui.components import conflict_notice, judgement_notice, lost_session_notice

st.set_page_config(page_title="CP Pathways Assistant", layout="wide")
signin.gate()  # with ASSISTANT_SIGN_IN: nothing below runs until the person has signed in and has a role
state.commit_widgets()
page = navigation.navigation()
judgement_notice()
if state.tab_lost_its_session():
    lost_session_notice()
conflict_notice(state.WORK, state.user_role())
try:
    page.run()
except AssistantError as exc:
    st.error(str(exc))
resources.warm_up()  # after the page is drawn: loads the embedding model in the background, once
