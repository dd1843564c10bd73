"""``python -m assistant check-pathways``: exit 0 and ``pathways ok: N files, M items``; otherwise exit 1 and
one line per problem, ``FILE: item ID: what is wrong``. Each kind of fault is planted in a copy of a good file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers.council import FIXTURE, SHIPPED, council_folders
from helpers.support import cli_env, copy_knowledge, run_cli

from assistant.casework.pathways import load_pathways
from assistant.casework.pathways.checks import check_pathways
from assistant.config import Settings


def settings_for(pathways: Path, knowledge: Path, tmp_path: Path) -> Settings:
    return Settings(pathways_dir=pathways, knowledge_dir=knowledge, data_dir=tmp_path / "data")


def test_the_shipped_pathways_pass_with_the_contract_line(tmp_path):
    env = cli_env(data_dir=tmp_path / "data")
    got = run_cli(["check-pathways"], env)
    items = sum(len(p.items()) for p in load_pathways(SHIPPED).values())
    assert (got.returncode, got.stdout) == (0, f"pathways ok: 3 files, {items} items\n"), got.stderr


def test_a_councils_folder_passes(tmp_path):
    pathways, knowledge = council_folders(tmp_path)
    report = check_pathways(pathways, settings_for(pathways, knowledge, tmp_path))
    assert report.lines() == [f"pathways ok: 5 files, {sum(len(p.items()) for p in load_pathways(pathways).values())} items"]


@pytest.fixture
def own(tmp_path) -> tuple[Path, Path, dict]:
    """A folder holding only the fixture pathway, its knowledge, and the pathway's data to break."""
    folder = tmp_path / "pathways"
    folder.mkdir()
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy2(FIXTURE / "knowledge" / "family-time-reviews.md", knowledge)
    data = yaml.safe_load((FIXTURE / "pathways" / "family-time.yaml").read_text(encoding="utf-8"))
    return folder, knowledge, data


def run_check(own, tmp_path, data=None, text=None) -> list[str]:
    folder, knowledge, original = own
    path = folder / "family-time.yaml"
    path.write_text(text if text is not None else yaml.safe_dump(data or original, allow_unicode=True),
                    encoding="utf-8")
    return check_pathways(folder, settings_for(folder, knowledge, tmp_path)).lines()


def test_an_unchanged_fixture_passes(own, tmp_path):
    assert run_check(own, tmp_path) == ["pathways ok: 1 files, 3 items"]


def test_every_kind_of_fault_is_one_line_naming_the_file_and_item(own, tmp_path):
    data = own[2]
    data["steps"][0]["items"][1]["role"] = "head_of_service"  # an unknown role
    data["steps"][1]["items"][0]["citations"][0]["quote"] = "the social worker may seek the child's views"
    data["steps"][0]["items"][0]["citations"][0]["source"] = "visiting-policy.md"
    lines = run_check(own, tmp_path, data)
    roles = "'social_worker', 'team_manager', 'service_manager', 'cp_chair', 'cp_chair_supervisor', " \
            "'qa_team_manager', 'sw_team', 'multi_agency'"
    assert lines == [  # schema first: until the file follows it, nothing else is read
        f"family-time.yaml: item ft-tm-review: steps.0.items.1.role: Input should be {roles}, 'conference' or "
        f"'not_named'",
        f"family-time.yaml: item ft-tm-review: steps.0.items.1.roles.0: Input should be {roles} or 'conference'",
    ]
    data["steps"][0]["items"][1]["role"] = "team_manager"
    lines = run_check(own, tmp_path, data)
    assert lines == [
        "family-time.yaml: item ft-written-plan: cites 'visiting-policy.md', which is not in the knowledge folder",
        "family-time.yaml: item ft-child-views: its quote is not word for word in family-time-reviews.md: "
        "“the social worker may seek the child's views” (the closest passage now is in “Family time during a Child "
        "Protection Plan › Reviewing family time”)",
    ]


@pytest.mark.parametrize("change, line", [
    (lambda d: d.update(deadlines=["first-review", "fortnightly-visits"]),
     "family-time.yaml: item -: deadlines: unknown deadline rule 'fortnightly-visits' (known: first-review, "
     "long-plan-steps, repeat-window)"),
    (lambda d: d.update(dates=["start"]),
     "family-time.yaml: item -: deadline rule 'first-review' reads the case date(s) conference, which 'dates' does "
     "not ask for"),
    (lambda d: d["steps"][0].update(next="nowhere"),
     "family-time.yaml: item -: step 'planning' leads to an unknown step 'nowhere'"),
    (lambda d: (d["steps"][0].pop("next"), d["steps"][0].update(next=None)),
     "family-time.yaml: item -: step 'reviewing' cannot be reached from the start step 'planning'"),
    (lambda d: d.update(source="missing.md"),
     "family-time.yaml: item -: its source 'missing.md' is not in the knowledge folder"),
])
def test_structural_faults(own, tmp_path, change, line):
    change(own[2])
    assert run_check(own, tmp_path) == [line]


def test_a_file_that_is_not_yaml_or_not_a_mapping(own, tmp_path):
    assert run_check(own, tmp_path, text="id: [unclosed")[0].startswith("family-time.yaml: item -: cannot be read as YAML")
    assert run_check(own, tmp_path, text="- just\n- a list\n") == [
        "family-time.yaml: item -: must be a mapping of keys (id, title, steps, ...)"]


def test_two_files_with_one_id(own, tmp_path):
    folder = own[0]
    run_check(own, tmp_path)
    shutil.copy2(folder / "family-time.yaml", folder / "family-time-2.yaml")
    lines = check_pathways(folder, settings_for(folder, own[1], tmp_path)).lines()
    assert lines == ["family-time.yaml: item -: reuses the id 'family-time' of family-time-2.yaml"]


def test_the_command_exits_1_with_one_line_per_problem(own, tmp_path):
    folder, knowledge, data = own
    data["steps"][1]["items"][0]["citations"][0]["quote"] = "words that the policy never says about family time at all"
    run_check(own, tmp_path, data)
    got = run_cli(["check-pathways"], cli_env(pathways_dir=folder, knowledge_dir=knowledge, data_dir=tmp_path / "d"))
    assert got.returncode == 1
    assert got.stdout.splitlines() == ["family-time.yaml: item ft-child-views: its quote is not word for word in "
                                       "family-time-reviews.md: “words that the policy never says about family time at all”"]
    empty = tmp_path / "empty"
    empty.mkdir()
    got = run_cli(["check-pathways"], cli_env(pathways_dir=empty, knowledge_dir=copy_knowledge(tmp_path / "k"),
                                              data_dir=tmp_path / "d"))
    assert got.returncode == 1 and "the folder holds no pathway files" in got.stdout
