"""``python -m assistant redact [--lines]``: the JSON contract, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers.support import ROOT


def run(data: bytes, *args: str) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "assistant", "redact", *args], input=data, cwd=ROOT,
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    assert out == "" or out.endswith("\n")
    return [json.loads(line) for line in out.splitlines()]


def test_whole_input_is_one_text():
    text = "Mum, Sarah Jones\nNHS 943 476 5919 — café\n"
    [record] = run(text.encode("utf-8"))
    assert list(record) == ["redacted", "findings"]
    assert record["redacted"] == "Mum, [NAME]\nNHS [NHS NUMBER] — café\n"
    assert record["findings"] == [{"type": "name", "start": 5, "end": 16},
                                  {"type": "nhs_number", "start": 21, "end": 33}]
    for f in record["findings"]:
        assert list(f) == ["type", "start", "end"]
    assert text[21:33] == "943 476 5919"


def test_non_ascii_is_not_escaped():
    proc = subprocess.run([sys.executable, "-m", "assistant", "redact"], input="café".encode(), cwd=ROOT,
                          capture_output=True, timeout=60, check=False)
    assert proc.stdout.decode("utf-8") == '{"redacted": "café", "findings": []}\n'


def test_lines_in_order_with_empty_lines():
    data = b"Child: Tom Smith\n\nDOB 03/04/2015\r\nnothing here\n"
    records = run(data, "--lines")
    assert records == [
        {"redacted": "Child: [NAME]", "findings": [{"type": "name", "start": 7, "end": 16}]},
        {"redacted": "", "findings": []},
        {"redacted": "DOB [DATE OF BIRTH]", "findings": [{"type": "date_of_birth", "start": 4, "end": 14}]},
        {"redacted": "nothing here", "findings": []},
    ]


def test_lines_last_line_without_newline_and_empty_input():
    assert run(b"a\nCall 07700 900123", "--lines")[1]["redacted"] == "Call [PHONE]"
    assert run(b"", "--lines") == []
    assert run(b"") == [{"redacted": "", "findings": []}]


def test_invalid_utf8_becomes_replacement_character():
    [record] = run(b"Mum, Sarah Jones \xff\xfe ok")
    assert record["redacted"] == "Mum, [NAME] \ufffd\ufffd ok"
    records = run(b"\xc3\n\xe9t\xe9", "--lines")
    assert [r["redacted"] for r in records] == ["\ufffd", "\ufffdt\ufffd"]


def test_the_councils_town_setting_applies(monkeypatch):
    text = b"Moved to Flat 2, 41 Victoria Road, Wigan WN5 0JD."
    [record] = run(text)
    assert record["redacted"] == "Moved to [ADDRESS], Wigan [POSTCODE]."
    monkeypatch.setenv("ASSISTANT_ADDRESS_TOWN", "redact")
    [record] = run(text)
    assert record["redacted"] == "Moved to [ADDRESS]."
    assert record["findings"] == [{"type": "address", "start": 9, "end": 48}]


def test_a_wrong_town_setting_is_an_error_naming_it(monkeypatch):
    monkeypatch.setenv("ASSISTANT_ADDRESS_TOWN", "sometimes")
    proc = subprocess.run([sys.executable, "-m", "assistant", "redact"], input=b"Lives at 4 Ash Grove, Leeds.",
                          cwd=ROOT, capture_output=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert "ASSISTANT_ADDRESS_TOWN" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()
