"""``python -m assistant coverage``: every sentence of each cited policy document with the items citing it."""

from __future__ import annotations

import json

import pytest
from helpers.council import council_folders
from helpers.support import cli_env, run_cli

from assistant.casework.pathways import load_pathways
from assistant.casework.pathways.coverage import coverage, takes_in
from assistant.config import Settings


@pytest.mark.parametrize("quote, sentence, expected", [
    ("the child's views on family time", "Before the review the social worker will seek the child's views on "
                                         "family time, in a way that suits them.", True),  # quote inside
    ("A. The social worker must agree a plan. The team manager should review it.", "The social worker must "
     "agree a plan.", True),  # the sentence inside a longer quote
    ("the plan ends. The team manager should review the family time plan at each", "The team manager should "
     "review the family time plan at each supervision and record any change.", True),  # a quote starting in it
    ("record any change on the case file", "The chair will facilitate a reflective conversation.", False),
])
def test_a_sentence_is_taken_in_by_a_quote_that_holds_it_is_in_it_or_runs_into_it(quote, sentence, expected):
    assert takes_in(quote, sentence) is expected


def test_the_councils_own_pathway_covers_its_policy_sentence_by_sentence(tmp_path):
    pathways, knowledge = council_folders(tmp_path)
    settings = Settings(pathways_dir=pathways, knowledge_dir=knowledge, data_dir=tmp_path / "data")
    (doc,) = coverage([load_pathways(pathways)["family-time"]], settings)
    assert doc.source == "family-time-reviews.md"
    by_text = {s.text: s.items for s in doc.sentences}
    assert by_text["This is a fictional policy written for the tests of a council's own pathway."] == []
    assert by_text["The social worker must agree a written family time plan with the parents within 10 working days "
                   "of the initial conference."] == ["ft-written-plan"]
    assert (doc.cited, len(doc.sentences)) == (3, 4)


def test_the_shipped_pathways_command_and_json(tmp_path):
    env = cli_env(data_dir=tmp_path / "data")
    got = run_cli(["coverage", "--json"], env)
    assert got.returncode == 0, got.stderr
    documents = {d["source"]: d for d in json.loads(got.stdout)["documents"]}
    assert set(documents) == {"long-plans-over-2-years.md", "step-down-and-repeat-plans.md"}
    long_plan = documents["long-plans-over-2-years.md"]
    assert long_plan["cited"] == long_plan["sentences"] == len(long_plan["by_sentence"])  # every sentence asked
    step_down = documents["step-down-and-repeat-plans.md"]
    uncited = [s["text"] for s in step_down["by_sentence"] if not s["items"]]
    assert 0 < len(uncited) == step_down["sentences"] - step_down["cited"]
    only = run_cli(["coverage", "--pathway", "long-plan"], env)
    assert only.stdout.splitlines()[0].startswith("long-plans-over-2-years.md: ")
    assert "step-down-and-repeat-plans.md" not in only.stdout
    wrong = run_cli(["coverage", "--pathway", "step-sideways"], env)
    assert wrong.returncode == 2 and "--pathway must be one of" in wrong.stderr
