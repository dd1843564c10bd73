"""The Streamlit app. Each area is a module in ``pages`` with a ``render()`` (listed in ``navigation``,
drawn by app.py); pages never import each other, and every decision comes from the engine.

Only serialisable data goes into ``st.session_state`` (its keys: ``keys``; the data behind them:
``state`` and ``history``); widgets more than one page draws are in ``components``; heavy, non-case
objects (the model, the index, the pathway files) are loaded once per process in ``resources``.
"""
