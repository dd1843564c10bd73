"""Start, Check your answers and Manager review in AppTest, with the draft file behind them: dates checked
beside the fields, a new checklist saved at once under a name of its own, editing the case details, the
recommendation, a manager's own duties and review, and several people (several ``AppTest`` sessions on one
drafts folder, as several browsers) working on one case without undoing each other."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from helpers.apptest import click, run
from helpers.samples import sample_draft
from helpers.support import ROOT
from streamlit.testing.v1 import AppTest

from assistant.casework import draft_store
from assistant.casework.drafts import CaseDates, Draft, Recommendation, load_draft
from assistant.casework.pathways import Answers, ItemAnswer, load_pathways
from assistant.ui import keys, resources

STEP_DOWN = load_pathways()["step-down"]
ITEM_TEXT = {item.id: " ".join(item.text.split()) for item in STEP_DOWN.items()}
REFERENCES = (f"LL-73{n:04d}" for n in itertools.count())
"""A case reference of its own for each case (a draft saved under one already would be offered instead)."""
ICPC, CONFERENCE = date(2026, 10, 1), date(2027, 1, 5)
REFLECTION = "Continue, to use this pathway for reflection"


@pytest.fixture
def app(folders) -> AppTest:
    return browser()


# -- driving the app ----------------------------------------------------------------------------------


def browser() -> AppTest:
    """A new session (another browser) on the app, at Start."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return run(at)


def goto(at: AppTest, area: str) -> AppTest:
    at.sidebar.radio(key=keys.AREA).set_value(area)
    run(at)
    assert at.session_state[keys.AREA] == area
    return at


def fill_step_down(at: AppTest, reference: str, start: date = ICPC, conference: date = CONFERENCE) -> AppTest:
    at.radio(key=keys.START_PATHWAY).set_value("step-down")
    at.text_input(key=keys.START_REFERENCE).input(reference)
    at.date_input(key=keys.start_date("start")).set_value(start)
    at.date_input(key=keys.start_date("conference")).set_value(conference)
    return run(at)


def start_step_down(at: AppTest, reference: str) -> Path:
    """Start a step-down checklist; the file it was saved to."""
    click(fill_step_down(at, reference), keys.START_GO)
    assert at.session_state[keys.AREA] == "Walk-through"
    return Path(at.session_state[keys.DRAFT]["path"])


def open_step(at: AppTest, step: str) -> AppTest:
    at.session_state[keys.STEP] = step
    return run(at)


def open_for_review(at: AppTest, path: Path) -> AppTest:
    goto(at, "Manager review")
    at.selectbox(key=keys.MANAGER_OPEN.saved).set_value(path)
    return click(at, keys.MANAGER_OPEN.go)


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "text", "warning", "error", "success", "info", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def in_order(at: AppTest) -> list[str]:
    """The text of every element of the page, in the order it is drawn."""
    shown = []
    for node in at.main:
        if node.type in ("markdown", "caption", "subheader", "header", "warning", "error", "info", "success"):
            shown.append(str(node.value))
    return shown


def position(shown: list[str], text: str) -> int:
    found = [n for n, value in enumerate(shown) if text in value]
    assert found, f"{text!r} is not on the page"
    return found[0]


def files(folders, reference: str) -> list[str]:
    folder = folders.draft_folder
    return sorted(p.name for p in folder.glob(f"{reference}-*.json")) if folder.is_dir() else []


def saved_case(folders, reference: str, recommendation: bool = True) -> Path:
    """A social worker's step-down draft saved on this computer (with a recommendation, or not)."""
    now = datetime(2026, 11, 30, 9, 0).astimezone()
    draft = Draft.new("step-down", "social_worker", reference, now,
                      CaseDates(start=ICPC, conference=datetime.combine(CONFERENCE, time(10, 0))))
    answers = Answers(pathway_id="step-down", items={
        "sd-initial-concern": ItemAnswer(item_id="sd-initial-concern", status="evidenced", note="School agrees.")})
    rec = Recommendation(choice="step_down_cin", rationale="Routines have held for ten weeks.",
                         recorded_by="social_worker", recorded_at=now) if recommendation else None
    draft = draft.model_copy(update={"answers": answers, "recommendation": rec, "current_step": "evidence"})
    folders.draft_folder.mkdir(parents=True, exist_ok=True)
    path, _ = draft_store.create(folders.draft_folder, draft, "social_worker", now)
    return path


# -- Start: the dates ---------------------------------------------------------------------------------


def test_a_review_conference_before_the_icpc_is_shown_beside_the_dates_and_nothing_starts(app, folders):
    reference = next(REFERENCES)
    fill_step_down(app, reference, start=date(2026, 10, 1), conference=date(2026, 9, 15))
    shown = in_order(app)
    problem = position(shown, "Review conference: The review conference on Tuesday 15 September 2026, 10:00 is "
                              "not after the ICPC on Thursday 1 October 2026")
    assert position(shown, "Start a new checklist") < problem < position(shown, "Resume a saved draft")
    click(app, keys.START_GO)
    assert "Correct the dates (or confirm the choice) above first." in [e.value for e in app.error]
    assert app.session_state[keys.AREA] == "Start"
    assert keys.DRAFT not in app.session_state or not app.session_state[keys.DRAFT]
    assert files(folders, reference) == []


def test_a_repeat_plan_42_months_after_the_last_starts_only_once_reflection_is_confirmed(app, folders):
    reference = next(REFERENCES)
    app.radio(key=keys.START_PATHWAY).set_value("repeat-plan")
    run(app)
    app.text_input(key=keys.START_REFERENCE).input(reference)
    app.date_input(key=keys.start_date("previous_start")).set_value(date(2021, 1, 11))
    app.date_input(key=keys.start_date("previous_end")).set_value(date(2022, 3, 1))
    app.date_input(key=keys.start_date("new_icpc")).set_value(date(2025, 9, 1))
    run(app)
    [choice] = [w.value for w in app.warning if "New ICPC" in w.value or "new ICPC" in w.value]
    assert "42 months after the previous plan ended on Tuesday 1 March 2022" in choice
    assert "more than 2 years" in choice
    confirm = app.checkbox(key=keys.date_choice("start", "new_icpc"))
    assert confirm.label == REFLECTION and confirm.value is False

    click(app, keys.START_GO)
    assert "Correct the dates (or confirm the choice) above first." in [e.value for e in app.error]
    assert app.session_state[keys.AREA] == "Start" and files(folders, reference) == []

    app.checkbox(key=keys.date_choice("start", "new_icpc")).check()
    click(app, keys.START_GO)
    assert app.session_state[keys.AREA] == "Walk-through"
    saved = load_draft(folders.draft_folder / f"{reference}-repeat-plan.json")
    assert saved.dates.new_icpc == date(2025, 9, 1) and saved.revision == 1


def test_a_plan_start_in_the_future_is_refused(app, folders):
    reference = next(REFERENCES)
    today = datetime.now().astimezone().date()
    fill_step_down(app, reference, start=today + timedelta(days=30), conference=today + timedelta(days=120))
    assert any(e.value.startswith("Plan start (ICPC): The ICPC the plan started from is given as")
               and "after today" in e.value for e in app.error)
    click(app, keys.START_GO)
    assert app.session_state[keys.AREA] == "Start"
    assert files(folders, reference) == []


# -- Start: saving, and a case already saved ----------------------------------------------------------


def test_a_new_checklist_is_saved_at_once(app, folders):
    reference = next(REFERENCES)
    path = start_step_down(app, reference)
    assert path == folders.draft_folder / f"{reference}-step-down.json"
    saved = load_draft(path)
    assert saved.revision == 1 and saved.case_reference == reference and saved.role == "social_worker"
    assert saved.dates.start == ICPC and saved.dates.conference == datetime.combine(CONFERENCE, time(10, 0))


def test_the_same_case_again_can_be_a_separate_draft_and_the_first_is_left_as_it_was(app, folders):
    reference = next(REFERENCES)
    first = start_step_down(app, reference)
    before = first.read_bytes()
    goto(app, "Start")
    click(fill_step_down(app, reference), keys.START_GO)
    assert app.session_state[keys.AREA] == "Start"
    assert any(f"A draft for case {reference} on “{STEP_DOWN.title}” is already saved" in w.value for w in app.warning)
    assert files(folders, reference) == [first.name]  # asked, nothing written yet
    click(app, keys.START_SEPARATE)
    assert app.session_state[keys.AREA] == "Walk-through"
    second = folders.draft_folder / f"{reference}-step-down-2.json"
    assert Path(app.session_state[keys.DRAFT]["path"]) == second
    assert load_draft(second).revision == 1
    assert first.read_bytes() == before


def test_the_same_case_again_can_resume_the_saved_draft(app, folders):
    reference = next(REFERENCES)
    first = start_step_down(app, reference)
    app.radio(key=keys.item_status("sd-initial-concern")).set_value("partly_evidenced")
    run(app)
    goto(app, "Start")
    click(fill_step_down(app, reference), keys.START_GO)
    resume = app.button(key=keys.start_resume_match(0))
    assert resume.label.startswith("Resume the saved draft (1 answered, last changed ")
    click(app, keys.start_resume_match(0))
    assert app.session_state[keys.AREA] == "Walk-through"
    assert Path(app.session_state[keys.DRAFT]["path"]) == first
    assert app.radio(key=keys.item_status("sd-initial-concern")).value == "partly_evidenced"
    assert files(folders, reference) == [first.name]


# -- Start: Edit case details -------------------------------------------------------------------------


def test_edit_case_details_is_seeded_from_the_draft_and_saves_new_dates(app, folders):
    path = start_step_down(app, next(REFERENCES))
    goto(app, "Start")
    assert [e.label for e in app.expander if e.label == "Edit case details"]
    assert app.date_input(key=keys.edit_date("start")).value == ICPC
    assert app.date_input(key=keys.edit_date("conference")).value == CONFERENCE
    assert app.time_input(key=keys.EDIT_CONFERENCE_TIME).value == time(10, 0)
    app.date_input(key=keys.edit_date("conference")).set_value(date(2027, 1, 12))
    app.time_input(key=keys.EDIT_CONFERENCE_TIME).set_value(time(14, 30))
    run(app)
    click(app, keys.EDIT_SAVE)
    assert any(s.value.startswith("Case details saved") for s in app.success)
    saved = load_draft(path)
    assert saved.dates.conference == datetime(2027, 1, 12, 14, 30) and saved.dates.start == ICPC
    assert saved.revision == 2 and saved.history[-1].parts == ["date:conference"]
    assert app.date_input(key=keys.edit_date("conference")).value == date(2027, 1, 12)  # drawn from the draft


def test_edit_case_details_cannot_save_dates_out_of_order(app, folders):
    path = start_step_down(app, next(REFERENCES))
    goto(app, "Start")
    before = path.read_bytes()
    app.date_input(key=keys.edit_date("conference")).set_value(date(2026, 9, 1))
    run(app)
    assert any(e.value.startswith("Review conference: The review conference on Tuesday 1 September 2026, 10:00 "
                                  "is not after the ICPC") for e in app.error)
    assert app.button(key=keys.EDIT_SAVE).disabled
    assert path.read_bytes() == before


def test_on_a_shared_server_unsaved_answers_are_not_lost_without_asking(app, folders, monkeypatch):
    monkeypatch.setattr(resources, "settings", lambda: folders.model_copy(update={"shared_server": True}))
    first, second = next(REFERENCES), next(REFERENCES)
    click(fill_step_down(app, first), keys.START_GO)
    assert app.session_state[keys.AREA] == "Walk-through" and app.session_state[keys.DRAFT]["path"] is None
    app.radio(key=keys.item_status("sd-initial-concern")).set_value("evidenced")
    run(app)
    goto(app, "Start")
    assert any(f"Your answers for case {first} are not saved anywhere" in w.value for w in app.warning)
    assert app.checkbox(key=keys.START_DISCARD).label == "Start anyway and lose them"
    click(fill_step_down(app, second), keys.START_GO)
    assert app.session_state[keys.AREA] == "Start"
    assert app.session_state[keys.DRAFT]["draft"]["case_reference"] == first
    assert app.session_state[keys.DRAFT]["draft"]["answers"]["items"]["sd-initial-concern"]["status"] == "evidenced"
    app.checkbox(key=keys.START_DISCARD).check()
    click(app, keys.START_GO)
    assert app.session_state[keys.AREA] == "Walk-through"
    assert app.session_state[keys.DRAFT]["draft"]["case_reference"] == second
    assert files(folders, first) == files(folders, second) == []


# -- Check your answers -------------------------------------------------------------------------------


def test_check_your_answers_shows_the_case_and_records_the_recommendation_under_the_sessions_role(app, folders):
    reference = next(REFERENCES)
    path = start_step_down(app, reference)
    goto(app, "Start")  # a team manager resumes the social worker's draft in this session
    app.selectbox(key=keys.START_ROLE).set_value("team_manager")
    app.selectbox(key=keys.RESUME.saved).set_value(path)
    click(app, keys.RESUME.go)
    goto(app, "Check your answers")
    shown = texts(app)
    assert f"**Case reference:** {reference}" in shown and f"**Pathway:** {STEP_DOWN.title}" in shown
    assert "**Plan start (ICPC):** Thursday 1 October 2026" in shown
    assert "**Review conference:** Tuesday 5 January 2027, 10:00" in shown
    app.radio(key=keys.REC_CHOICE).set_value("continue_plan")
    run(app)
    app.text_area(key=keys.REC_RATIONALE).input("The safety network is not yet tested.")
    run(app)
    saved = load_draft(path)
    assert saved.recommendation is not None
    assert saved.recommendation.choice == "continue_plan"
    assert saved.recommendation.rationale == "The safety network is not yet tested."
    assert saved.recommendation.recorded_by == "team_manager" and saved.role == "social_worker"


# -- Manager review -----------------------------------------------------------------------------------


def test_manager_review_shows_the_reviewers_own_duties_first_with_steps_and_policy(app, folders):
    open_for_review(app, saved_case(folders, next(REFERENCES)))
    assert app.selectbox(key=keys.MGR_ROLE).value == "team_manager"
    shown = in_order(app)
    duties, others = position(shown, "Your duties as team manager"), position(shown, "Everything else on this route")
    assert duties < others
    managers = [n for n, v in enumerate(shown) if v == f"#### {STEP_DOWN.step('managers').title}"]
    assert managers and duties < managers[0] < others
    own = position(shown, "Has the team manager evaluated and triangulated the evidence")
    quote = resources.grounding().citations["step-down"]["sd-tm-triangulate"][0].quote[:40]
    assert duties < own < position(shown, quote) < others
    assert others < position(shown, f"#### {STEP_DOWN.step('evidence').title}")
    radios = {r.key for r in app.radio}
    assert {keys.mgr_item_status(i) for i in ("sd-tm-triangulate", "sd-tm-no-harm", "sd-tm-sm-discussion")} <= radios
    assert keys.mgr_item_status("sd-sm-48-hours") not in radios  # the service manager's, not this reviewer's
    assert keys.mgr_item_status("sd-initial-concern") not in radios


def test_a_duty_answer_is_saved_at_once(app, folders):
    path = saved_case(folders, next(REFERENCES))
    open_for_review(app, path)
    app.radio(key=keys.mgr_item_status("sd-tm-no-harm")).set_value("evidenced")
    run(app)
    saved = load_draft(path)
    assert saved.answers.items["sd-tm-no-harm"].status == "evidenced"
    assert saved.history[-1].role == "team_manager" and saved.history[-1].parts == ["answer:sd-tm-no-harm"]
    assert saved.answers.items["sd-initial-concern"].note == "School agrees."


def test_recording_a_review_endorses_the_recommendation_recorded(app, folders):
    path = saved_case(folders, next(REFERENCES))
    recommendation = load_draft(path).recommendation
    open_for_review(app, path)
    endorse = app.radio(key=keys.MGR_ENDORSE)
    assert endorse.label == ("Endorsement of: " + STEP_DOWN.recommendation_label("step_down_cin"))
    endorse.set_value("yes")
    app.text_input(key=keys.MGR_NAME).input("A. Okafor")
    app.text_area(key=keys.MGR_RATIONALE).input("Triangulated with school and health.")
    click(app, keys.MGR_RECORD)
    assert any(s.value.startswith("Review recorded as team manager") for s in app.success)
    saved = load_draft(path)
    review = saved.reviews["team_manager"]
    assert review.endorsed is True and review.name == "A. Okafor"
    assert review.rationale == "Triangulated with school and health."
    assert review.recommendation_at == recommendation.recorded_at and review.is_about(saved.recommendation)
    assert set(saved.reviews) == {"team_manager"}


def test_without_a_recommendation_there_is_nothing_to_endorse(app, folders):
    path = saved_case(folders, next(REFERENCES), recommendation=False)
    open_for_review(app, path)
    assert keys.MGR_ENDORSE not in [r.key for r in app.radio]
    assert any(i.value.startswith("No recommendation recorded yet") for i in app.info)
    click(app, keys.MGR_RECORD)
    review = load_draft(path).reviews["team_manager"]
    assert review.endorsed is None and review.recommendation_at is None


# -- Several people on one case -----------------------------------------------------------------------


def test_a_review_and_a_later_answer_from_a_session_that_has_not_seen_it_are_both_kept(app, folders):
    social_worker = app
    path = start_step_down(social_worker, next(REFERENCES))
    social_worker.radio(key=keys.item_status("sd-initial-concern")).set_value("evidenced")
    run(social_worker)

    manager = open_for_review(browser(), path)
    manager.text_area(key=keys.MGR_RATIONALE).input("Good start on the evidence.")
    click(manager, keys.MGR_RECORD)
    assert load_draft(path).reviews["team_manager"].rationale == "Good start on the evidence."

    assert "team_manager" not in social_worker.session_state[keys.DRAFT]["base"]["reviews"]  # not seen yet
    social_worker.radio(key=keys.item_status("sd-history-escalation")).set_value("partly_evidenced")
    run(social_worker)
    saved = load_draft(path)
    assert saved.reviews["team_manager"].rationale == "Good start on the evidence."
    assert saved.answers.items["sd-history-escalation"].status == "partly_evidenced"
    assert saved.answers.items["sd-initial-concern"].status == "evidenced"
    assert "team_manager" in social_worker.session_state[keys.DRAFT]["draft"]["reviews"]
    assert not [e for e in social_worker.error if "not saved" in e.value]


def clash(social_worker: AppTest, folders) -> tuple[Path, AppTest, bytes]:
    """The social worker and the team manager both write the note of one team-manager item, the social worker
    from a session that has not seen the manager's note; (the file, the manager's session, its bytes then)."""
    item = "sd-tm-triangulate"
    path = start_step_down(social_worker, next(REFERENCES))
    open_step(social_worker, "managers")
    social_worker.text_area(key=keys.item_note(item)).input("Social worker: discussed in supervision.")
    run(social_worker)
    manager = open_for_review(browser(), path)
    assert manager.text_area(key=keys.mgr_item_note(item)).value == "Social worker: discussed in supervision."
    manager.text_area(key=keys.mgr_item_note(item)).input("Manager: triangulated with school and GP.")
    run(manager)
    assert load_draft(path).answers.items[item].note == "Manager: triangulated with school and GP."
    before = path.read_bytes()
    social_worker.text_area(key=keys.item_note(item)).input("Social worker: second thoughts.")
    run(social_worker)
    return path, manager, before


def test_a_clash_is_refused_and_the_saved_version_can_be_loaded(app, folders):
    path, _, before = clash(app, folders)
    assert any(e.value.startswith("Your latest changes are not saved") for e in app.error)
    said = [m.value for m in app.markdown if "changed by the" in m.value]
    assert said and "changed by the team manager" in said[0] and ITEM_TEXT["sd-tm-triangulate"] in said[0]
    assert path.read_bytes() == before  # the refused write changed nothing
    click(app, keys.conflict_action("work", "theirs"))
    assert app.text_area(key=keys.item_note("sd-tm-triangulate")).value == "Manager: triangulated with school and GP."
    assert not [e for e in app.error if e.value.startswith("Your latest changes are not saved")]
    assert path.read_bytes() == before


def test_a_clash_can_be_kept_as_a_separate_draft(app, folders):
    path, _, before = clash(app, folders)
    click(app, keys.conflict_action("work", "copy"))
    copy = path.with_name(path.stem + "-2.json")
    assert Path(app.session_state[keys.DRAFT]["path"]) == copy
    assert load_draft(copy).answers.items["sd-tm-triangulate"].note == "Social worker: second thoughts."
    assert path.read_bytes() == before
    assert not [e for e in app.error if e.value.startswith("Your latest changes are not saved")]


@pytest.mark.parametrize("action, shown", [("theirs", "Social worker: second thoughts."),
                                           ("copy", "Your version is saved as a separate draft")])
def test_after_a_clash_on_the_walk_through_the_outcome_is_said(app, folders, action, shown):
    clash(app, folders)
    click(app, keys.conflict_action("work", action))
    assert any(shown in m.value for m in [*app.info, *app.success])


def test_two_managers_reviews_do_not_undo_each_other(app, folders):
    path = saved_case(folders, next(REFERENCES))
    team = open_for_review(app, path)
    service = open_for_review(browser(), path)
    service.selectbox(key=keys.MGR_ROLE).set_value("service_manager")
    run(service)
    assert "Your duties as service manager" in texts(service)
    team.radio(key=keys.MGR_ENDORSE).set_value("yes")
    team.text_area(key=keys.MGR_RATIONALE).input("Team manager: ready.")
    click(team, keys.MGR_RECORD)
    service.radio(key=keys.MGR_ENDORSE).set_value("no")
    service.text_area(key=keys.MGR_RATIONALE).input("Service manager: not yet.")
    click(service, keys.MGR_RECORD)
    reviews = load_draft(path).reviews
    assert set(reviews) == {"team_manager", "service_manager"}
    assert (reviews["team_manager"].endorsed, reviews["team_manager"].rationale) == (True, "Team manager: ready.")
    assert (reviews["service_manager"].endorsed, reviews["service_manager"].rationale) == (False,
                                                                                           "Service manager: not yet.")
    run(team)  # the team manager's page takes in the other decision
    decisions = [m.value for m in team.markdown if "the recommendation ·" in m.value]
    assert any("Team manager" in d and "endorses" in d for d in decisions)
    assert any("Service manager" in d and "does not endorse" in d for d in decisions)


def test_a_duty_item_answered_by_someone_else_meanwhile_is_shown_and_not_written_back(app, folders):
    item = "sd-tm-sm-discussion"
    path = start_step_down(app, next(REFERENCES))
    manager = open_for_review(browser(), path)
    assert manager.radio(key=keys.mgr_item_status(item)).value is None
    open_step(app, "managers")
    app.radio(key=keys.item_status(item)).set_value("partly_evidenced")
    run(app)
    run(manager)  # any rerun: the manager's session takes in the social worker's answer
    assert manager.session_state[keys.REVIEW_DRAFT]["draft"]["answers"]["items"][item]["status"] == "partly_evidenced"
    manager.text_area(key=keys.mgr_item_note(item)).input("Manager: discussed with the service manager.")
    run(manager)
    saved = load_draft(path).answers.items[item]
    assert saved.note == "Manager: discussed with the service manager."
    assert saved.status == "partly_evidenced"  # the social worker's status, not undone by the manager's note
    assert manager.radio(key=keys.mgr_item_status(item)).value == "partly_evidenced"


def test_resuming_another_draft_over_unsaved_answers_asks_first(app, folders):
    saved = saved_case(folders, next(REFERENCES))
    unsaved = sample_draft().model_copy(update={"case_reference": next(REFERENCES)})
    data = unsaved.model_dump(mode="json")
    app.session_state[keys.DRAFT] = {"draft": data, "base": data, "path": None}  # answers held only in this tab
    goto(app, "Start")
    app.selectbox(key=keys.RESUME.saved).set_value(saved)
    click(app, keys.RESUME.go)
    assert app.session_state[keys.AREA] == "Start"
    assert any("are not saved anywhere" in e.value for e in app.error)
    assert app.session_state[keys.DRAFT]["draft"]["case_reference"] == unsaved.case_reference
    app.checkbox(key=keys.START_DISCARD).check()
    click(app, keys.RESUME.go)
    assert app.session_state[keys.AREA] == "Walk-through"
    assert app.session_state[keys.DRAFT]["path"] == str(saved)


def test_a_training_case_over_unsaved_answers_asks_first(app, folders, monkeypatch):
    monkeypatch.setattr(resources, "settings", lambda: folders.model_copy(update={"shared_server": True}))
    reference = next(REFERENCES)
    click(fill_step_down(app, reference), keys.START_GO)
    app.radio(key=keys.item_status("sd-initial-concern")).set_value("evidenced")
    run(app)
    goto(app, "Training")
    assert any(f"Your answers for case {reference} are not saved anywhere" in w.value for w in app.warning)
    click(app, keys.TRAINING_START)
    assert app.session_state[keys.AREA] == "Training"
    assert any("saved nowhere" in e.value for e in app.error)
    assert app.session_state[keys.DRAFT]["draft"]["case_reference"] == reference
    assert app.session_state[keys.DRAFT]["draft"]["answers"]["items"]["sd-initial-concern"]["status"] == "evidenced"
    app.checkbox(key=keys.TRAINING_DISCARD).check()
    click(app, keys.TRAINING_START)
    assert app.session_state[keys.AREA] == "Walk-through"
    assert app.session_state[keys.DRAFT]["draft"]["case_reference"] != reference


def test_a_training_case_over_a_saved_draft_starts_without_asking(app, folders):
    reference = next(REFERENCES)
    click(fill_step_down(app, reference), keys.START_GO)
    app.radio(key=keys.item_status("sd-initial-concern")).set_value("evidenced")
    run(app)
    goto(app, "Training")
    assert not app.checkbox  # nothing to lose: the answers are in the draft's file
    click(app, keys.TRAINING_START)
    assert app.session_state[keys.AREA] == "Walk-through"
    assert load_draft(folders.draft_folder / files(folders, reference)[0]).answers.items["sd-initial-concern"].status == "evidenced"
