"""The OpenAI-compatible backend end to end, through the real ``langchain_openai.ChatOpenAI`` client,
against a small HTTP server on loopback that answers ``/v1/chat/completions`` in the OpenAI API's
shape and records every request body. The endpoint is configured as remote (ASSISTANT_LLM_REMOTE),
so these tests prove what a remote endpoint would receive: no identifier from a case note.
Any non-loopback connection fails the test (netguard), so tiktoken never fetches anything either.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("langchain_openai")

from helpers.netguard import no_network  # noqa: F401  (fixture)
from test_llm import CASE_NOTE, IDENTIFIERS, ITEMS, PASSAGES, result

from assistant.llm import answer_question, chat_model, draft_analysis, load_llm_settings

REDACTION_MARKERS = ["[NAME]", "[DATE OF BIRTH]", "[ADDRESS]", "[POSTCODE]", "[PHONE]", "[EMAIL]", "[NHS NUMBER]"]


class FakeOpenAI:
    """A loopback server answering POST /v1/chat/completions with queued replies (message content)."""

    def __init__(self):
        self.bodies: list[bytes] = []
        self.paths: list[str] = []
        self.headers: list[dict] = []
        self.replies: list[str] = []
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.bodies.append(body)
                server.paths.append(self.path)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                    return
                if server.delay:
                    time.sleep(server.delay)
                content = server.replies.pop(0) if server.replies else "{}"
                request = json.loads(body)
                self._send(200, {
                    "id": f"chatcmpl-{len(server.bodies)}", "object": "chat.completion", "created": int(time.time()),
                    "model": request.get("model", "test"), "system_fingerprint": None,
                    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                 "message": {"role": "assistant", "content": content, "refusal": None}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                })

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def all_bodies(self) -> str:
        return "\n".join(b.decode("utf-8") for b in self.bodies)


@pytest.fixture
def server():
    fake = FakeOpenAI()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.httpd.shutdown()
        fake.httpd.server_close()


@pytest.fixture
def remote_settings(server, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSISTANT_LLM_BACKEND", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "council-gpt")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "sk-test-key")
    monkeypatch.setenv("ASSISTANT_LLM_REMOTE", "true")  # loopback, but treated as a remote endpoint
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "10")
    settings = load_llm_settings()
    assert settings.is_remote
    return settings


def good_reply() -> str:
    return json.dumps({"sentences": [
        {"text": "A plan can end when the conference agrees the child is no longer at risk of significant harm.",
         "passage_ids": ["p1"], "quote": "no longer at risk of significant harm"},
        {"text": "Support usually continues under a child in need plan for at least three months.",
         "passage_ids": ["p2"], "quote": "child in need plan for at least three months"},
    ]})


def test_good_answer_end_to_end(server, remote_settings, no_network):  # noqa: F811
    server.replies.append(good_reply())
    answer = answer_question("When can a child protection plan end?", result(), chat_model(remote_settings),
                             remote_settings)
    assert answer.kind == "model", answer.fallback_reason
    assert [s.passage_ids for s in answer.sentences] == [["p1"], ["p2"]]
    assert server.paths == ["/v1/chat/completions"]
    request = json.loads(server.bodies[0])
    assert request["model"] == "council-gpt" and request["temperature"] == 0
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert '<passage id="p1"' in request["messages"][1]["content"]
    assert request["response_format"]["type"] == "json_schema"  # structured output was asked for
    assert server.headers[0].get("authorization") == "Bearer sk-test-key"


def test_fabricated_citation_from_the_endpoint_falls_back(server, remote_settings, no_network):  # noqa: F811
    server.replies.append(json.dumps({"sentences": [{"text": "Plans end after 6 weeks.", "passage_ids": ["p5"],
                                                     "quote": None}]}))
    answer = answer_question("When can a plan end?", result(), chat_model(remote_settings), remote_settings)
    assert answer.kind == "verbatim" and "not retrieved (p5)" in answer.fallback_reason
    assert answer.passages == PASSAGES


def test_no_identifier_reaches_a_remote_endpoint(server, remote_settings, no_network):  # noqa: F811
    model = chat_model(remote_settings)
    server.replies += [good_reply(), json.dumps({"analysis": "The notes describe a weekly safety plan."})]
    answer = answer_question(CASE_NOTE + " Can the plan end now?", result(), model, remote_settings)
    drafted = draft_analysis(ITEMS, model, remote_settings)
    assert answer.kind == "model" and answer.redactions == len(IDENTIFIERS)
    assert drafted.text == "The notes describe a weekly safety plan." and drafted.redactions == len(IDENTIFIERS)
    assert len(server.bodies) == 2
    sent = server.all_bodies()
    # JSON escapes nothing in these identifiers, but check the decoded messages too.
    decoded = "\n".join(m["content"] for b in server.bodies for m in json.loads(b)["messages"])
    for text in (sent, decoded):
        assert [i for i in IDENTIFIERS if i in text] == []
        for marker in REDACTION_MARKERS:
            assert marker in text
    assert "Sarah" not in decoded and "Acacia" not in decoded and "9434765919" not in decoded.replace(" ", "")


def test_local_endpoint_is_sent_the_text_as_typed(server, remote_settings, monkeypatch, no_network):  # noqa: F811
    monkeypatch.setenv("ASSISTANT_LLM_REMOTE", "false")
    settings = load_llm_settings()
    assert not settings.is_remote
    server.replies.append(good_reply())
    answer_question(CASE_NOTE, result(), chat_model(settings), settings)
    assert "Sarah Jones" in server.all_bodies()


def test_slow_endpoint_times_out(server, remote_settings, monkeypatch, no_network):  # noqa: F811
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "0.5")
    settings = load_llm_settings()
    server.delay = 3
    server.replies.append(good_reply())
    started = time.monotonic()
    answer = answer_question("When can a plan end?", result(), chat_model(settings), settings)
    assert time.monotonic() - started < 2.5
    assert answer.kind == "verbatim" and "did not answer within 0.5 seconds" in answer.fallback_reason


def test_endpoint_error_falls_back(server, remote_settings, monkeypatch, no_network):  # noqa: F811
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{server.port}/wrong")
    settings = load_llm_settings()
    answer = answer_question("When can a plan end?", result(), chat_model(settings), settings)
    assert answer.kind == "verbatim" and "was not found (OpenAIModelNotFoundError)" in answer.fallback_reason


def test_json_mode_without_structured_output(server, remote_settings, monkeypatch, no_network):  # noqa: F811
    monkeypatch.setenv("ASSISTANT_LLM_STRUCTURED_OUTPUT", "false")
    settings = load_llm_settings()
    server.replies.append("```json\n" + good_reply() + "\n```")
    answer = answer_question("When can a plan end?", result(), chat_model(settings), settings)
    assert answer.kind == "model", answer.fallback_reason
    assert "response_format" not in json.loads(server.bodies[0])
