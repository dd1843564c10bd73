"""A council's server layout on loopback: two ``streamlit run`` processes behind nginx with session affinity,
sign-in through a local OpenID Connect provider, drafts and the audit log in PostgreSQL, the index in a Chroma
server, one policy library. A social worker signs in and saves on one process; a team manager of the same
team signs in through the proxy on the other, opens and reviews the same draft; the manager's process is
killed while a second review is half written, and their next request is served by the other process: still
signed in, every saved draft and review intact, and the page says the unsaved words are gone."""

from __future__ import annotations

import json
import os
import signal
import uuid

import pytest
from helpers.appserver import free_port, question, running_app
from helpers.oidc import running_provider, secrets_file
from helpers.postgres import running_postgres
from helpers.proxy import running_nginx
from helpers.support import ROOT
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]
SHOTS = ROOT / "screenshots"
ROLE_MAP = {"CP.SocialWorker": "social_worker", "CP.TeamManager": "team_manager"}
USERS = [
    {"sub": "sw-0101", "name": "Sam Worker", "roles": ["CP.SocialWorker"], "team": "North"},
    {"sub": "tm-0102", "name": "Tara Manager", "roles": ["CP.TeamManager"], "team": "North"},
]


@pytest.fixture(scope="module")
def layout(tmp_path_factory, chroma_server):
    from assistant.casework.stores.migrations import migrate

    base = tmp_path_factory.mktemp("server-layout")
    proxy_port = free_port()
    with running_postgres(base / "pg") as url, running_provider(USERS) as provider:
        migrate(url)
        secrets = ("--secrets.files", str(secrets_file(base, provider, proxy_port)))  # redirect: the proxy
        settings = {"shared_server": "true", "database_url": url, "chroma_host": "127.0.0.1",
                    "chroma_port": chroma_server, "collection": f"layout_{uuid.uuid4().hex[:8]}",
                    "sign_in": "true", "role_map": json.dumps(ROLE_MAP), "team_claim": "team"}
        with (running_app(base, settings=settings, server_args=secrets) as first,
              running_app(base, settings=settings, server_args=secrets) as second):
            ports = [int(first.url.rsplit(":", 1)[1]), int(second.url.rsplit(":", 1)[1])]
            with running_nginx(ports, port=proxy_port) as proxy:
                yield proxy, {ports[0]: first, ports[1]: second}, url


def signed_in_on(browser, proxy: str, port: int, sub: str):
    """A browser whose affinity cookie sends it to the app process on ``port``, signed in as ``sub``
    through the proxy (the provider's callback comes back through it too)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for _ in range(200):
        context.clear_cookies()
        context.add_cookies([{"name": "cpaffinity", "value": uuid.uuid4().hex, "url": proxy}])
        if context.request.get(f"{proxy}/_stcore/health").headers.get("x-upstream") == f"127.0.0.1:{port}":
            break
    else:
        raise AssertionError(f"no affinity cookie reached 127.0.0.1:{port}")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(proxy)
    assert page.get_by_text("Start a new checklist").count() == 0  # nothing before signing in
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=sub).click()  # the provider's one-click user
    page.get_by_text("Start a new checklist").wait_for()
    assert page.url.startswith(proxy)
    return context, page


def test_two_processes_share_drafts_and_one_survives_the_other(browser, layout):
    proxy, apps, database = layout
    (port_a, app_a), (port_b, app_b) = apps.items()
    worker_ctx, worker = signed_in_on(browser, proxy, port_a, "sw-0101")
    manager_ctx, manager = signed_in_on(browser, proxy, port_b, "tm-0102")
    try:
        worker.locator("section[data-testid='stSidebar']").get_by_text(
            "Signed in as Sam Worker (social worker)").wait_for()
        worker.get_by_role("textbox", name="Case reference").fill("LL-626262")
        worker.get_by_role("textbox", name="Case reference").press("Tab")
        worker.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()
        worker.keyboard.type("01092026")
        worker.keyboard.press("Tab")
        worker.get_by_role("button", name="Start the checklist").click()
        worker.get_by_role("heading", name="Triangulating the evidence").wait_for()
        question(worker, "sd-initial-concern").status.get_by_text("Partly evidenced", exact=True).click()
        worker.get_by_text("Saved on this server").first.wait_for()

        sidebar = manager.locator("section[data-testid='stSidebar']")
        sidebar.get_by_text("Signed in as Tara Manager (team manager)").wait_for()
        sidebar.get_by_text("Manager review").click()
        manager.get_by_text("Saved drafts on this server").first.wait_for()
        manager.get_by_role("button", name="Open for review").click()
        manager.get_by_role("heading", name="Manager review").wait_for()
        manager.get_by_text("Case LL-626262").first.wait_for()
        manager.get_by_role("textbox", name="Your overall rationale").fill("Partly triangulated: not yet.")
        manager.get_by_role("button", name="Record my review").click()
        manager.get_by_text("Review recorded as team manager").wait_for()

        from sqlalchemy import create_engine, text

        from assistant.casework.stores.postgres import PostgresDraftStore

        store = PostgresDraftStore(database)
        (key,) = store.matching("LL-626262", "step-down")
        assert store.load(key).reviews["team_manager"].rationale == "Partly triangulated: not yet."
        assert store.load(key).answers.items["sd-initial-concern"].status == "partly_evidenced"
        engine = create_engine(database)
        with engine.connect() as conn:  # one audit log for both processes: who did what, never a name
            rows = [tuple(r) for r in conn.execute(text("SELECT * FROM audit_events")).all()]
        engine.dispose()
        who = {(r[-1], r[4]) for r in rows}  # (user_id, action)
        assert ("tm-0102", "recorded_review") in who and "sw-0101" in {user for user, _ in who}
        assert "Tara Manager" not in repr(rows) and "LL-626262" not in repr(rows)

        # a second thought, typed but not recorded, when the manager's process dies
        manager.get_by_role("textbox", name="Your overall rationale").fill("Second thoughts, never recorded")
        os.kill(app_b.pid, signal.SIGKILL)
        manager.wait_for_timeout(3_000)  # the page reconnects, through the proxy, to the other process
        manager.locator("section[data-testid='stSidebar']").get_by_text("Start").click()
        manager.get_by_text("This tab's unsaved answers are no longer held by the assistant").wait_for()
        assert manager.context.request.get(f"{proxy}/_stcore/health").headers["x-upstream"] == f"127.0.0.1:{port_a}"
        SHOTS.mkdir(exist_ok=True)
        manager.screenshot(path=str(SHOTS / "layout-failover.png"), full_page=True)
        sidebar = manager.locator("section[data-testid='stSidebar']")
        sidebar.get_by_text("Signed in as Tara Manager (team manager)").wait_for()  # still signed in
        sidebar.get_by_text("Manager review").click()
        manager.get_by_text("Saved drafts on this server").first.wait_for()
        manager.get_by_role("button", name="Open for review").click()
        manager.get_by_text("Case LL-626262").first.wait_for()
        expect(manager.get_by_role("textbox", name="Your overall rationale")).to_have_value(
            "Partly triangulated: not yet.")  # the recorded review; the unrecorded words are gone
        assert store.load(key).reviews["team_manager"].rationale == "Partly triangulated: not yet."
        assert store.load(key).answers.items["sd-initial-concern"].status == "partly_evidenced"
    finally:
        worker_ctx.close()
        manager_ctx.close()
