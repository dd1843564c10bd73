"""A socket guard: any attempt to reach a non-loopback address fails loudly and is recorded.

Used in-process (the ``no_network`` fixture: ``from netguard import no_network``) and in
subprocesses (``subprocess_env``: a ``sitecustomize.py`` on PYTHONPATH installs the guard
before anything else is imported and appends every attempt to a file).

What it patches: ``socket.socket.connect`` / ``connect_ex`` / ``sendto`` / ``sendmsg``,
``socket.create_connection`` and ``socket.getaddrinfo`` (a DNS lookup of a non-local name
is itself network traffic). Loopback (127.0.0.0/8, ::1, ``localhost``) and Unix sockets stay
allowed. It sees every connection made through Python's socket module (urllib, requests,
httpx, huggingface_hub, posthog telemetry ...); native code that opens sockets by itself
(Chroma's Rust core) is not covered: the embedded store has no network code path to take.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
import traceback
from pathlib import Path

RECORD_ENV = "NETGUARD_RECORD"
"""In a subprocess: the file every blocked attempt is appended to (one JSON object per line)."""

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of connecting out (a ConnectionError, so callers see a normal network failure)."""


def is_loopback(host) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local host's wildcard/loopback
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%", 1)[0]
    if host.lower() in _LOCAL_NAMES or host == "":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name other than localhost: resolving it already goes out
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


class Guard:
    """Installs and removes the patches; ``attempts`` lists what was blocked."""

    def __init__(self, record: Path | None = None):
        self.record = record
        self.attempts: list[dict] = []
        self._saved: list[tuple[object, str, object]] = []

    def _blocked(self, what: str, target) -> NetworkBlocked:
        entry = {"call": what, "target": repr(target), "pid": os.getpid(),
                 "stack": "".join(traceback.format_stack(limit=12)[:-2])}
        self.attempts.append(entry)
        if self.record is not None:
            with open(self.record, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry) + "\n")
        print(f"netguard: blocked {what} to {target!r}", file=sys.stderr, flush=True)
        return NetworkBlocked(f"netguard: outbound network access is not allowed ({what} {target!r})")

    def _check_address(self, what: str, sock, address) -> None:
        family = getattr(sock, "family", None)
        if family is not None and family == getattr(socket, "AF_UNIX", object()):
            return
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_loopback(host):
            raise self._blocked(what, address)

    def install(self) -> Guard:
        guard = self
        sock_cls = socket.socket
        real = {name: getattr(sock_cls, name) for name in ("connect", "connect_ex", "sendto", "sendmsg")
                if hasattr(sock_cls, name)}
        real_create_connection = socket.create_connection
        real_getaddrinfo = socket.getaddrinfo

        def connect(self, address):
            guard._check_address("connect", self, address)
            return real["connect"](self, address)

        def connect_ex(self, address):
            guard._check_address("connect_ex", self, address)
            return real["connect_ex"](self, address)

        def sendto(self, data, *args):
            address = args[-1] if args else None
            if address is not None:
                guard._check_address("sendto", self, address)
            return real["sendto"](self, data, *args)

        def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
            if address is not None:
                guard._check_address("sendmsg", self, address)
            return real["sendmsg"](self, buffers, ancdata, flags, *(() if address is None else (address,)))

        def create_connection(address, *args, **kwargs):
            if not is_loopback(address[0]):
                raise guard._blocked("create_connection", address)
            return real_create_connection(address, *args, **kwargs)

        def getaddrinfo(host, *args, **kwargs):
            if not is_loopback(host):
                raise guard._blocked("getaddrinfo", host)
            return real_getaddrinfo(host, *args, **kwargs)

        patched = {"connect": connect, "connect_ex": connect_ex, "sendto": sendto, "sendmsg": sendmsg}
        for name in real:
            self._saved.append((sock_cls, name, real[name]))
            setattr(sock_cls, name, patched[name])
        self._saved.append((socket, "create_connection", real_create_connection))
        socket.create_connection = create_connection
        self._saved.append((socket, "getaddrinfo", real_getaddrinfo))
        socket.getaddrinfo = getaddrinfo
        return self

    def uninstall(self) -> None:
        while self._saved:
            owner, name, value = self._saved.pop()
            setattr(owner, name, value)

    def __enter__(self) -> Guard:
        return self.install()

    def __exit__(self, *exc) -> None:
        self.uninstall()


def install_from_env() -> Guard | None:
    """For sitecustomize.py: install with the record file named by NETGUARD_RECORD."""
    record = os.environ.get(RECORD_ENV)
    if not record:
        return None
    return Guard(Path(record)).install()


SITECUSTOMIZE = """\
import sys
sys.path.insert(0, {folder!r})
import netguard
netguard.install_from_env()
sys.path.remove({folder!r})
"""


def subprocess_env(env: dict[str, str], tmp: Path) -> tuple[dict[str, str], Path]:
    """``env`` with the guard installed in every Python process started with it.

    Writes ``sitecustomize.py`` into ``tmp/netguard-site`` and puts that folder first on
    PYTHONPATH; returns the environment and the record file (created empty: it must stay so).
    Any *_OFFLINE and proxy variables are removed, so the test proves the code itself never
    needs the network rather than relying on the environment to forbid it.
    """
    site = tmp / "netguard-site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE.format(folder=str(Path(__file__).resolve().parent)))
    record = tmp / "netguard-attempts.jsonl"
    record.write_text("")
    out = {k: v for k, v in env.items()
           if not k.upper().endswith("_OFFLINE") and k.upper() not in
           {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "ANONYMIZED_TELEMETRY"}}
    out["PYTHONPATH"] = str(site) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out[RECORD_ENV] = str(record)
    return out, record


if "pytest" in sys.modules:  # the fixture, for test modules (not imported by the subprocess guard)
    import pytest

    @pytest.fixture
    def no_network():
        """Fail any outbound connection attempted during the test; yields the Guard (see .attempts)."""
        guard = Guard().install()
        try:
            yield guard
        finally:
            guard.uninstall()
        assert not guard.attempts, f"outbound network access attempted: {guard.attempts}"
