"""A council's own pathways, with no code change: a fourth and fifth pathway file (a copy of step-down under
another id, and a small pathway over a fixture policy) load, work out their deadlines, export in every
format and run from the command line; the pathway schema refuses what the registry does not know."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from helpers.council import FIXTURE, SHIPPED, council_folders
from helpers.support import cli_env, run_cli

from assistant.casework.checklist import draft_timeline, summarise
from assistant.casework.drafts import CaseDates, Draft, Recommendation
from assistant.casework.export import FORMATS, render
from assistant.casework.pathways import Answers, ItemAnswer, load_pathway, load_pathways
from assistant.casework.pathways.grounding import ground
from assistant.casework.pathways.schema import pathway_json_schema
from assistant.cli.timeline import build_timeline_json
from assistant.config import Settings
from assistant.errors import PathwayError
from assistant.search.policies import read_policies


@pytest.fixture
def council(tmp_path) -> Settings:
    pathways, knowledge = council_folders(tmp_path)
    return Settings(pathways_dir=pathways, knowledge_dir=knowledge, data_dir=tmp_path / "data")


def test_five_pathway_files_load_and_every_quote_is_in_its_policy(council):
    pathways = load_pathways(council.pathways_dir)
    assert sorted(pathways) == ["family-time", "long-plan", "repeat-plan", "step-down", "step-down-copy"]
    policies = read_policies(council)
    grounded = ground(pathways["family-time"], policies.ids, policies.texts, policies.metas)
    assert sorted(grounded) == ["ft-child-views", "ft-tm-review", "ft-written-plan"]
    assert all(g and all(c.source == "family-time-reviews.md" for c in g) for g in grounded.values())


def test_a_copy_under_another_id_has_the_same_deadlines(council):
    pathways = load_pathways(council.pathways_dir)
    dates = CaseDates(start=date(2026, 8, 31), conference=datetime(2026, 11, 30, 10))
    copy = draft_timeline(pathways["step-down-copy"], dates)
    original = draft_timeline(pathways["step-down"], dates)
    assert copy is not None and original is not None
    assert copy.milestones == original.milestones and copy.pathway == "step-down-copy"
    flags = {"start": "2026-08-31", "conference": "2026-11-30T10:00"}
    assert build_timeline_json("step-down-copy", pathways=pathways, **flags) == \
        build_timeline_json("step-down", pathways=pathways, **flags)


def test_the_councils_own_pathway_has_its_rules_deadlines(council):
    pathways = load_pathways(council.pathways_dir)
    result = build_timeline_json("family-time", pathways=pathways, start="2026-08-31")
    assert [m["id"] for m in result["milestones"]] == ["first_review"]
    with pytest.raises(Exception, match=r"--conference-15 is not used with --pathway family-time"):
        build_timeline_json("family-time", pathways=pathways, start="2026-08-31", conference_15="2027-11-30")


def own_draft() -> Draft:
    draft = Draft.new("family-time", "social_worker", "LL-424242", datetime(2026, 10, 1, 9, tzinfo=UTC),
                      CaseDates(start=date(2026, 9, 1), conference=datetime(2026, 12, 1, 10)))
    answers = Answers(pathway_id="family-time", items={
        "ft-written-plan": ItemAnswer(item_id="ft-written-plan", status="evidenced", note="Agreed on 8 September."),
        "ft-child-views": ItemAnswer(item_id="ft-child-views", status="partly_evidenced"),
    })
    recommendation = Recommendation(choice="continue_plan", rationale="Family time is still supervised.",
                                    recorded_by="social_worker", recorded_at=datetime(2026, 10, 2, tzinfo=UTC))
    return draft.model_copy(update={"answers": answers, "recommendation": recommendation})


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_councils_own_pathway_exports_in_every_format(council, fmt, tmp_path):
    summary = summarise(own_draft(), council, now=datetime(2026, 10, 2, 9), today=date(2026, 10, 2))
    assert summary.pathway_id == "family-time"
    assert [d.id for d in summary.deadlines] == ["first_review", "sm_record"]
    assert any(c.source == "family-time-reviews.md" for item in summary.items for c in item.citations)
    data = render(summary, fmt)
    out = tmp_path / f"summary.{fmt}"
    out.write_bytes(data)
    assert out.stat().st_size > 500
    if fmt in ("md", "json"):
        text = data.decode("utf-8")
        assert "LL-424242" in text and "written family time plan" in text


def test_the_command_line_reads_the_pathways_folder(council):
    env = cli_env(pathways_dir=council.pathways_dir, knowledge_dir=council.knowledge_dir,
                  data_dir=council.data_dir)
    got = run_cli(["timeline", "--pathway", "step-down-copy", "--start", "2026-08-31", "--json"], env)
    assert got.returncode == 0, got.stderr
    assert [m["id"] for m in json.loads(got.stdout)["milestones"]] == ["first_review"]
    flows = run_cli(["flows"], env)
    assert "family-time: Family time during a CP Plan" in flows.stdout
    unknown = run_cli(["timeline", "--pathway", "step-sideways", "--start", "2026-08-31"], env)
    assert unknown.returncode != 0
    assert "--pathway must be one of step-down, repeat-plan, long-plan, family-time, step-down-copy" in unknown.stderr


# -- the schema --------------------------------------------------------------------------------------


def broken(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load((FIXTURE / "pathways" / "family-time.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("changes, problem", [
    ({"deadlines": ["first-review", "fortnightly-visits"]}, "unknown deadline rule 'fortnightly-visits'"),
    ({"dates": ["start", "birthday"]}, "unknown case date 'birthday'"),
    ({"dates": ["start"]}, r"deadline rule 'first-review' reads the case date\(s\) conference"),
    ({"dates": ["start", "conference", "start"]}, "a case date is listed twice"),
])
def test_the_schema_refuses_what_the_registry_does_not_know(tmp_path, changes, problem):
    with pytest.raises(PathwayError, match=problem):
        load_pathway(broken(tmp_path, **changes))


def test_the_shipped_json_schema_is_the_one_generated_and_every_pathway_file_points_at_it():
    shipped = json.loads((SHIPPED / "pathway.schema.json").read_text(encoding="utf-8"))
    assert shipped == pathway_json_schema(), "run: python -m assistant pathway-schema > prompts/pathways/pathway.schema.json"
    assert shipped["properties"]["deadlines"]["items"]["enum"] == ["first-review", "long-plan-steps", "repeat-window"]
    for path in [*SHIPPED.glob("*.yaml"), FIXTURE / "pathways" / "family-time.yaml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (SHIPPED / "pathway.schema.json").resolve(), path.name
