"""The Streamlit pages. Each module renders one area; every decision comes from the engine.

Only serialisable data goes into ``st.session_state`` (see ``state``); heavy, non-case objects
(the model, the index, the pathway files) are loaded once per process in ``resources``.
"""
