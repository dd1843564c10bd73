"""The Streamlit pages, one script per area (``assistant.ui.navigation``). A page never imports
another: what two pages share is in ``assistant.ui.components``."""
