"""A two-step page whose Back run pauses between seeding the note and drawing its box, so that a test can
cut that run short from the browser (tests/ui/test_seeding.py). ``CUT_SHORT_MODE=plain`` seeds the note
in the session only, as the app's pages did before ``assistant/ui/seeding.py``; ``seeded`` draws the
box as the pages do now."""

import os
import time

import streamlit as st

from assistant.ui import seeding

MODE = os.environ.get("CUT_SHORT_MODE", "seeded")


def save() -> None:
    st.session_state["draft"] = st.session_state["note"]


def open_step(step: int) -> None:
    st.session_state["step"] = step
    st.session_state["pause"] = step == 1


st.session_state.setdefault("draft", "")
st.session_state.setdefault("step", 1)
other = st.text_input("Something else")
if st.session_state["step"] == 1:
    if MODE == "plain":
        seeding.seed("note", st.session_state["draft"])
        value = ""
    else:
        value = seeding.text("note", st.session_state["draft"])
    if st.session_state.pop("pause", False):
        st.write("Seeded; drawing the step")
        time.sleep(3)
    st.text_area("Your evidence note", value, key="note", on_change=save)
    st.write(f"Saved: {st.session_state['draft']}")
    st.button("Next", on_click=open_step, args=(2,))
else:
    st.header("Step two")
    st.button("Back", on_click=open_step, args=(1,))
st.write(f"Drawn with: {other}")
