"""The deadlines panel (sidebar of the walk-through and Check your answers): dates written for
people, each deadline's notes, overdue to the minute, and both readings of the repeat window.

The panel is rendered on its own with streamlit.testing (no index or model needed)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _panel(pathway_id: str, dates: dict, today: str | None) -> None:
    from datetime import datetime

    from assistant.casework.drafts import CaseDates, Draft
    from assistant.ui.components import deadlines

    created = datetime(2026, 1, 1, 9, 0).astimezone()
    draft = Draft.new(pathway_id, "social_worker", "LL-1", created, CaseDates.model_validate(dates))
    deadlines(draft, datetime.fromisoformat(today) if today else None)


def render(pathway_id: str, dates: dict, today: str | None = None) -> AppTest:
    at = AppTest.from_function(_panel, args=(pathway_id, dates, today), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "warning", "error") for e in getattr(at, kind))


STEP_DOWN = {"start": "2026-08-31", "conference": "2026-12-08T10:00"}


@pytest.mark.parametrize(
    ("today", "overdue"),
    [("2026-12-06T09:59", False), ("2026-12-06T10:00", False), ("2026-12-06T10:01", True)],
)
def test_step_down_deadlines_for_people_with_notes(today, overdue):
    at = render("step-down", STEP_DOWN, today)
    text = shown(at)
    assert "**Sunday 6 December 2026, 10:00**: Service manager records the step-down discussion" in text
    assert "2026-12-06" not in text  # no ISO dates for people
    assert "Falls on a Sunday: in practice record it by Friday 4 December 2026." in text
    assert "The step-down and repeat-plan policy says: “The service manager will ensure the discussion is recorded on Liquid Logic" in text
    warnings = [w.value for w in at.warning]
    assert any("Overdue. **Sunday 6 December 2026, 10:00**" in w for w in warnings) is overdue


def test_the_repeat_plan_panel_shows_both_readings():
    at = render("repeat-plan", {"previous_start": "2023-01-10", "previous_end": "2024-04-10",
                                "new_icpc": "2025-04-10"}, "2026-01-01T09:00")
    text = shown(at)
    assert "**Friday 10 April 2026**: Last day of the 2 years after the previous plan ended" in text
    assert "**Friday 10 January 2025**: Last day of the 2 years after the last registration" in text
    assert "The two readings differ for this case" in text


def test_contradictory_dates_name_the_field():
    at = render("step-down", {"start": "2026-09-01", "conference": "2026-08-01T10:00"})
    assert any("Review conference (2026-08-01) must be after Plan start (ICPC)" in e.value for e in at.error)
