"""The chat model for the configured backend, or None when no language model is configured.

``langchain_ollama`` and ``langchain_openai`` are imported here, inside ``chat_model``, and only
for the backend chosen: with backend ``none`` no language-model package is imported at all.
Neither backend counts tokens (tiktoken would fetch encoding files from the internet on first
use); nothing in this package calls ``get_num_tokens``.
"""

from __future__ import annotations

import contextvars
import json
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from assistant.errors import ConfigError, LLMError, LLMTimeout
from assistant.llm.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

UNUSED_KEY = "not-needed"
"""Sent as the API key when the endpoint needs none (the OpenAI client insists on one)."""


def chat_model(settings: LLMSettings) -> BaseChatModel | None:
    """A LangChain chat model for ``settings``; None with backend ``none`` (nothing is imported)."""
    if settings.backend == "none":
        return None
    assert settings.model is not None  # LLMSettings requires a model for every backend but "none"
    if settings.backend == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ConfigError("ASSISTANT_LLM_BACKEND is ollama but the langchain-ollama package is not "
                              "installed (pip install langchain-ollama).") from exc
        return ChatOllama(
            model=settings.model,
            base_url=settings.endpoint,  # explicit, so OLLAMA_HOST can't send requests elsewhere
            temperature=settings.temperature,
            client_kwargs={"timeout": settings.timeout_s},
            validate_model_on_init=False,
        )
    if settings.backend == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ConfigError("ASSISTANT_LLM_BACKEND is openai but the langchain-openai package is not "
                              "installed (pip install langchain-openai).") from exc
        key = settings.api_key.get_secret_value() if settings.api_key is not None else UNUSED_KEY
        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,  # explicit: OPENAI_BASE_URL is never used
            api_key=SecretStr(key),  # explicit: OPENAI_API_KEY is never used
            temperature=settings.temperature,
            timeout=settings.timeout_s,
            max_retries=0,
            stream_usage=False,
        )
    raise ConfigError(f"Unknown ASSISTANT_LLM_BACKEND '{settings.backend}'.")  # pragma: no cover


# -- invoking a model --------------------------------------------------------------------------------

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
_FENCE = re.compile(r"^\s*```(?:json|JSON)?\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


def _untraced(fn: Callable[[], T]) -> T:
    """``fn()`` with LangSmith tracing off, whatever LANGSMITH_TRACING says: case text never goes there."""
    from langsmith.run_helpers import tracing_context

    with tracing_context(enabled=False):
        return fn()


def call_with_timeout(fn: Callable[[], T], timeout_s: float) -> T:
    """``fn()`` in a daemon thread; LLMTimeout if it has not returned within ``timeout_s``.

    A hanging call is abandoned (the thread is a daemon, so it cannot keep the app from exiting);
    the HTTP clients are also given the timeout, so it ends by itself soon after. LangSmith
    tracing is switched off inside the call.
    """
    box: dict[str, object] = {}
    done = threading.Event()
    context = contextvars.copy_context()

    def run() -> None:
        try:
            box["value"] = context.run(_untraced, fn)
        except BaseException as exc:
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="assistant-llm-call", daemon=True).start()
    if not done.wait(timeout_s):
        raise LLMTimeout(f"The language model did not answer within {timeout_s:g} seconds.")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def describe_failure(exc: BaseException) -> str:
    """A short, user-facing reason for a failed model call (no request content, no key)."""
    name = type(exc).__name__
    lowered = name.lower()
    if "timeout" in lowered:
        what = "timed out"
    elif "connect" in lowered:
        what = "could not be reached"
    elif "auth" in lowered or "permission" in lowered:
        what = "refused the credentials"
    elif "notfound" in lowered:
        what = "reported that the model or address was not found"
    elif "ratelimit" in lowered:
        what = "is busy (rate limited)"
    else:
        what = "could not be used"
    return f"The language model {what} ({name})."


def reply_text(message) -> str:
    """The text of a chat model's reply (string content, or the text blocks of a list)."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content
                       if isinstance(b, str) or (isinstance(b, dict) and b.get("type") == "text"))
    return str(content)


def parse_json_reply(text: str, schema: type[M]) -> M:
    """The JSON object in a model's reply (code fences and surrounding prose tolerated), validated."""
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise LLMError("The language model's reply held no JSON object.")
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError as exc:
        raise LLMError(f"The language model's reply was not valid JSON ({exc.msg}).") from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise LLMError(f"The language model's reply did not have the expected shape "
                       f"({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}).") from None


def invoke_structured(model: BaseChatModel, messages: list, schema: type[M], settings: LLMSettings) -> M:
    """Ask ``model`` for an instance of ``schema``, within ``settings.timeout_s``.

    Structured output (``with_structured_output``) where the model supports it and
    ``settings.structured_output`` is on; otherwise the JSON object in the reply is parsed.
    Raises LLMTimeout, LLMError, or whatever the model client raised.
    """
    runnable = None
    if settings.structured_output:
        try:
            runnable = model.with_structured_output(schema)
        except NotImplementedError:
            runnable = None

    def run() -> M:
        if runnable is not None:
            out = runnable.invoke(messages)
            if out is None:
                raise LLMError("The language model returned no structured answer.")
            return out if isinstance(out, schema) else schema.model_validate(out)
        return parse_json_reply(reply_text(model.invoke(messages)), schema)

    return call_with_timeout(run, settings.timeout_s)
