"""`python -m assistant flows --json`: every pathway, every question with id, text, role."""

import json
import subprocess
import sys

from helpers.support import ROOT

from assistant.casework.pathways import load_pathways


def test_flows_json_contract():
    out = subprocess.run([sys.executable, "-m", "assistant", "flows", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [p["id"] for p in data["pathways"]] == sorted(load_pathways())
    questions = [q for p in data["pathways"] for step in p["steps"]
                 for q in step["items"] + ([step["branch"]] if "branch" in step else [])]
    expected = sum(len(p.items()) + sum(s.branch is not None for s in p.steps) for p in load_pathways().values())
    assert len(questions) == expected > 60
    for q in questions:
        assert {"id", "text", "role", "roles", "guidance"} <= set(q)
        assert q["id"] and q["text"] and isinstance(q["role"], str) and q["role"]
        assert isinstance(q["roles"], list)
        if q["role"] == "not_named":
            assert q["roles"] == []
        else:
            assert q["roles"][0] == q["role"]
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    assert any(q["id"] == "rp-risk-recurring-or-new" and len(q["options"]) == 3 for q in questions)
    by_id = {q["id"]: q for q in questions}
    assert (by_id["rp-case-discussion"]["role"], by_id["rp-case-discussion"]["roles"]) == (
        "team_manager", ["team_manager", "service_manager"])
    assert (by_id["lp-lpm"]["role"], by_id["lp-lpm"]["roles"]) == ("not_named", [])
