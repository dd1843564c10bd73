"""Server-side load: how many sessions one app process serves while an action's p95 stays under a second.

    PYTHONPATH=. .venv/bin/python benchmarks/load.py [--sessions 1,2,4,8,16] [--rounds 4] [--time-limit 600]

Starts one app process (``streamlit run app.py``) on loopback over a copy of the shipped policies, index
built and the models warmed up, then, for each count N, drives N sessions at once through Streamlit's own
websocket protocol (the protobuf ``BackMsg``/``ForwardMsg`` the browser exchanges; nothing is rendered, so
the figure is the server's, not a browser's). Each session, each round: opens "Ask the policy" (a page
switch), asks a question (retrieval over the index), opens "Start" again. An action's time is from sending
it to the server's ``script_finished``. Bounded in sessions, rounds and wall time; loopback only.

Prints, per N: actions, p50, p95 and max, and the CPU the server process used (cores busy = CPU seconds /
wall seconds); the last line names the largest N whose p95 is under one second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.appserver import cpu_seconds, running_app
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

QUESTIONS = ["When is the first review conference?", "Who records the step-down on Liquid Logic?",
             "What happens at 15 months?", "Can the team manager sign off the step-down alone?"]
ACTION_TIMEOUT = 120.0


class Session:
    """One headless browser session: the app's widgets as the server described them, and its websocket."""

    def __init__(self, ws):
        self.ws = ws
        self.ids: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.texts: list[str] = []
        """The text elements the last run drew (to check an answer came)."""
        self.radios: dict[str, str] = {}
        """The value of every radio the last run drew (id -> option), sent back with each rerun as a browser
        sends every widget's state, not only the one that changed."""

    async def run(self, widget: tuple[str, str, object] | None = None) -> float:
        """Send a rerun (with one widget's value: (label, kind, value)) and wait for the script to finish."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        if widget is not None:
            label, kind, value = widget
            if kind == "radio":  # a radio's state is its (formatted) option, as Streamlit 1.67 sends it
                self.radios[self.ids[label]] = str(value)
            else:
                state = msg.rerun_script.widget_states.widgets.add()
                state.id = self.ids[label]
                state.chat_input_value.data = str(value)
        for radio_id, option in self.radios.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = radio_id
            state.string_value = option
        sent_radios, self.radios = self.radios, {}
        self.texts = []
        began = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), ACTION_TIMEOUT))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                which = element.WhichOneof("type")
                if which == "radio":
                    radio = element.radio
                    self.ids[radio.label] = radio.id
                    self.options[radio.label] = list(radio.options)
                    if radio.id in sent_radios:
                        self.radios[radio.id] = sent_radios[radio.id]
                    elif radio.set_value and radio.HasField("raw_value"):
                        self.radios[radio.id] = radio.raw_value
                    elif radio.HasField("default"):
                        self.radios[radio.id] = radio.options[radio.default]
                elif which == "chat_input":
                    self.ids["chat"] = element.chat_input.id
                elif which in ("markdown", "text", "heading"):
                    self.texts.append(getattr(element, which).body)
            elif kind == "script_finished":
                return time.perf_counter() - began


async def one_session(url: str, rounds: int, n: int, times: list[float], think: float) -> None:
    async with connect(f"ws://{url}/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
        session = Session(ws)
        await session.run()
        for r in range(rounds):
            question = QUESTIONS[(n + r) % len(QUESTIONS)]
            for action in (("Go to", "radio", "Ask the policy"), ("chat", "chat", question), ("Go to", "radio", "Start")):
                times.append(await session.run(action))
                if action[1] == "chat" and not any(question in t for t in session.texts):
                    raise RuntimeError(f"the app did not answer {question!r}: {session.texts[:5]}")
                await asyncio.sleep(think)


async def load(url: str, sessions: int, rounds: int, think: float = 0.0) -> list[float]:
    times: list[float] = []
    await asyncio.gather(*(one_session(url, rounds, n, times, think) for n in range(sessions)))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,2,4,8,16")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--think", type=float, default=0.0, help="seconds each session waits between actions")
    parser.add_argument("--time-limit", type=float, default=600.0, help="stop starting new counts after this")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.sessions.split(",")]
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as base, running_app(Path(base)) as app:
        url = app.url.removeprefix("http://")
        asyncio.run(load(url, 1, 1))  # warm up: the first question loads the models
        time.sleep(2)
        print(f"One app process, {os.cpu_count()} cores on the machine; {args.rounds} rounds of 3 actions per "
              f"session (open Ask the policy, ask, open Start), {args.think:g} s between actions\n")
        print("| sessions | actions | p50 | p95 | max | server cores busy |")
        print("|---:|---:|---:|---:|---:|---:|")
        best = 0
        for n in counts:
            if time.monotonic() - began > args.time_limit:
                print(f"(time limit reached before {n} sessions)")
                break
            cpu0, wall0 = cpu_seconds(app.pid), time.perf_counter()
            times = sorted(asyncio.run(load(url, n, args.rounds, args.think)))
            busy = (cpu_seconds(app.pid) - cpu0) / (time.perf_counter() - wall0)
            p95 = times[max(0, int(0.95 * len(times)) - 1)]
            print(f"| {n} | {len(times)} | {statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
                  f"{times[-1] * 1000:.0f} ms | {busy:.2f} |")
            if p95 < 1.0:
                best = n
        print(f"\nLargest session count with an action's p95 under 1 s: {best} (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
