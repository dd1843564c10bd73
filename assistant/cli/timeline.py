"""``python -m assistant timeline``: the command-line contract
``{"milestones": [{"id", "label", "due", "notes"}]}``, built from the flags' text, with every error
naming the flag."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from assistant.casework.timeline import (
    DEFAULT_REGION,
    BankHolidayRegion,
    RepeatWindowFrom,
    Timeline,
    format_due,
    required_dates,
    timeline_for,
)
from assistant.errors import TimelineError

if TYPE_CHECKING:
    from assistant.casework.pathways import Pathway

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_TEXT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})")


def parse_date(text: str, field: str) -> date:
    """A year-month-day date from text such as ``2025-01-31``; ``field`` names it in any error."""
    value = (text or "").strip()
    if not _DATE_TEXT.fullmatch(value):
        raise TimelineError(
            f"{field} must be a date like 2025-01-31 (year-month-day); {text!r} is not in that form.", field
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TimelineError(
            f"{field} must be a real calendar date like 2025-01-31; {value} does not exist.", field
        ) from None


def parse_datetime(text: str, field: str) -> datetime:
    """A local date and time from text such as ``2026-01-01T10:00`` (or with a space for the T)."""
    value = (text or "").strip()
    match = _DATETIME_TEXT.fullmatch(value)
    if not match:
        hint = " It has a date but no time." if _DATE_TEXT.fullmatch(value) else ""
        raise TimelineError(
            f"{field} must be a date and time like 2026-01-01T10:00 (year-month-day, T, 24-hour "
            f"hours:minutes); {text!r} is not in that form.{hint}",
            field,
        )
    day = parse_date(match.group(1), field)
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise TimelineError(
            f"{field} must have a real time of day between 00:00 and 23:59; {value} does not.", field
        )
    return datetime(day.year, day.month, day.day, hour, minute)


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """Exactly ``{"milestones": [{"id": str, "label": str, "due": str, "notes": [str]}, ...]}``, in the
    timeline's order; ``due`` is ISO, ``notes`` possibly empty."""
    return {
        "milestones": [
            {"id": m.id, "label": m.label, "due": format_due(m.due), "notes": list(m.notes)}
            for m in timeline.milestones
        ]
    }


CLI_FLAGS: dict[str, str] = {
    field: "--" + field.replace("_", "-")
    for field in ("start", "conference", "conference_15", "conference_21", "previous_start", "previous_end",
                  "new_icpc", "today")
}
"""The command-line flag for each field, used to name fields in error messages."""


def build_timeline_json(
    pathway: str,
    *,
    start: str | None = None,
    conference: str | None = None,
    conference_15: str | None = None,
    conference_21: str | None = None,
    previous_start: str | None = None,
    previous_end: str | None = None,
    new_icpc: str | None = None,
    region: BankHolidayRegion = DEFAULT_REGION,
    window_from: RepeatWindowFrom = "plan_end",
    pathways: Mapping[str, Pathway] | None = None,
) -> dict[str, Any]:
    """The JSON for ``python -m assistant timeline --pathway ... --json`` from the flags' text.

    ``pathways`` are the installed pathway files (``ASSISTANT_PATHWAYS_DIR``); a pathway's file names the
    case dates it asks for and the deadline rules that apply. Dates are ``YYYY-MM-DD``; ``conference`` is
    ``YYYY-MM-DDTHH:MM``. Errors name the flags (``--start``, ``--conference``, ``--conference-15``,
    ``--conference-21``, ``--previous-start``, ``--previous-end``, ``--new-icpc``). A flag given for a
    pathway that does not ask for that date is an error. ``region`` and ``window_from`` are the council's
    settings (``ASSISTANT_BANK_HOLIDAY_REGION``, ``ASSISTANT_REPEAT_WINDOW_FROM``).
    """
    if pathways is None:
        from assistant.casework.pathways import load_pathways

        pathways = load_pathways()
    chosen = pathways.get(pathway)
    if chosen is None:
        raise TimelineError(
            f"--pathway must be one of {', '.join(sorted(pathways, key=lambda p: (pathways[p].order, p)))}; "
            f"{pathway!r} is not one of them.", "--pathway"
        )
    if not chosen.deadlines:
        raise TimelineError(f"--pathway {pathway} has no deadlines (its file names no deadline rules).",
                            "--pathway")
    given = {
        "start": start,
        "conference": conference,
        "conference_15": conference_15,
        "conference_21": conference_21,
        "previous_start": previous_start,
        "previous_end": previous_end,
        "new_icpc": new_icpc,
    }
    for field, text in given.items():
        if text is not None and field not in chosen.dates:
            users = [p.id for p in pathways.values() if field in p.dates and p.deadlines]
            raise TimelineError(
                f"{CLI_FLAGS[field]} is not used with --pathway {pathway} (only with "
                f"{' or '.join('--pathway ' + p for p in users)}).",
                CLI_FLAGS[field],
            )
    missing = [CLI_FLAGS[f] for f in required_dates(chosen.deadlines) if not (given[f] or "").strip()]
    if missing:
        raise TimelineError(
            f"--pathway {pathway} needs {', '.join(missing)} (dates like 2025-01-31).", missing[0]
        )
    values: dict[str, date | datetime | None] = {}
    for field, text in given.items():
        if text is None:
            continue
        values[field] = (parse_datetime(text, CLI_FLAGS[field]) if field == "conference"
                         else parse_date(text, CLI_FLAGS[field]))
    timeline = timeline_for(chosen.deadlines, values, pathway=pathway, region=region, window_from=window_from,
                            names=CLI_FLAGS)
    assert timeline is not None  # the dates the rules need were checked above
    return timeline_json(timeline)
