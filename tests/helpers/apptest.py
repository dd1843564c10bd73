"""Driving the app in Streamlit's AppTest: run a script pass, press a button (each checks for an exception)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)
