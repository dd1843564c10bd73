"""Page one holds the decision, in every format: the case, the recommendation, the readiness line,
every manager's decision and the dates; the detail (items, notes, comments, policy quotes) follows,
on a new page in the DOCX and the PDF.

The summary here has two decisions (the team manager endorses, the named service manager does not).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from helpers.samples import GENERATED_AT, TODAY, sample_draft
from pypdf import PdfReader

from assistant.casework.checklist import ChecklistSummary, build_summary
from assistant.casework.drafts import ManagerReview
from assistant.casework.export import render
from assistant.casework.pathways import ground, load_pathways
from assistant.search.policies import read_policies

UTC0 = timezone(timedelta(0))
DECISIONS = ["Team manager: Endorsed", "Service manager (Sam Patel): Not endorsed"]
LABEL = "End the plan at this review and continue support at Child in Need level"


@pytest.fixture(scope="module")
def summary() -> ChecklistSummary:
    from assistant.config import Settings

    pathway = load_pathways()["step-down"]
    policies = read_policies(Settings())
    draft = sample_draft()
    team = draft.reviews["team_manager"].model_copy(update={"endorsed": True, "rationale": "Endorsed: evidence agrees."})
    service = ManagerReview(
        reviewer_role="service_manager", name="Sam Patel", recommendation_at=draft.recommendation.recorded_at,
        endorsed=False, rationale="Not yet: one more core group first.",
        comments={"sd-history-escalation": "The 2023 strategy discussion still worries me."},
        recorded_at=datetime(2026, 11, 25, 11, 0, tzinfo=UTC0))
    draft = draft.model_copy(update={"reviews": {"team_manager": team, "service_manager": service}})
    return build_summary(pathway, draft, ground(pathway, policies.ids, policies.texts, policies.metas),
                         policies.documents, GENERATED_AT, TODAY)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_pdf_page_one_holds_the_decision_and_not_the_detail(summary):
    reader = PdfReader(io.BytesIO(render(summary, "pdf")))
    first, second = (_words(page.extract_text()) for page in reader.pages[:2])
    assert "LL-000123" in first
    assert summary.pathway_title in first
    assert LABEL in first
    assert "Routines have held for ten weeks; school and health visitor agree." in first
    assert f"Readiness: {summary.readiness}" in first
    for decision in DECISIONS:
        assert decision in first
    assert "Made on the recommendation as it now stands." in first
    assert "Rationale: Not yet: one more core group first." in first
    assert "Monday 30 November 2026 First review conference" in first  # the deadlines table
    assert _words(summary.items[0].text) not in first
    assert "Policy:" not in first and "comment" not in first
    assert second.startswith("Page 2 Notes on the deadlines")  # the detail starts a new page


def test_pdf_page_one_without_a_recommendation(summary):
    bare = summary.model_copy(update={"recommendation": None, "reviews": [], "review": None})
    first = _words(PdfReader(io.BytesIO(render(bare, "pdf"))).pages[0].extract_text())
    assert "Recommendation No recommendation recorded yet." in first
    assert "Managers' decisions No manager's decision recorded yet." in first


def _body(data: bytes) -> list[Paragraph]:
    doc = Document(io.BytesIO(data))
    return [Paragraph(e, doc) for e in doc.element.body.iterchildren() if e.tag == qn("w:p")]


def test_docx_decision_comes_before_the_first_item_and_a_page_break_before_the_detail(summary):
    paragraphs = _body(render(summary, "docx"))
    texts = [p.text for p in paragraphs]
    first_item = texts.index(f"1. {summary.items[0].text}")
    decisions = [texts.index(d) for d in DECISIONS]
    assert texts.index("Recommendation") < texts.index(LABEL) < decisions[0] < decisions[1] < first_item
    assert paragraphs[decisions[1]].style.name == "Heading 2"
    breaks = [n for n, p in enumerate(paragraphs) if p.paragraph_format.page_break_before]
    assert len(breaks) == 1
    (detail,) = breaks
    assert texts[detail] == "Notes on the deadlines"
    assert texts.index("Key dates and deadlines") < detail < first_item
    assert texts.index("Rationale:", decisions[1]) < detail  # every decision is before the break
    assert texts.index("Service manager's comment (Sam Patel):") > detail


def test_docx_without_a_recommendation_says_so_on_page_one(summary):
    texts = [p.text for p in _body(render(summary.model_copy(update={"recommendation": None}), "docx"))]
    assert texts[texts.index("Recommendation") + 1] == "No recommendation recorded yet."


def test_markdown_sections_lead_with_the_decision(summary):
    text = render(summary, "md").decode()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:6] == [f"# Checklist summary: {summary.pathway_title}", "## Recommendation",
                            "## Managers' decisions", *(f"### {d}" for d in DECISIONS), "## Key dates and deadlines"]
    assert headings[6:9] == ["## Notes on the deadlines", f"## Open gaps ({len(summary.open_gaps)})", "## Checklist"]
    assert headings[-1] == "## Policy documents"
    page_one, detail = text.split("\n---\n")
    assert "| Case reference | LL-000123 |" in page_one and f"**Readiness:** {summary.readiness}" in page_one
    assert f"**{LABEL}**" in page_one
    assert "- **Rationale:**\n  > Not yet: one more core group first." in page_one
    assert summary.items[0].text not in page_one and "comment" not in page_one
    assert ("- **Team manager's comment:**\n  > Please add the 2023 strategy discussion outcome.\n"
            "- **Service manager's comment (Sam Patel):**\n  > The 2023 strategy discussion still worries me.\n"
            ) in detail
