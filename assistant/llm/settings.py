"""Settings for the optional language model, read from ASSISTANT_LLM_* environment variables.

Kept apart from ``assistant.config.Settings`` so the core (retrieval, checklist, exports) never
depends on them. The default backend is ``none``: no language model, no language-model code run.

- ``ASSISTANT_LLM_BACKEND``: ``none`` (default), ``ollama`` or ``openai`` (any OpenAI-compatible
  endpoint, such as a council's Azure OpenAI deployment, vLLM or a llama.cpp server).
- ``ASSISTANT_LLM_MODEL``: the model (Ollama model name, or deployment/model id). Required with a backend.
- ``ASSISTANT_LLM_BASE_URL``: the endpoint. Ollama defaults to http://127.0.0.1:11434; the openai
  backend needs it (nothing is ever sent to a default public endpoint).
- ``ASSISTANT_LLM_API_KEY``: the key, if the endpoint needs one. Never logged or shown.
- ``ASSISTANT_LLM_TIMEOUT_S``: seconds to wait for an answer before falling back (default 30).
- ``ASSISTANT_LLM_TEMPERATURE``: default 0.
- ``ASSISTANT_LLM_REMOTE``: ``true``/``false`` to override whether the endpoint counts as remote
  (default: remote unless the base URL's host is loopback). Case text sent to a remote endpoint
  is redacted first.
- ``ASSISTANT_LLM_STRUCTURED_OUTPUT``: ``true`` (default) to ask the API for structured output
  (JSON schema); ``false`` to ask for JSON in the prompt and parse the reply (for endpoints
  without JSON-schema support).
"""

from __future__ import annotations

import ipaddress
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

ENV_PREFIX = "ASSISTANT_LLM_"
OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def host_is_loopback(host: str | None) -> bool:
    """True for localhost names and loopback addresses (127.0.0.0/8, ::1, IPv4-mapped loopback)."""
    if not host:
        return False
    host = host.strip("[]").split("%", 1)[0].lower().rstrip(".")
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


class LLMSettings(BaseSettings):
    """Which language model to use, if any."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    backend: Literal["none", "ollama", "openai"] = "none"
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=30.0, gt=0, le=600)
    temperature: float = Field(default=0.0, ge=0, le=2)
    remote: bool | None = None
    """Overrides host detection: True treats even a loopback endpoint as remote (redaction on)."""
    structured_output: bool = True

    @field_validator("model", "base_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:11434")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has an invalid port") from None
        return value.rstrip("/")

    @model_validator(mode="after")
    def _check(self) -> LLMSettings:
        if self.backend == "none":
            return self
        if self.model is None:
            raise ConfigError(f"{ENV_PREFIX}MODEL is required when {ENV_PREFIX}BACKEND is {self.backend}.")
        if self.backend == "openai" and self.base_url is None:
            raise ConfigError(
                f"{ENV_PREFIX}BASE_URL is required when {ENV_PREFIX}BACKEND is openai "
                "(the council's approved endpoint; nothing is sent to a default public endpoint)."
            )
        return self

    @property
    def enabled(self) -> bool:
        return self.backend != "none"

    @property
    def endpoint(self) -> str | None:
        """The URL requests go to (Ollama's default when none is set); None with backend none."""
        if self.backend == "none":
            return None
        return self.base_url or OLLAMA_DEFAULT_URL

    @property
    def host(self) -> str | None:
        return urlsplit(self.endpoint).hostname if self.endpoint else None

    @property
    def is_remote(self) -> bool:
        """True when case text would leave this machine: any non-loopback host (or ``remote=True``)."""
        if self.backend == "none":
            return False
        if self.remote is not None:
            return self.remote
        return not host_is_loopback(self.host)

    @property
    def endpoint_label(self) -> str:
        """For display: backend, scheme://host[:port] (no path, user info or key) and model."""
        if self.backend == "none":
            return "No language model configured"
        parts = urlsplit(self.endpoint or "")
        port = f":{parts.port}" if parts.port else ""
        name = {"ollama": "Ollama", "openai": "OpenAI-compatible endpoint"}[self.backend]
        return f"{name} at {parts.scheme}://{parts.hostname}{port} (model {self.model})"


def _variable(loc: tuple) -> str:
    return ENV_PREFIX + "_".join(str(p) for p in loc).upper() if loc else "ASSISTANT_LLM_* settings"


def load_llm_settings(**overrides) -> LLMSettings:
    """LLM settings from the environment; validation errors become a ConfigError naming the variable."""
    try:
        return LLMSettings(**overrides)
    except ConfigError as exc:
        raise ConfigError(f"Invalid language model settings: {exc}") from None
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            message = e["msg"].removeprefix("Value error, ")
            problems.append(message if not e["loc"] else f"{_variable(e['loc'])}: {message}")
        raise ConfigError(f"Invalid language model settings: {'; '.join(problems)}") from None
