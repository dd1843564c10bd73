"""The machine and fresh processes for the performance benchmark (bench.py).

Isolation from the caller's environment, the fingerprint of the code under test, the versions line
of the report, ``NoiseMeter`` (the CPU used by *other* processes and the hypervisor while each
section runs, reported in the "Machine noise" section), and timed ``python -m assistant ...``
processes against the benchmark's own folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Isolation: the benchmark decides where knowledge and index live, and always uses
# the embedded Chroma client (never a server named in the caller's environment).
ISOLATED_ENV = ("ASSISTANT_KNOWLEDGE_DIR", "ASSISTANT_DATA_DIR", "ASSISTANT_CHROMA_HOST",
                "ASSISTANT_CHROMA_PORT", "ASSISTANT_COLLECTION")


def strip_isolated_env() -> list[str]:
    """Remove ISOLATED_ENV from this process's environment; returns the names that were set."""
    stripped = [name for name in ISOLATED_ENV if name in os.environ]
    for name in stripped:
        del os.environ[name]
    return stripped


def code_fingerprint() -> str:
    """Hash of assistant/**/*.py (sorted; relative paths and contents): did the code change during the run?"""
    package = ROOT / "assistant"
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def versions() -> str:
    """Date, platform, Python, CPUs, torch threads and the versions of torch, sentence-transformers, chromadb."""
    import chromadb
    import sentence_transformers
    import torch

    return (f"Date {time.strftime('%Y-%m-%d %H:%M:%S')}; {platform.platform()}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPUs, torch threads {torch.get_num_threads()}; torch {torch.__version__}, "
            f"sentence-transformers {sentence_transformers.__version__}, chromadb {chromadb.__version__}.")


def _machine_busy_seconds() -> float | None:
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass
class CpuNoise:
    """CPU used by *other* processes (and the hypervisor) while a section ran, in cores."""

    label: str
    wall: float
    others: float | None
    own: float
    """CPU used by this process and its finished children, in cores."""


class NoiseMeter:
    def __init__(self):
        self.sections: list[CpuNoise] = []
        self.load_start = os.getloadavg()

    @contextmanager
    def section(self, label: str) -> Iterator[None]:
        t0, m0, o0 = time.perf_counter(), _machine_busy_seconds(), _own_cpu_seconds()
        try:
            yield
        finally:
            wall = time.perf_counter() - t0
            m1, o1 = _machine_busy_seconds(), _own_cpu_seconds()
            others = None
            if m0 is not None and m1 is not None and wall > 0:
                others = max(0.0, ((m1 - m0) - (o1 - o0)) / wall)
            self.sections.append(CpuNoise(label, wall, others, (o1 - o0) / wall if wall > 0 else 0.0))

    def report(self, raw_runs: list[float], started: float) -> str:
        """The "Machine noise" section: load average, other CPU per section, the raw encoder's spread, total time."""
        load_start, load_end = self.load_start, os.getloadavg()
        spread = (max(raw_runs) - min(raw_runs)) / statistics.median(raw_runs) if len(raw_runs) > 1 else 0.0
        busiest = max((s.others or 0.0) for s in self.sections)
        total = time.perf_counter() - started
        return "\n".join([
            "## Machine noise",
            "",
            f"Load average at start {load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f}, at end "
            f"{load_end[0]:.2f} / {load_end[1]:.2f} / {load_end[2]:.2f} (1/5/15 min). CPU used by *other* processes "
            f"and the hypervisor (steal) while each section ran, out of {os.cpu_count()} cores:",
            "",
            "| Section | Wall | Other CPU (cores) | Benchmark's own CPU (cores) |",
            "|---|---|---|---|",
            *[f"| {s.label} | {s.wall:.1f} s | {'n/a' if s.others is None else f'{s.others:.2f}'} | {s.own:.2f} |"
              for s in self.sections],
            "",
            f"Raw-encoder run-to-run spread: {spread:.0%} of the median. "
            + ("**Numbers are noisy**: other work used a noticeable share of the CPUs during the run."
               if busiest > 0.25 or spread > 0.15 else "The machine looked quiet during the run."),
            "",
            f"Total run time: **{total:.0f} s** ({total / 60:.1f} min).",
            "",
        ])


def cli_env(knowledge: Path, data: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["ASSISTANT_KNOWLEDGE_DIR"] = str(knowledge)
    env["ASSISTANT_DATA_DIR"] = str(data)
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict, timeout: float = 900) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=str(ROOT), env=env,
                          capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"`python -m assistant {shlex.join(args)}` failed ({proc.returncode}):\n{proc.stderr}")
    return wall, proc.stdout


def cli_index_unchanged(env: dict, runs: int) -> list[float]:
    """Seconds of ``python -m assistant index --quiet`` on an unchanged folder (must embed nothing)."""
    seconds = []
    for _ in range(runs):
        wall, out = run_cli(["index", "--quiet"], env)
        if "(0 embedded in this run)" not in out:
            raise RuntimeError(f"`index --quiet` on an unchanged folder embedded something:\n{out}")
        seconds.append(wall)
    return seconds


def cli_search(question: str, env: dict, runs: int) -> list[float]:
    """Seconds of ``python -m assistant search QUESTION --json`` (must return passages)."""
    seconds = []
    for _ in range(runs):
        wall, out = run_cli(["search", question, "--json"], env)
        answer = json.loads(out.strip().splitlines()[-1])
        if not answer.get("passages"):
            raise RuntimeError(f"`search --json` gave no passages: {out}")
        seconds.append(wall)
    return seconds
