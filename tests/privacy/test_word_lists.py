"""The never-a-name word lists as validated data: the project's file, and a council's own services and teams."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.config import load_settings
from assistant.errors import ConfigError
from assistant.privacy import identifiers, word_lists
from assistant.privacy.word_lists import BUILT_IN, BuiltInLists, LocalLists, load

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str, name: str = "local.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LOCAL = """\
never_names:
  - group: family centres
    why: The council's family centres, named on the doors.
    words: [Willow Tree, Ruby's Place]
  - group: hospitals
    why: Where children are seen.
    words: [Jenny Lind]
"""


# The project's file

def test_the_project_file_is_valid_and_grouped_with_reasons():
    lists = load(BUILT_IN)
    assert lists.never_names and lists.languages
    assert all(g.why.strip() and g.words for g in lists.never_names + lists.languages)
    assert len({g.group for g in lists.never_names + lists.languages}) == len(lists.never_names + lists.languages)


def test_the_rules_use_the_project_file():
    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    listed = {w for g in data["never_names"] for w in g["words"]}
    assert listed == identifiers.NOT_NAMES and "Probation" in listed
    assert "Tigrinya" in identifiers.LANGUAGES and "Tigrinya" not in identifiers.NOT_NAMES
    found = identifiers.detect("Probation Officer Jo Bell and the Tigrinya interpreter visited.")
    assert [(f.type, f.text) for f in found] == [("name", "Jo Bell")]


@pytest.mark.parametrize(("text", "names"), [
    ("Ollie said Mummy's boyfriend Josh shouts.", ["Ollie", "Josh"]),   # "Mummy" was redacted as a name
    ("Sisters Anna (6) and Elsie (4) were playing.", ["Anna", "Elsie"]),   # not "Sisters Anna"
    ("Grandpa Joe picks Tia up; Daddy is at work.", ["Joe", "Tia"]),
    ("Irish Traveller family; the Gypsy and Traveller liaison officer visited Kian (6).", ["Kian"]),
])
def test_family_words_children_use_are_never_names(text, names):
    assert [f.text for f in identifiers.detect(text, address_town=False) if f.type == "name"] == names


@pytest.mark.parametrize(("text", "names"), [
    ('Email from school: "Hi, Lewis came in late."', ["Lewis"]),            # "Hi" was redacted
    ("Caller says Mum shouts. Referrer is Jackie at Lifeline.", ["Jackie"]),
    ("Officers attended; Bailiffs came on Monday. Address confirmed as the flat.", []),
    ("Foster carer Jackie says Tyler plays out.", ["Jackie", "Tyler"]),     # "Foster" before a role in lower case
    ("Strat mtg convened; Home Office allocated a DOB. Kids at Nan's.", []),
])
def test_greetings_and_the_words_of_a_referral_are_never_names(text, names):
    assert [f.text for f in identifiers.detect(text, address_town=False) if f.type == "name"] == names


def test_a_given_name_enters_the_project_file_only_on_purpose():
    """A given name listed there is never redacted as a name. The ones listed today are months, a festival, "An",
    "Pastor", "Peer", "Santa" and "Baba" (dad in many families' languages); another fails this test until it is
    written here too, so it is added on purpose (and measured on every held-out set first, as the file's header
    says)."""
    from assistant.privacy.given_names import given_names

    listed_on_purpose = {"An", "April", "August", "Baba", "June", "Pastor", "Peer", "Ramadan", "Santa"}
    names = given_names()
    assert names, "Faker's lists are installed with the requirements"
    assert identifiers.NOT_NAMES & names == listed_on_purpose


@pytest.mark.parametrize(("text", "problem"), [
    ("never_names:\n  - group: a\n    why: b\n    words: [Social, social]\n", "'social' in 'a' is not one word"),
    ("never_names:\n  - group: a\n    why: b\n    words: [Team Manager]\n", "'Team Manager' in 'a' is not one word"),
    ("never_names:\n  - group: a\n    why: b\n    words: [Yes, No]\n", "True is not a word"),
    ("never_names:\n  - group: a\n    why: b\n    words: [Social]\n  - group: c\n    why: d\n    words: [Social]\n",
     "'Social' is listed twice, in 'a' and in 'c'"),
    ("never_names:\n  - group: a\n    words: [Social]\n", "at never_names.0.why: Field required"),
    ("never_names:\n  - group: a\n    why: b\n    words: []\n", "at never_names.0.words"),
    ("never_name:\n  - group: a\n    why: b\n    words: [Social]\n", "unknown key 'never_name'"),
    ("- Social\n", "must contain a mapping of keys (never_names, languages)"),
    ("never_names: [\n", "is not valid YAML"),
])
def test_a_broken_file_is_refused_naming_the_file_and_the_problem(tmp_path, text, problem):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load(path, BuiltInLists)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


# A council's file

def test_a_councils_services_are_not_redacted_and_the_people_beside_them_are(tmp_path):
    lists = load(_write(tmp_path, LOCAL), LocalLists)
    phrases = word_lists.words(lists)[0]
    assert phrases == {"Willow Tree", "Ruby's Place", "Jenny Lind"}
    text = "Tiana goes to Willow Tree on Fridays; Jordan was seen at Ruby's Place. Dad attends Jenny Lind group."
    assert [text[s:e] for s, e in word_lists.spans(text, phrases)] == ["Willow Tree", "Ruby's Place", "Jenny Lind"]
    assert word_lists.spans("the willow tree; Willow Trees; Jenny  Lind", phrases) == [(31, 42)]  # as written, whole words, any spacing


def test_the_setting_changes_what_is_redacted(tmp_path, monkeypatch):
    text = "Tiana goes to Willow Tree on Fridays; Jordan was seen at Ruby's Place. Dad attends Jenny Lind group."
    without = [f.text for f in identifiers.detect(text)]
    assert "Willow Tree" in without and "Jenny Lind" in without  # what the council's file is for
    monkeypatch.setenv("ASSISTANT_LOCAL_NOT_NAMES", str(_write(tmp_path, LOCAL)))
    assert [(f.type, f.text) for f in identifiers.detect(text)] == [("name", "Tiana"), ("name", "Jordan")]
    redacted, _ = identifiers.redact("Mum said Willow Tree Smith rang; then to Willow Tree with Tom.")
    assert redacted == "Mum said [NAME] rang; then to Willow Tree with [NAME]."  # only wholly inside a phrase


def test_a_given_name_alone_is_refused_with_the_phrase_to_write_instead(tmp_path):
    path = _write(tmp_path, "never_names:\n  - group: refuges\n    why: Where families stay.\n    words: [Grace]\n")
    with pytest.raises(ConfigError, match=r"'Grace' in 'refuges' is a given name.*\"Grace House\""):
        load(path, LocalLists)
    fine = _write(tmp_path, "never_names:\n  - group: refuges\n    why: Where families stay.\n    words: [Grace House]\n",
                  "fine.yaml")
    assert word_lists.words(load(fine, LocalLists))[0] == {"Grace House"}


@pytest.mark.parametrize(("text", "problem"), [
    ("never_names:\n  - group: a\n    why: b\n    words: [family hub]\n", "'family hub' in 'a' must be words"),
    ("never_names:\n  - group: a\n    why: b\n    words: [Family  Hub]\n", "'Family  Hub' in 'a' must be words"),
    ("languages:\n  - group: a\n    why: b\n    words: [Elvish]\n", "lists only never_names"),
])
def test_a_councils_file_is_checked(tmp_path, text, problem):
    with pytest.raises(ConfigError, match=problem):
        load(_write(tmp_path, text), LocalLists)


def test_the_setting_is_checked_when_settings_load(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LOCAL_NOT_NAMES", str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match=r"ASSISTANT_LOCAL_NOT_NAMES names .*missing\.yaml, which is not a file"):
        load_settings()
    bad = _write(tmp_path, "never_names:\n  - group: a\n    why: b\n    words: [Grace]\n")
    monkeypatch.setenv("ASSISTANT_LOCAL_NOT_NAMES", str(bad))
    with pytest.raises(ConfigError, match=r"(?s)ASSISTANT_LOCAL_NOT_NAMES: Word list file .*'Grace' in 'a' is a given"):
        load_settings()
    monkeypatch.setenv("ASSISTANT_LOCAL_NOT_NAMES", str(_write(tmp_path, LOCAL, "good.yaml")))
    assert load_settings().local_not_names == tmp_path / "good.yaml"


def test_the_redact_command_applies_the_councils_file_and_names_a_broken_one(tmp_path):
    env = dict(os.environ, ASSISTANT_LOCAL_NOT_NAMES=str(_write(tmp_path, LOCAL)))

    def redact(env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "assistant", "redact"], input=b"Tiana goes to Willow Tree.",
                              cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)

    proc = redact(env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"redacted": "[NAME] goes to Willow Tree."' in proc.stdout
    env["ASSISTANT_LOCAL_NOT_NAMES"] = str(_write(tmp_path, "never_names: nothing\n", "broken.yaml"))
    proc = redact(env)
    assert proc.returncode == 1 and proc.stdout == b""
    message = proc.stderr.decode()
    assert "ASSISTANT_LOCAL_NOT_NAMES" in message and "broken.yaml" in message and "Traceback" not in message


def test_the_example_file_in_the_docs_is_valid_and_does_what_it_says(monkeypatch):
    example = ROOT / "docs" / "examples" / "local-not-names.yaml"
    phrases = word_lists.words(load(example, LocalLists))[0]
    assert {"Willow Tree", "Grace House", "Jenny Lind"} <= phrases
    text = "Tiana goes to Willow Tree on Fridays. Dad attends Jenny Lind group with Jordan."
    assert identifiers.redact(text)[0] == "[NAME] goes to [NAME] on Fridays. Dad attends [NAME] group with [NAME]."
    monkeypatch.setenv("ASSISTANT_LOCAL_NOT_NAMES", str(example))
    assert identifiers.redact(text)[0] == "[NAME] goes to Willow Tree on Fridays. Dad attends Jenny Lind group with [NAME]."


def test_term_words_are_read_from_the_groups_of_services_processes_and_orders():
    from assistant.privacy.word_lists import BUILT_IN, TERM_GROUPS, TERM_WORDS, load

    groups = {g.group for g in load(BUILT_IN).never_names}
    assert set(TERM_GROUPS) <= groups  # a renamed group would silently empty the terms
    assert {"Order", "Legal", "Plan", "Help"} <= TERM_WORDS
    assert not {"Mum", "Landlady", "Nurse"} & TERM_WORDS  # words that say a person follows
