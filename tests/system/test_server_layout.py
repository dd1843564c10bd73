"""A council's server layout on loopback: two ``streamlit run`` processes behind nginx with session affinity,
drafts and the audit log in PostgreSQL, the index in a Chroma server, one policy library. A social worker
saves on one process; a manager on the other opens and reviews the same draft; the manager's process is
killed and their next request is served by the other, with every saved draft intact."""

from __future__ import annotations

import os
import signal
import uuid

import pytest
from helpers.appserver import running_app
from helpers.postgres import running_postgres
from helpers.proxy import running_nginx

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def layout(tmp_path_factory, chroma_server):
    from assistant.casework.stores.migrations import migrate

    base = tmp_path_factory.mktemp("server-layout")
    with running_postgres(base / "pg") as url:
        migrate(url)
        settings = {"shared_server": "true", "database_url": url, "chroma_host": "127.0.0.1",
                    "chroma_port": chroma_server, "collection": f"layout_{uuid.uuid4().hex[:8]}"}
        with running_app(base, settings=settings) as first, running_app(base, settings=settings) as second:
            ports = [int(first.url.rsplit(":", 1)[1]), int(second.url.rsplit(":", 1)[1])]
            with running_nginx(ports) as proxy:
                yield proxy, {ports[0]: first, ports[1]: second}, url


def browser_on(browser, proxy: str, port: int):
    """A browser whose affinity cookie sends it to the app process on ``port``."""
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
    page.get_by_text("Start a new checklist").wait_for()
    return context, page


def test_two_processes_share_drafts_and_one_survives_the_other(browser, layout):
    proxy, apps, database = layout
    (port_a, app_a), (port_b, app_b) = apps.items()
    worker_ctx, worker = browser_on(browser, proxy, port_a)
    manager_ctx, manager = browser_on(browser, proxy, port_b)
    try:
        worker.get_by_role("textbox", name="Case reference").fill("LL-626262")
        worker.get_by_role("textbox", name="Case reference").press("Tab")
        worker.get_by_role("spinbutton", name="day, Plan start (ICPC)").click()
        worker.keyboard.type("01092026")
        worker.keyboard.press("Tab")
        worker.get_by_role("button", name="Start the checklist").click()
        worker.get_by_role("heading", name="Triangulating the evidence").wait_for()
        worker.locator("[data-testid='stMain']").get_by_role("radiogroup").first.get_by_text(
            "Partly evidenced", exact=True).click()
        worker.get_by_text("Saved on this server").first.wait_for()

        sidebar = manager.locator("section[data-testid='stSidebar']")
        sidebar.get_by_text("Manager review").click()
        manager.get_by_text("Saved drafts on this server").first.wait_for()
        manager.get_by_role("button", name="Open for review").click()
        manager.get_by_role("heading", name="Manager review").wait_for()
        manager.get_by_text("Case LL-626262").first.wait_for()
        manager.get_by_role("textbox", name="Your overall rationale").fill("Partly triangulated: not yet.")
        manager.get_by_role("button", name="Record my review").click()
        manager.get_by_text("Review recorded as team manager").wait_for()

        from assistant.casework.stores.postgres import PostgresDraftStore

        store = PostgresDraftStore(database)
        (key,) = store.matching("LL-626262", "step-down")
        assert store.load(key).reviews["team_manager"].rationale == "Partly triangulated: not yet."
        assert store.load(key).answers.items["sd-initial-concern"].status == "partly_evidenced"

        os.kill(app_b.pid, signal.SIGKILL)  # the manager's process dies
        manager.reload()
        manager.get_by_text("Start a new checklist").wait_for()  # served by the other process
        assert manager.context.request.get(f"{proxy}/_stcore/health").headers["x-upstream"] == f"127.0.0.1:{port_a}"
        manager.locator("section[data-testid='stSidebar']").get_by_text("Manager review").click()
        manager.get_by_text("Saved drafts on this server").first.wait_for()
        manager.get_by_role("button", name="Open for review").click()
        manager.get_by_text("Case LL-626262").first.wait_for()
        assert store.load(key).reviews["team_manager"].rationale == "Partly triangulated: not yet."
    finally:
        worker_ctx.close()
        manager_ctx.close()
