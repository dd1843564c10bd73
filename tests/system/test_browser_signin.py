"""Sign-in for real, in Chromium: the app (``ASSISTANT_SIGN_IN=true``) signs people in through a local OpenID
Connect provider on loopback (``oidc-provider-mock``; Entra ID in a council). Without signing in nothing of
the app is shown; a social worker and a team manager each see what their roles allow; someone with no role
sees whom to ask; the audit log records who (the token's ``sub``), never a name."""

from __future__ import annotations

import json

import pytest
from helpers.appserver import free_port, running_app
from helpers.oidc import running_provider, secrets_file
from helpers.support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.integration]
SHOTS = ROOT / "screenshots"
ROLE_MAP = {"CP.SocialWorker": "social_worker", "CP.TeamManager": "team_manager"}
USERS = [
    {"sub": "sw-0001", "name": "Sam Worker", "roles": ["CP.SocialWorker"]},
    {"sub": "tm-0002", "name": "Tara Manager", "roles": ["CP.TeamManager"]},
    {"sub": "xx-0003", "name": "Nia Other", "roles": ["Finance.Staff"]},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser-signin")
    with running_provider(USERS) as provider:
        port = free_port()
        secrets = secrets_file(base, provider, port)
        settings = {"sign_in": "true", "role_map": json.dumps(ROLE_MAP), "shared_server": "true",
                    "access_contact": "the CP systems team"}
        with running_app(base, server_args=("--secrets.files", str(secrets)), settings=settings, port=port) as app:
            yield app.url, base


def open_page(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    return context, page


def sign_in(page, sub: str) -> None:
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=sub).click()  # the provider's one-click user


def test_nothing_is_shown_before_signing_in(browser, server):
    context, page = open_page(browser, server[0])
    try:
        page.get_by_role("button", name="Sign in").wait_for()
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Sign in with your council account" in main
        assert page.get_by_text("Go to").count() == 0 and page.get_by_text("Start a new checklist").count() == 0
    finally:
        context.close()


def test_a_social_worker_and_a_team_manager_see_what_their_roles_allow(browser, server):
    url, base = server
    worker, page = open_page(browser, url)
    manager, other = open_page(browser, url)
    try:
        sign_in(page, "sw-0001")
        page.get_by_text("Start a new checklist").wait_for()
        sidebar = page.locator("section[data-testid='stSidebar']")
        sidebar.get_by_text("Signed in as Sam Worker (social worker)").wait_for()
        assert sidebar.get_by_text("Manager review").count() == 0
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "signin-social-worker.png"), full_page=True)
        sidebar.get_by_text("Ask the policy").click()
        page.get_by_placeholder("Ask about the local child protection policy").fill("Who records the step-down?")
        page.get_by_placeholder("Ask about the local child protection policy").press("Enter")
        page.get_by_text("Who records the step-down?").first.wait_for()

        sign_in(other, "tm-0002")
        other_sidebar = other.locator("section[data-testid='stSidebar']")
        other_sidebar.get_by_text("Signed in as Tara Manager (team manager)").wait_for()
        other_sidebar.get_by_text("Manager review").click()
        other.get_by_role("heading", name="Manager review").wait_for()
        other_sidebar.get_by_text("Knowledge").click()
        other.get_by_text("changed only by policy editors").wait_for()

        events = [json.loads(line) for line in (base / "data" / "audit.jsonl").read_text().splitlines()]
        asked = [e for e in events if e["action"] == "asked_question"]
        assert asked and asked[-1]["user_id"] == "sw-0001"
        assert "Sam Worker" not in (base / "data" / "audit.jsonl").read_text()
    finally:
        worker.close()
        manager.close()


def test_someone_with_no_role_here_is_told_whom_to_ask(browser, server):
    context, page = open_page(browser, server[0])
    try:
        sign_in(page, "xx-0003")
        page.get_by_text("has no role in this app. Ask the CP systems team for access.").wait_for()
        assert page.get_by_text("Go to").count() == 0
    finally:
        context.close()
