"""The Streamlit pages, one per area."""
