"""No network needed: indexing and searching never try to connect out.

The guard (tests/helpers/netguard.py) blocks and records any connection, DNS lookup or datagram to
a non-loopback address. It is used in-process around a real index + hybrid search with the
packaged model, and in real ``python -m assistant index`` / ``search --json`` subprocesses
through a ``sitecustomize.py`` (which also covers loading the model and importing chromadb,
LangChain and sentence-transformers from a cold start).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import urllib.request

import pytest
from helpers.netguard import Guard, NetworkBlocked, is_loopback, no_network, subprocess_env  # noqa: F401 (fixture)
from helpers.support import INSTALLED_RELEVANCE, ON_TOPIC, ROOT, STEP_DOWN, cli_env, copy_knowledge, run_cli

from assistant.search.index import PolicyIndex
from assistant.search.relevance_loader import RelevanceLoader
from assistant.search.retrieval import HybridSearch


def test_loopback_detection():
    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "::ffff:127.0.0.1", None, b"127.0.0.1"):
        assert is_loopback(host), host
    for host in ("10.0.0.1", "192.0.2.1", "8.8.8.8", "2001:db8::1", "example.org", "huggingface.co", "0.0.0.0x"):
        assert not is_loopback(host), host


def test_guard_blocks_outbound_records_it_and_keeps_loopback():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        with Guard() as guard:
            with socket.create_connection(("127.0.0.1", port), timeout=5):
                pass
            with socket.socket() as sock:
                sock.settimeout(5)
                sock.connect(("localhost", port))
            assert socket.getaddrinfo("localhost", port)
            assert guard.attempts == []
            with pytest.raises(NetworkBlocked):
                socket.create_connection(("192.0.2.1", 443), timeout=5)
            with pytest.raises(NetworkBlocked):
                socket.getaddrinfo("huggingface.co", 443)
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                with pytest.raises(NetworkBlocked):
                    sock.connect(("192.0.2.1", 80))
                assert sock.connect_ex  # patched too
                with pytest.raises(NetworkBlocked):
                    sock.connect_ex(("192.0.2.1", 80))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(NetworkBlocked):
                udp.sendto(b"dns?", ("8.8.8.8", 53))
            with pytest.raises(OSError):  # what a library sees: a network error
                urllib.request.build_opener(urllib.request.ProxyHandler({})).open("http://example.org/", timeout=5)
            calls = [a["call"] for a in guard.attempts]
            assert calls == ["create_connection", "getaddrinfo", "connect", "connect_ex", "sendto", "create_connection"]
        assert socket.socket.connect is not None and socket.getaddrinfo.__module__ == "socket"  # uninstalled
    finally:
        server.close()


@pytest.mark.integration
def test_real_index_and_hybrid_search_never_connect_out(settings, real_embeddings, no_network):  # noqa: F811
    """A first sync with the packaged model, then searches, with every outbound connection refused."""
    index = PolicyIndex(settings, real_embeddings)
    report = index.sync(progress=False)
    assert report.embedded == report.chunks > 0 and not report.skipped
    search = HybridSearch(PolicyIndex(settings, real_embeddings), settings,  # a fresh client, as the app makes
                          relevance=RelevanceLoader(INSTALLED_RELEVANCE).get)  # loaded and checked under the guard
    result = search.search(ON_TOPIC, 3)
    assert result.covered and result.passages[0].source == STEP_DOWN
    assert result.signals is not None and result.signals.relevance is not None
    assert not search.search("How do I submit a mileage claim for my travel expenses?", 3).covered
    assert no_network.attempts == []


@pytest.mark.slow
def test_subprocess_guard_is_active_and_fails_loudly(tmp_path):
    """The sitecustomize guard is really installed in a child: loopback works, anything else is refused."""
    env, record = subprocess_env(cli_env(), tmp_path)
    script = textwrap.dedent("""
        import socket, urllib.request
        server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
        socket.create_connection(server.getsockname(), timeout=5).close()
        print("loopback ok", flush=True)
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open("http://example.org/", timeout=5)
        print("SHOULD NOT GET HERE")
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode != 0
    assert "loopback ok" in proc.stdout and "SHOULD NOT GET HERE" not in proc.stdout
    assert "netguard: blocked create_connection to ('example.org', 80)" in proc.stderr
    assert "outbound network access is not allowed" in proc.stderr  # the child's traceback says why
    attempts = [json.loads(line) for line in record.read_text().splitlines()]
    assert [(a["call"], a["target"]) for a in attempts] == [("create_connection", "('example.org', 80)")]


@pytest.mark.integration
@pytest.mark.slow
def test_cli_index_and_search_never_connect_out(tmp_path):
    """`python -m assistant index` and `search --json` (with the relevance model) from a cold start, with the
    guard in the child."""
    knowledge = copy_knowledge(tmp_path / "knowledge")
    env, record = subprocess_env(cli_env(knowledge_dir=knowledge, data_dir=tmp_path / "data",
                                         relevance_dir=INSTALLED_RELEVANCE), tmp_path)
    proc = run_cli(["index", "--quiet"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("files indexed: 2 (2 updated, 0 unchanged, 0 removed)")
    assert "netguard" not in proc.stderr
    proc = run_cli(["search", ON_TOPIC, "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.splitlines()[0])
    assert result["covered"] and result["passages"][0]["source"] == STEP_DOWN
    assert "netguard" not in proc.stderr
    assert record.read_text() == "", record.read_text()


def test_langsmith_tracing_is_off_even_if_the_environment_turns_it_on():
    """Importing the package switches LangSmith tracing off (it would send questions to a hosted service)."""
    code = ("import os; os.environ['LANGSMITH_TRACING'] = 'true'; os.environ['LANGCHAIN_TRACING_V2'] = 'true'; "
            "import assistant; from langchain_core.tracers.context import _tracing_v2_is_enabled; "
            "print(_tracing_v2_is_enabled())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
