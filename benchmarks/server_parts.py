"""What each part of a council's server costs in memory and cores, idle and under load.

    PYTHONPATH=. .venv/bin/python benchmarks/server_parts.py [--apps 2] [--sessions 32] [--rounds 3] [--think 3]

Starts the layout docs/deployment.md describes, on loopback: PostgreSQL (drafts and audit log), a Chroma
server (the index), ``--apps`` app processes (``streamlit run app.py`` with ``ASSISTANT_DATABASE_URL`` and the
Chroma server set; models warmed up) and nginx in front with session affinity. Then drives ``--sessions``
headless sessions through nginx with the load client of ``benchmarks/load.py`` (page switch, question, page
switch per round; nginx spreads new sessions over the processes), sampling every process of each part twice a
second.

Memory is PSS (proportional set size, ``/proc/<pid>/smaps_rollup``: shared pages divided among the processes
sharing them, so PostgreSQL's shared buffers are not counted once per backend), summed over the part's
processes: idle (after warm-up) and the peak during the load. Cores busy = the part's CPU seconds during the
load / its wall seconds. Sign-in is off (the load client cannot sign in; sign-in adds a cookie check per
session, not per action). Needs root or the same user as the processes (``/proc`` readable); PostgreSQL and
nginx as ``make servers`` installs them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.appserver import cpu_seconds, running_app
from helpers.chroma import running_chroma
from helpers.postgres import running_postgres
from helpers.proxy import running_nginx

from benchmarks.load import load


def processes() -> dict[int, str]:
    """Every process on the machine: pid -> command line (or its name)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                found[int(entry.name)] = cmdline or (entry / "comm").read_text().strip()
            except OSError:
                continue
    return found


def part_of(pid: int, cmdline: str, apps: dict[int, str]) -> str | None:
    """Which part of the layout a process belongs to, or None."""
    if pid in apps:
        return apps[pid]
    if cmdline.startswith("postgres"):
        return "PostgreSQL"
    if cmdline.startswith("nginx"):
        return "nginx"
    if "chroma run" in cmdline:
        return "Chroma server"
    return None


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler:
    """Samples the parts' processes (new since ``before``) twice a second: PSS per part, CPU per process."""

    def __init__(self, before: set[int], apps: dict[int, str]):
        self.before, self.apps = before, apps
        self.peak: dict[str, int] = {}
        self.cpu: dict[int, float] = {}
        self.owner: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> dict[str, int]:
        """PSS (KiB) per part now; remembers each process's CPU seconds."""
        now: dict[str, int] = {}
        for pid, cmdline in processes().items():
            part = part_of(pid, cmdline, self.apps) if pid not in self.before else None
            if part is None:
                continue
            now[part] = now.get(part, 0) + pss_kib(pid)
            try:
                self.cpu[pid] = cpu_seconds(pid)
                self.owner[pid] = part
            except OSError:
                pass
        for part, kib in now.items():
            self.peak[part] = max(self.peak.get(part, 0), kib)
        return now

    def cpu_by_part(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            totals[self.owner[pid]] = totals.get(self.owner[pid], 0.0) + seconds
        return totals

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def __enter__(self) -> Sampler:
        self.peak = {}
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="seconds each session waits between actions")
    args = parser.parse_args(argv)
    from assistant.casework.stores.migrations import migrate

    before = set(processes())
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with running_postgres(base / "pg") as database, running_chroma(base / "chroma") as (chroma_port, _):
            migrate(database)
            settings = {"shared_server": "true", "database_url": database, "chroma_host": "127.0.0.1",
                        "chroma_port": chroma_port, "collection": f"parts_{uuid.uuid4().hex[:8]}"}
            apps = []
            try:
                for n in range(args.apps):
                    context = running_app(base / f"app{n + 1}", settings=settings)
                    apps.append((context, context.__enter__()))
                ports = [int(app.url.rsplit(":", 1)[1]) for _, app in apps]
                names = {app.pid: f"app process {n + 1}" for n, (_, app) in enumerate(apps)}
                with running_nginx(ports) as proxy:
                    for _, app in apps:  # the first question loads the models in each process
                        asyncio.run(load(app.url.removeprefix("http://"), 1, 1))
                    time.sleep(3)
                    sampler = Sampler(before, names)
                    idle = sampler.sample()
                    cpu_before = sampler.cpu_by_part()
                    began = time.perf_counter()
                    with sampler:
                        times = sorted(asyncio.run(load(proxy.removeprefix("http://"), args.sessions, args.rounds,
                                                        args.think)))
                    wall = time.perf_counter() - began
                    cpu_after = sampler.cpu_by_part()
            finally:
                for context, _ in reversed(apps):
                    context.__exit__(None, None, None)
    parts = ["PostgreSQL", "Chroma server", "nginx", *sorted(names.values())]
    p95 = times[max(0, int(0.95 * len(times)) - 1)]
    print(f"{args.apps} app processes behind nginx, PostgreSQL, a Chroma server; {os.cpu_count()} cores on the "
          f"machine. Load through nginx: {args.sessions} sessions x {args.rounds} rounds of 3 actions, "
          f"{args.think:g} s between actions, {wall:.0f} s; actions p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms\n")
    print("| part | memory idle (PSS) | memory peak under load (PSS) | cores busy under load |")
    print("|---|---:|---:|---:|")
    for part in parts:
        busy = (cpu_after.get(part, 0.0) - cpu_before.get(part, 0.0)) / wall
        print(f"| {part} | {idle.get(part, 0) / 1024:.0f} MiB | {sampler.peak.get(part, 0) / 1024:.0f} MiB | "
              f"{busy:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
