"""With sign-in on, each page and action checks the person's roles where it runs, not only in the menu: a
social worker who reaches Manager review (a stale menu, a crafted request) is refused there, and a policy
editor's library buttons are for policy editors only. The sign-in itself is driven in a real browser
(tests/system/test_browser_signin.py); here the signed-in roles are set directly."""

from __future__ import annotations

import pytest
from helpers.apptest import run
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.ui import keys, resources, signin


@pytest.fixture
def signed_in(folders, monkeypatch):
    """Sign-in on, with the roles a test sets, and no provider (the gate is the browser test's)."""
    monkeypatch.setenv("ASSISTANT_SIGN_IN", "true")
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(folders.knowledge_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(folders.data_dir))
    monkeypatch.setenv("ASSISTANT_WARM_UP", "false")
    resources.settings.clear()
    monkeypatch.setattr(signin, "gate", lambda: None)
    yield lambda roles: monkeypatch.setattr(signin, "roles", lambda: list(roles))
    monkeypatch.undo()
    resources.settings.clear()


def test_the_menu_offers_only_what_the_roles_allow(signed_in):
    signed_in(["social_worker"])
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    assert "Manager review" not in at.sidebar.radio(key=keys.AREA).options
    assert list(at.selectbox(key=keys.START_ROLE).options) == ["Social worker"]
    signed_in(["trainer"])
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    assert list(at.sidebar.radio(key=keys.AREA).options) == ["Ask the policy", "Training", "Knowledge"]


def test_a_page_the_roles_do_not_allow_is_refused_where_it_runs(signed_in):
    signed_in(["team_manager"])
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key=keys.AREA).set_value("Manager review")
    run(at)
    signed_in(["social_worker"])  # the roles change while the page is on Manager review: the menu moves on
    run(at)
    assert at.session_state[keys.AREA] == "Start" and "Manager review" not in at.sidebar.radio(key=keys.AREA).options
    from assistant.access import NotPermitted
    from assistant.ui import navigation

    with pytest.raises(NotPermitted, match="The Manager review page is for: team manager"):
        navigation.MANAGER_REVIEW.run()  # and the page itself refuses, whatever reaches it


def test_only_policy_editors_see_the_librarys_buttons(signed_in):
    signed_in(["team_manager"])
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key=keys.AREA).set_value("Knowledge")
    run(at)
    assert keys.KNOWLEDGE_ADD not in [b.key for b in at.button]
    assert any("changed only by policy editors" in i.value for i in at.info)
    signed_in(["policy_editor"])
    at = run(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120))
    at.sidebar.radio(key=keys.AREA).set_value("Knowledge")
    run(at)
    assert keys.KNOWLEDGE_ADD in [b.key for b in at.button]
