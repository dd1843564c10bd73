"""The app, area by area, driven with streamlit.testing (real index, real model, real files)."""

from __future__ import annotations

import json
import logging
import re
import threading
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from helpers.samples import sample_draft
from helpers.support import INSTALLED_RELEVANCE, ROOT, clear_assistant_env, copy_knowledge, make_docx
from streamlit.testing.v1 import AppTest

from assistant.casework.drafts import load_draft, save_draft
from assistant.casework.pathways import load_pathways, route
from assistant.privacy.audit import AuditLog
from assistant.privacy.policy_words import policy_words
from assistant.ui import navigation, resources
from assistant.ui.components import JUDGEMENT, LOST_SESSION, NOT_COVERED, WEAK_MATCH

pytestmark = pytest.mark.integration
PATHWAYS = load_pathways()
AREAS = {area.title: area for area in navigation.AREAS}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """One knowledge copy, index and drafts folder for the module; the process caches load once."""
    base = tmp_path_factory.mktemp("app")
    with pytest.MonkeyPatch.context() as mp:
        clear_assistant_env(mp)
        mp.setenv("ASSISTANT_KNOWLEDGE_DIR", str(copy_knowledge(base / "knowledge")))
        mp.setenv("ASSISTANT_DATA_DIR", str(base / "data"))
        mp.setenv("ASSISTANT_RELEVANCE_DIR", str(INSTALLED_RELEVANCE))  # as `make run` installs it
        st.cache_resource.clear()
        settings = resources.settings()
        resources.policy_index()
        yield settings
    st.cache_resource.clear()


@pytest.fixture
def app(folders):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def goto(at: AppTest, area: str) -> AppTest:
    """Open the area titled ``area``, as a click on it in the sidebar menu does."""
    at.sidebar.radio(key="area").set_value(area).run()
    assert not at.exception, at.exception
    assert at.session_state["area"] == area
    return at


_REFERENCES = iter(range(500000, 600000))


def start_step_down(at: AppTest, reference: str | None = None) -> AppTest:
    """Start a step-down checklist (a case reference no other test used, unless one is given)."""
    reference = reference or f"LL-{next(_REFERENCES)}"
    at.radio(key="start:pathway").set_value("step-down")
    at.text_input(key="start:reference").input(reference)
    at.date_input(key="start:start").set_value(date(2026, 8, 31))
    at.date_input(key="start:conference").set_value(date(2026, 11, 30))
    at.button(key="start:go").click().run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as text, joined."""
    parts = [e.value for kind in ("markdown", "caption", "text", "warning", "error", "success", "info", "header",
                                  "subheader") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("area", AREAS)
def test_every_page_says_it_supports_judgement(app, area):
    goto(app, area)
    assert JUDGEMENT in [i.value for i in app.info]


def test_the_sidebar_menu_lists_every_area_and_keeps_the_tab_token(app):
    assert [t.value for t in app.sidebar.get("title")] == ["CP Pathways Assistant"]
    assert app.sidebar.radio(key="area").options == list(AREAS)
    assert "tab" not in app.query_params  # a new visit: no token yet
    start_step_down(app)
    token = app.query_params["tab"]
    for area in AREAS:
        goto(app, area)
        assert app.query_params["tab"] == token


def test_case_reference_refuses_a_name(app):
    app.text_input(key="start:reference").input("Sarah Jones")
    app.button(key="start:go").click().run()
    assert any("Case reference" in e.value and "Do not use a name" in e.value for e in app.error)
    assert app.session_state["area"] == "Start"


def test_full_step_down_walk_through_to_export(app, folders):
    start_step_down(app)
    assert app.session_state["area"] == "Walk-through"
    pathway = PATHWAYS["step-down"]
    steps = route(pathway, load_draft_state(app).answers)
    for number, step in enumerate(steps):
        assert app.subheader[0].value == step.title
        assert f"Step {number + 1} of {len(steps)}" in app.get("progress")[0].proto.text
        for item in step.items:
            app.radio(key=f"item:{item.id}:status").set_value("evidenced").run()
            app.text_area(key=f"item:{item.id}:note").input(f"Evidence for {item.id} – “seen”").run()
            # the grounding passage is beside the question
        assert any(c.quote[:40] in texts(app) for c in resources.grounding().citations["step-down"][step.items[0].id])
        key = "nav:next" if number + 1 < len(steps) else "nav:check"
        app.button(key=key).click().run()
        assert not app.exception, app.exception
    assert app.session_state["area"] == "Check your answers"
    assert any(w.value.startswith("Readiness: Social worker's items: all evidenced. Every required item is evidenced")
               for w in app.success)
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Download Markdown", "Download Word (DOCX)", "Download PDF", "Download JSON"]
    assert "review:save" not in [b.key for b in app.button]  # saved at Start, and as you go since
    saved = Path(app.session_state["draft"]["path"])
    assert saved.parent == folders.draft_folder
    draft = load_draft(saved)
    assert len(draft.answers.items) == len(pathway.items())
    assert draft.answers.items["sd-initial-concern"].note == "Evidence for sd-initial-concern – “seen”"


def test_a_tab_that_lost_its_session_says_so_until_work_starts_again(app, folders):
    start_step_down(app)
    token = app.query_params["tab"][0] if isinstance(app.query_params["tab"], list) else app.query_params["tab"]
    assert re.fullmatch(r"[0-9a-f]{12}", token)  # random: nothing about the case or the user
    assert LOST_SESSION[:40] not in texts(app)
    app.run()
    assert LOST_SESSION[:40] not in texts(app)  # its own session: no notice

    # the same address opened in a new session (a reload, a restart, a connection lost too long)
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    fresh.query_params["tab"] = token
    fresh.run()
    assert not fresh.exception
    shown = " ".join(w.value for w in fresh.warning)
    assert "no longer held by the assistant" in shown and "12 hours" in shown
    goto(fresh, "Check your answers")
    assert "no longer held by the assistant" in " ".join(w.value for w in fresh.warning)  # until work starts
    goto(fresh, "Start")
    start_step_down(fresh, "LL-654321")
    assert not [w for w in fresh.warning if "no longer held" in w.value]

    # an address without a token (a new visit) never shows it
    plain = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    plain.run()
    assert not [w for w in plain.warning if "no longer held" in w.value]


def test_a_review_being_written_when_the_session_is_lost_is_not_lost_silently(app, folders):
    open_for_review(app, folders, "LL-000321")
    token = app.query_params["tab"][0] if isinstance(app.query_params["tab"], list) else app.query_params["tab"]
    app.text_area(key="mgr:rationale").input("Half a rationale, not recorded").run()
    assert not [w for w in app.warning if "no longer held" in w.value]

    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # e.g. another process took over
    fresh.query_params["tab"] = token
    fresh.run()
    shown = " ".join(w.value for w in fresh.warning)
    assert "no longer held by the assistant" in shown and "a review not yet recorded" in shown
    open_for_review(fresh, folders, "LL-000322")
    assert not [w for w in fresh.warning if "no longer held" in w.value]  # until a review is opened again

    plain = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    plain.run()
    assert not [w for w in plain.warning if "no longer held" in w.value]


def load_draft_state(at: AppTest):
    from assistant.casework.drafts import Draft

    return Draft.model_validate(at.session_state["draft"]["draft"])


def test_change_link_returns_to_the_step_and_keeps_answers(app):
    start_step_down(app, "LL-555")
    app.radio(key="item:sd-initial-concern:status").set_value("partly_evidenced").run()
    app.text_area(key="item:sd-initial-concern:note").input("Half-written reflection").run()
    goto(app, "Check your answers")
    assert any("Partly evidenced: a gap" in w.value for w in app.warning)
    app.button(key="change:sd-initial-concern").click().run()
    assert app.session_state["area"] == "Walk-through"
    assert app.text_area(key="item:sd-initial-concern:note").value == "Half-written reflection"
    assert app.radio(key="item:sd-initial-concern:status").value == "partly_evidenced"


def test_not_applicable_needs_a_reason(app):
    start_step_down(app, "LL-556")
    app.radio(key="item:sd-statutory-visit:status").set_value("not_applicable").run()
    assert any("Say why this does not apply" in e.value for e in app.error)
    app.text_input(key="item:sd-statutory-visit:reason").input("Child placed with kin; visits by other LA").run()
    answer = load_draft_state(app).answers.items["sd-statutory-visit"]
    assert answer.status == "not_applicable" and answer.reason.startswith("Child placed")


def test_branching_pathway_follows_the_choice(app):
    app.radio(key="start:pathway").set_value("repeat-plan").run()
    app.text_input(key="start:reference").input("LL-777")
    app.date_input(key="start:previous_start").set_value(date(2023, 1, 10))
    app.date_input(key="start:previous_end").set_value(date(2023, 9, 1))
    app.date_input(key="start:new_icpc").set_value(date(2024, 6, 3))
    app.button(key="start:go").click().run()
    pathway = PATHWAYS["repeat-plan"]
    branch_step = next(s for s in pathway.steps if s.branch)
    while app.subheader[0].value != branch_step.title:
        app.button(key="nav:next").click().run()
    assert app.button(key="nav:next").disabled
    app.radio(key=f"branch:{branch_step.id}").set_value("new").run()
    app.button(key="nav:next").click().run()
    assert app.subheader[0].value == pathway.step("new-risk").title
    assert "within 2 years" in texts(app)


def test_chat_answers_with_the_passage_and_its_citation(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value(
        "how long before the review does the SM have to record the step down on LL?").run()
    assert not app.exception
    assert any("Role of the Service Manager" in c.value for c in app.caption)
    assert "48 hours" in texts(app)
    assert app.session_state["chat"][0]["answer"]["covered"] is True


def test_chat_shows_the_bold_a_policy_marks_and_keeps_other_markup_literal(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("recurring risks in a repeat plan: which themes come back?").run()
    shown = [m.value for m in app.markdown if "Recurring Risks:" in m.value]
    assert shown, texts(app)
    assert all("**Recurring Risks:**" in v and "\\*\\*" not in v for v in shown)
    assert all("\\- **Recurring" in v for v in shown)  # the list marker stays literal text


def test_chat_cautions_below_the_caution_line_and_not_above_it(app, folders, monkeypatch):
    from assistant.search.retrieval import HybridSearch

    question = "how long before the review does the SM have to record the step down on LL?"
    cautious = HybridSearch(resources.policy_index(), folders.model_copy(update={"caution_below": 1.0}))
    monkeypatch.setattr(resources, "policy_search", lambda: cautious)
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value(question).run()
    assert app.session_state["chat"][0]["answer"]["covered"] is True
    assert [w.value for w in app.warning] == [WEAK_MATCH]
    assert "From the indexed policies, word for word:" not in texts(app)  # the closest places to read
    assert any(":orange-background[Service]" in m.value for m in app.markdown)  # the words it shares, marked
    monkeypatch.undo()
    app.chat_input(key="chat:input").set_value(question).run()
    assert app.session_state["chat"][1]["answer"]["weak"] is False
    assert [w.value for w in app.warning] == [WEAK_MATCH]  # only the first answer's caution


def test_chat_points_to_the_walk_through_step_that_asks_the_question(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value(
        "how long before the review does the SM have to record the step down on LL?").run()
    pointer = app.session_state["chat"][0]["answer"]["pointer"]
    assert pointer and "step of “Stepping down a CP Plan" in pointer
    assert any(c.value == f"The checklists ask about this in {pointer}." for c in app.caption)


def test_chat_judges_with_the_relevance_model_and_has_nothing_to_say_about_it(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("what does the team manager check before agreeing a step down?").run()
    assert app.session_state["chat"][0]["answer"]["covered"] is True
    assert resources.policy_search().search("a question").signals.relevance is not None
    assert not [c.value for c in app.caption if "without the relevance model" in c.value]


def test_chat_says_when_the_policies_do_not_cover_it(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("what's the mileage rate for home visits and how do I claim it?").run()
    assert NOT_COVERED in [w.value for w in app.warning]
    assert not [c for c in app.caption if "›" in c.value]


def test_resume_a_saved_draft(app, folders):
    save_draft(sample_draft(), folders.draft_folder / "LL-000123-step-down.json")
    app.run()  # the list of saved drafts is read when the page is drawn
    app.selectbox(key="resume:saved").set_value(folders.draft_folder / "LL-000123-step-down.json")
    app.button(key="resume:go").click().run()
    assert app.session_state["area"] == "Walk-through"
    assert app.subheader[0].value == PATHWAYS["step-down"].step("safety").title
    app.button(key="nav:back").click().run()
    assert app.text_area(key="item:sd-initial-concern:note").value == sample_draft().answers.items[
        "sd-initial-concern"].note


def open_for_review(app: AppTest, folders, reference: str) -> Path:
    """Save the sample draft as ``reference`` and open it on the Manager review page; its path."""
    path = folders.draft_folder / f"{reference}-step-down.json"
    save_draft(sample_draft().model_copy(update={"case_reference": reference, "reviews": {}}), path)
    goto(app, "Manager review")
    app.selectbox(key="mgr-open:saved").set_value(path)
    app.button(key="mgr-open:go").click().run()
    return path


def test_manager_review_records_endorsement_and_comments(app, folders):
    path = open_for_review(app, folders, "LL-000999")
    app.text_input(key="mgr:comment:sd-statutory-visit").input("Please add the visit of 2 November.")
    app.text_area(key="mgr:rationale").input("Evidence is thin on the statutory visits.").run()
    goto(app, "Ask the policy")  # leaving the page keeps what the manager has written
    goto(app, "Manager review")
    assert app.text_input(key="mgr:comment:sd-statutory-visit").value == "Please add the visit of 2 November."
    assert app.text_area(key="mgr:rationale").value == "Evidence is thin on the statutory visits."
    app.radio(key="mgr:endorse").set_value("no")
    app.selectbox(key="mgr:role").set_value("service_manager")
    app.button(key="mgr:record").click().run()
    assert not app.exception, app.exception
    review = load_draft(path).review
    assert review.reviewer_role == "service_manager" and review.endorsed is False
    assert review.comments == {"sd-statutory-visit": "Please add the visit of 2 November."}
    assert review.recorded_at is not None
    # the summary carries both voices
    from assistant.casework.checklist import summarise
    from assistant.casework.export import render

    text = render(summarise(load_draft(path), folders), "md").decode()
    assert "Please add the visit of 2 November." in text and "Evidence is thin" in text
    assert sample_draft().answers.items["sd-history-escalation"].note.splitlines()[0] in text


def test_a_review_comment_whose_change_callback_was_lost_is_still_kept(app, folders):
    """The manager's fields have the same backstop as item answers: the widget value wins."""
    path = open_for_review(app, folders, "LL-000998")
    app.session_state["mgr:comment:sd-statutory-visit"] = "Typed, callback never ran"  # as if on_change was lost
    app.session_state["mgr:rationale"] = "Rationale, callback never ran"
    goto(app, "Ask the policy")
    goto(app, "Manager review")
    assert app.text_input(key="mgr:comment:sd-statutory-visit").value == "Typed, callback never ran"
    assert app.text_area(key="mgr:rationale").value == "Rationale, callback never ran"
    app.button(key="mgr:record").click().run()
    review = load_draft(path).review
    assert review.comments == {"sd-statutory-visit": "Typed, callback never ran"}
    assert review.rationale == "Rationale, callback never ran"


def test_a_redacted_review_rationale_stays_redacted_after_leaving_the_page(app, folders):
    open_for_review(app, folders, "LL-000997")
    app.text_area(key="mgr:rationale").input("Ring mum on 07700 900123 before conference.").run()
    app.button(key="redact:mgr:rationale").click().run()
    goto(app, "Ask the policy")
    goto(app, "Manager review")
    kept = app.text_area(key="mgr:rationale").value
    assert "07700" not in kept and kept.startswith("Ring mum on") and kept.endswith("before conference.")


def start_vignette(at: AppTest, vignette_id: str) -> AppTest:
    goto(at, "Training")
    at.selectbox(key="training:choice").set_value(vignette_id).run()
    at.button(key="training:start").click().run()
    assert not at.exception, at.exception
    assert at.session_state["area"] == "Walk-through"
    return at


def opening(text: str) -> str:
    """The first words of a scenario, as the page shows them (punctuation escaped, so words only)."""
    return " ".join(re.findall(r"[A-Za-z]+", text)[:12])


def test_training_vignette_gives_feedback(app):
    goto(app, "Training")
    choice = app.selectbox(key="training:choice").options[0]
    assert any("Fictional case" in w.value for w in app.warning)
    app.button(key="training:start").click().run()
    assert app.session_state["area"] == "Walk-through"
    assert re.fullmatch(r"TRAINING-\d{3}", load_draft_state(app).case_reference)
    assert any("(fictional)" in e.label for e in app.expander)  # the case stays in view while working it
    goto(app, "Training")
    assert any(h.value == "Feedback on your answers" for h in app.subheader), choice
    assert "Where your answers differ from the model answer" in texts(app)
    assert "Not answered" in texts(app)  # nothing answered yet: every item is a difference, and says so


def test_training_page_shows_no_other_case_under_the_feedback(app):
    vignettes = resources.vignettes()
    working = sorted(vignettes)[2]  # not the first in the list: the list used to fall back to the first
    start_vignette(app, working)
    goto(app, "Training")
    shown = re.sub(r"[^A-Za-z]+", " ", texts(app))
    assert opening(vignettes[working].scenario) in shown
    for other in set(vignettes) - {working}:
        assert opening(vignettes[other].scenario) not in shown, other
    assert app.selectbox(key="training:choice").value == working
    assert "Work through this case" not in [b.label for b in app.button]
    app.selectbox(key="training:choice").set_value(sorted(vignettes)[0]).run()  # asked for: then it is shown
    assert opening(vignettes[sorted(vignettes)[0]].scenario) in re.sub(r"[^A-Za-z]+", " ", texts(app))


@pytest.mark.parametrize("vignette_id, written", [
    ("long-plan-drift-to-24", "QA team manager"), ("long-plan-ends-at-15", "CP chair"),
    ("repeat-plan-exploitation-new", "social worker"), ("step-down-neglect-routines", "team manager"),
])
def test_training_role_names_read_as_written(app, vignette_id, written):
    goto(app, "Training")
    app.selectbox(key="training:choice").set_value(vignette_id).run()
    assert f"You are the {written}." in [c.value for c in app.caption]
    start_vignette(app, vignette_id)
    goto(app, "Training")
    assert any(f"as the {written}." in m.value for m in app.markdown)


@pytest.mark.parametrize("area", ["Walk-through", "Check your answers"])
def test_a_vignettes_deadlines_are_judged_on_its_own_today(app, area):
    start_vignette(app, "step-down-domestic-abuse-quiet")  # set on 25 April 2025, before its conference
    goto(app, area)
    assert not [w.value for w in app.sidebar.warning if w.value.startswith("Overdue.")]
    assert any("27 April 2025" in m.value for m in app.sidebar.markdown)  # the 48-hour deadline, still ahead
    start_vignette(app, "long-plan-drift-to-24")  # set on 3 March 2025: the steps before it have passed
    goto(app, area)
    overdue = [w.value for w in app.sidebar.warning if w.value.startswith("Overdue.")]
    assert overdue and not any("12 May 2025" in w for w in overdue)  # the 24 month conference is ahead
    assert any("12 May 2025" in m.value for m in app.sidebar.markdown)


def test_a_training_case_is_never_saved_with_real_drafts(app, folders):
    from assistant.casework.drafts import TRAINING_NOT_SAVED

    start_vignette(app, "step-down-neglect-routines")
    app.radio(key="item:sd-initial-concern:status").set_value("evidenced").run()
    app.button(key="walk:save").click().run()
    assert TRAINING_NOT_SAVED in [e.value for e in app.error]
    goto(app, "Check your answers")
    app.button(key="review:save").click().run()
    assert TRAINING_NOT_SAVED in [e.value for e in app.error]
    assert app.session_state["draft"]["path"] is None  # so nothing is autosaved either
    assert not list(folders.draft_folder.glob("TRAINING*"))
    save_draft(sample_draft(), folders.draft_folder / "LL-000321-step-down.json")  # a real draft is listed
    for area, picker in (("Start", "resume:saved"), ("Manager review", "mgr-open:saved")):
        goto(app, area)
        [listed] = [s for s in app.selectbox if s.key == picker]
        assert not [p for p in listed.options if "TRAINING" in str(p)] and listed.options


def test_knowledge_upload_and_reindex(app, folders):
    goto(app, "Knowledge")
    shown = app.dataframe[0].value
    assert sorted(shown["File"]) == ["long-plans-over-2-years.md", "step-down-and-repeat-plans.md"]
    upload = make_docx([("h1", "Local escalation protocol"), ("p", "Disputes about step-down go to the "
                                                                  "Head of Service within five working days.")])
    app.file_uploader(key="knowledge:upload").set_value(("escalation.docx", upload, "application/octet-stream")).run()
    app.button(key="knowledge:add").click().run()
    assert not app.exception, app.exception
    assert any("Added escalation.docx" in s.value for s in app.success)
    assert (folders.knowledge_dir / "escalation.docx").exists()
    assert "escalation.docx" in [d.source for d in resources.policy_index().documents()]
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("Who do step-down disputes go to, and how quickly?").run()
    assert any("escalation.docx" in c.value for c in app.caption)


def test_knowledge_upload_refuses_bad_files(app, folders):
    (folders.knowledge_dir / "notes.txt").write_bytes(b"\x00\x01binary")
    resources.grounding.clear()  # as after a re-index: the page reads the folder again
    goto(app, "Knowledge")
    assert any("notes.txt: it looks like a binary file" in w.value for w in app.warning)
    app.file_uploader(key="knowledge:upload").set_value(("empty.md", b"   ", "text/markdown")).run()
    app.button(key="knowledge:add").click().run()
    assert any("empty.md was not added: the file is empty" in e.value for e in app.error)
    assert not (folders.knowledge_dir / "empty.md").exists()
    (folders.knowledge_dir / "notes.txt").unlink()
    resources.grounding.clear()


def test_session_state_holds_only_plain_data(app):
    start_step_down(app, "LL-888")
    app.radio(key="item:sd-initial-concern:status").set_value("evidenced").run()
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("When is the first review conference?").run()
    for key in ("session_id", "tab_token", "lost_session", "draft", "chat", "step", "area", "vignette",
                "analysis", "review_draft", "review_pending"):
        if key in app.session_state:
            json.dumps(app.session_state[key])


def test_no_page_renders_raw_html():
    sources = [ROOT / "app.py", *sorted((ROOT / "assistant").rglob("*.py"))]
    offenders = [p.name for p in sources if "unsafe_allow_html" in p.read_text() or "st.html(" in p.read_text()]
    assert offenders == []


def test_user_text_is_shown_as_text_not_markup(app):
    start_step_down(app, "LL-889")
    app.text_area(key="item:sd-initial-concern:note").input("<script>alert(1)</script> **bold** # heading").run()
    goto(app, "Check your answers")
    shown = [m.value for m in app.markdown if "alert(1)" in m.value]
    assert shown and all(r"\<script\>" in v and r"\*\*bold\*\*" in v for v in shown)


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage() + " " + str(record.args) + " " + str(record.__dict__))


def test_audit_log_records_actions_and_nothing_typed_reaches_any_log(app, folders):
    capture = _Capture()
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict)]
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(capture)
        lg.setLevel(logging.DEBUG)
    note, question = "ZEBRA-NOTE-7731 Mum, Sarah Jones, at 12 Acacia Avenue", "ZEBRA-QUESTION-9913 step down rules?"
    try:
        start_step_down(app, "LL-31337")
        app.text_area(key="item:sd-initial-concern:note").input(note).run()
        goto(app, "Check your answers")
        goto(app, "Ask the policy")
        app.chat_input(key="chat:input").set_value(question).run()
    finally:
        for lg, level in levels:
            lg.removeHandler(capture)
            lg.setLevel(level)
    assert capture.messages, "the capture saw no log records at all"
    for message in capture.messages:
        assert "ZEBRA" not in message and "Sarah Jones" not in message
    raw = folders.audit_path.read_text()
    assert "ZEBRA" not in raw and "LL-31337" not in raw and "Sarah" not in raw
    session = app.session_state["session_id"]
    mine = [e for e in AuditLog(folders).events() if e.session == session]
    assert [e.action for e in mine] == ["saved_draft", "asked_question"]
    assert all(e.pathway == "step-down" for e in mine)
    assert {"long-plans-over-2-years.md", "step-down-and-repeat-plans.md"} <= set(mine[0].policy_versions)


def test_identifiers_in_a_note_are_flagged_and_redacted_in_one_click(app):
    start_step_down(app, "LL-990")
    key = "item:sd-initial-concern:note"
    app.text_area(key=key).input("Mum, Sarah Jones, DOB 03/04/1990, lives at 12 Acacia Avenue.").run()
    warnings = [w.value for w in app.warning if "personal details" in w.value]
    assert warnings and "a name" in warnings[0] and "a date of birth" in warnings[0] and "an address" in warnings[0]
    app.button(key=f"redact:{key}").click().run()
    redacted = app.text_area(key=key).value
    assert "Sarah" not in redacted and "1990" not in redacted and "Acacia" not in redacted and "[NAME]" in redacted
    assert load_draft_state(app).answers.items["sd-initial-concern"].note == redacted
    assert not [w for w in app.warning if "personal details" in w.value]
    # ...and says the check is not exhaustive (README: about one name in three is missed)
    assert any("It misses some names" in c.value for c in app.caption)


def test_case_reference_refuses_identifiers(app):
    app.text_input(key="start:reference").input("943 476 5919")
    app.button(key="start:go").click().run()
    assert any("Case reference" in e.value for e in app.error)
    app.text_input(key="start:reference").input("9434765919")
    app.button(key="start:go").click().run()
    assert any("looks like an NHS number" in e.value for e in app.error)
    assert app.session_state["area"] == "Start"


def _fake_model(monkeypatch, *replies: str):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.llm import LLMSettings

    model = GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))
    monkeypatch.setattr(resources, "llm_model", lambda: model)
    monkeypatch.setattr(resources, "llm_settings", lambda: LLMSettings(backend="ollama", model="test-model"))


def test_with_a_language_model_the_chat_labels_a_cited_answer(app, monkeypatch):
    good = json.dumps({"sentences": [{"text": "The service manager records it on Liquid Logic in advance.",
                                      "passage_ids": ["p1"], "quote": "Liquid Logic"}]})
    fabricated = json.dumps({"sentences": [{"text": "Plans always end at 3 months.", "passage_ids": ["p9"],
                                            "quote": None}]})
    _fake_model(monkeypatch, good, fabricated)
    goto(app, "Ask the policy")
    assert any("running on this computer" in c.value for c in app.caption)
    app.chat_input(key="chat:input").set_value("When must the service manager record the step-down?").run()
    assert any("written by a language model" in i.value for i in app.info)
    assert any(m.value == "The service manager records it on Liquid Logic in advance. \\[p1\\]" for m in app.markdown)
    assert any(c.value.startswith("[p1] ") for c in app.caption)  # the cited passage, verbatim, below
    app.chat_input(key="chat:input").set_value("When does a plan have to end?").run()
    last = app.session_state["chat"][-1]["answer"]
    assert last["kind"] == "verbatim" and last["fallback_reason"]
    assert any("was not used" in c.value for c in app.caption)


def test_with_a_language_model_the_review_offers_an_editable_drafted_analysis(app, monkeypatch):
    _fake_model(monkeypatch, json.dumps({"analysis": "Evidence from school and GP agrees.", "status": "evidenced"}))
    start_step_down(app, "LL-4321")
    app.text_area(key="item:sd-initial-concern:note").input("School and GP agree.").run()
    goto(app, "Check your answers")
    app.button(key="review:analyse").click().run()
    assert app.text_area(key="review:analysis").value == "Evidence from school and GP agrees."
    assert any("Drafted by a language model" in i.value for i in app.info)
    app.text_area(key="review:analysis").input("Edited by me.").run()
    goto(app, "Walk-through")
    goto(app, "Check your answers")
    assert app.text_area(key="review:analysis").value == "Edited by me."
    # the model never sets a status or the readiness line
    assert load_draft_state(app).answers.items["sd-initial-concern"].status is None


def test_without_a_language_model_nothing_about_one_is_shown(app):
    goto(app, "Ask the policy")
    assert not [c for c in app.caption if "Language model" in c.value]
    goto(app, "Start")
    start_step_down(app, "LL-4322")
    goto(app, "Check your answers")
    assert not [b for b in app.button if b.key == "review:analyse"]


def test_opening_the_app_starts_loading_the_model_unless_turned_off(folders, monkeypatch):
    monkeypatch.setattr(resources, "settings", lambda: folders.model_copy(update={"warm_up": False}))
    monkeypatch.setattr(resources.embeddings(), "_warming", False)
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert resources.embeddings()._warming is False
    monkeypatch.setattr(resources, "settings", lambda: folders)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception and resources.embeddings()._warming is True
    assert resources.policy_index().embeddings is resources.embeddings()  # the object warmed is the one used


def test_after_the_warm_up_the_first_question_encodes_only_itself(folders, monkeypatch):
    model = resources.embeddings()
    monkeypatch.setattr(model, "_warming", False)
    resources.policy_search.clear()  # a search object that has not searched yet, as on opening the app
    policy_words.cache_clear()
    resources.warm_up()
    warming = [t for t in threading.enumerate() if t.name == "embedding-warm-up"]
    for thread in warming:
        thread.join(120)
    assert warming and not any(t.is_alive() for t in warming)
    encoded: list[int] = []
    encode = model.encode
    monkeypatch.setattr(model, "encode", lambda texts, progress=False: encoded.append(len(texts)) or encode(texts))
    result = resources.policy_search().search("Who chairs the review conference?")
    assert result.passages and encoded == [1]  # the question alone: the pathway items were encoded in the warm-up
    assert policy_words.cache_info().currsize == 1  # the detector's first call was made in the warm-up too


def test_on_a_shared_server_drafts_are_files_not_a_list(app, folders, monkeypatch):
    save_draft(sample_draft(), folders.draft_folder / "LL-000123-step-down.json")
    monkeypatch.setattr(resources, "settings", lambda: folders.model_copy(update={"shared_server": True}))
    app.run()
    assert not [s for s in app.selectbox if s.key == "resume:saved"]  # nobody sees others' case references
    assert any("drafts are not kept on it" in c.value for c in app.caption)
    start_step_down(app, "LL-5150")
    assert any("download the draft to keep them" in c.value for c in app.sidebar.caption)
    assert "Save draft (download the file)" in [b.label for b in app.sidebar.get("download_button")]
    goto(app, "Check your answers")
    labels = [b.label for b in app.get("download_button")]
    assert "Save draft (download the file)" in labels
    assert not (folders.draft_folder / "LL-5150-step-down.json").exists()
    goto(app, "Manager review")
    assert not [s for s in app.selectbox if s.key == "mgr-open:saved"]


def test_a_corrupt_or_newer_draft_file_gives_a_clear_error(app):
    app.file_uploader(key="resume:upload").set_value(("broken.json", b'{"schema_version": 1,', "application/json"))
    app.run()
    app.button(key="resume:file").click().run()
    assert any("broken.json is not a readable draft" in e.value for e in app.error)
    newer = json.loads(sample_draft().to_bytes())
    newer["schema_version"] = 99
    app.file_uploader(key="resume:upload").set_value(("newer.json", json.dumps(newer).encode(), "application/json"))
    app.run()
    app.button(key="resume:file").click().run()
    assert any("newer version of the assistant" in e.value for e in app.error)
    assert app.session_state["area"] == "Start"


def test_personal_details_in_a_question_are_removed_and_not_kept(app):
    goto(app, "Ask the policy")
    app.chat_input(key="chat:input").set_value("Mum, Sarah Jones, DOB 03/04/1990: can the plan step down?").run()
    assert any("personal details" in w.value for w in app.warning)
    kept = app.session_state["chat"][-1]["question"]
    assert "Sarah" not in kept and "1990" not in kept and "[NAME]" in kept
    assert not [t for t in app.text if "Sarah" in t.value]


def test_a_new_checklist_is_saved_at_start_and_as_you_go_without_showing_where(app, folders):
    start_step_down(app, "LL-9901")
    path = folders.draft_folder / "LL-9901-step-down.json"
    assert load_draft(path).revision == 1  # saved at Start
    assert any("Saved on this computer" in c.value for c in app.sidebar.caption)
    assert "walk:save" not in [b.key for b in app.sidebar.button]  # nothing to press: saving is automatic
    app.text_area(key="item:sd-initial-concern:note").input("Half-written reflection").run()
    assert load_draft(path).answers.items["sd-initial-concern"].note == "Half-written reflection"
    goto(app, "Check your answers")
    assert str(folders.draft_folder) not in texts(app) + "\n".join(c.value for c in app.sidebar.caption)


def test_a_draft_opened_from_a_file_is_saved_as_a_new_draft_never_over_another(app, folders):
    save_draft(sample_draft().model_copy(update={"case_reference": "LL-992"}), folders.draft_folder
               / "LL-992-step-down.json")
    before = (folders.draft_folder / "LL-992-step-down.json").read_bytes()
    data = sample_draft().model_copy(update={"case_reference": "LL-992"}).model_dump(mode="json")
    app.session_state["draft"] = {"draft": data, "base": data, "path": None}
    goto(app, "Walk-through")
    app.sidebar.button(key="walk:save").click().run()
    assert not app.exception, app.exception
    assert (folders.draft_folder / "LL-992-step-down.json").read_bytes() == before
    assert load_draft(folders.draft_folder / "LL-992-step-down-2.json").case_reference == "LL-992"
    assert any("Saved on this computer" in c.value for c in app.sidebar.caption)


def test_a_note_whose_change_callback_was_lost_is_still_saved(app):
    """Under load a rerun can be cut short before its on_change callback runs: the widget value wins."""
    start_step_down(app, "LL-991")
    app.session_state["item:sd-initial-concern:note"] = "Typed, callback never ran"  # as if on_change was lost
    app.button(key="nav:next").click().run()
    assert load_draft_state(app).answers.items["sd-initial-concern"].note == "Typed, callback never ran"
    app.button(key="nav:back").click().run()
    assert app.text_area(key="item:sd-initial-concern:note").value == "Typed, callback never ran"


def test_a_required_item_offers_no_not_applicable_and_the_server_refuses_it(app):
    """The service manager's 48-hour record cannot be waved away: the option is not drawn, and a
    not-applicable status sent anyway (a stale tab) is refused on the server side, the note kept."""
    start_step_down(app)
    app.session_state["step"] = "managers"
    app.run()
    assert "Not applicable" not in app.radio(key="item:sd-sm-48-hours:status").options
    assert "Not applicable" in app.radio(key="item:sd-tm-triangulate:status").options
    assert any("Team manager and service manager (jointly)" in t for t in texts(app).split("\n"))
    app.session_state["step"] = "evidence"  # the item's own radio is not drawn: the value arrives as from a stale tab
    app.run()
    app.session_state["item:sd-sm-48-hours:status"] = "not_applicable"
    app.session_state["item:sd-sm-48-hours:note"] = "conference moved"
    app.session_state["item:sd-sm-48-hours:reason"] = "not needed"
    app.run()
    assert not app.exception, app.exception
    app.session_state["step"] = "managers"
    app.run()
    assert not app.exception, app.exception
    assert any("cannot be marked not applicable" in e.value for e in app.error)
    saved = load_draft_state(app).answers.items["sd-sm-48-hours"]
    assert saved.status is None and saved.note == "conference moved"
    assert app.radio(key="item:sd-sm-48-hours:status").value is None


def test_every_upload_box_states_the_real_limit(app):
    """Not Streamlit's "200MB per file": a draft up to 5 MB, a policy document up to ASSISTANT_MAX_FILE_MB."""
    limits = {}
    for area in ("Start", "Manager review", "Knowledge"):
        goto(app, area)
        limits[area] = [u.proto.max_upload_size_mb for u in app.get("file_uploader")]
    assert limits == {"Start": [5], "Manager review": [5], "Knowledge": [20]}
