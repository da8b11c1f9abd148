"""The declarative definition of a computed indicator.

    {
      "measure": "persons" | "events" | "rate",
      "events": {"types": ["training_enrolment"], "filters": {...}},
      "year": "event" | "school_year_start" | "school_year_end",
      "first_only": false,            # count a person in the year of their first match only
      "numerator": {                  # rates: among the persons of "events"…
        "types": ["exam_result"], "filters": {"attributes": {"passed": true}},
        "via": "related" | "after"    # …linked to their event, or later for the same person
      }
    }

``events`` may also be a list of such selections (their union, e.g. a
contrat-aidé placement *or* a financing).

Filters: ``organisations`` (codes), ``centre_targeted`` (true: a centre the
project targets on the event's date), ``trade_technical``, ``sex`` (women/men),
``attributes`` (name → value or list of values), ``related`` (the same filters
applied to the related event, e.g. the enrolment of an exam result), and
``preceded_by`` (a selection the same person matched on or before the event's
date, e.g. a passed exam before an insertion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

MEASURES = {"persons", "events", "rate"}
YEAR_RULES = {"event", "school_year_start", "school_year_end"}
VIAS = {"related", "after"}
FILTER_KEYS = {
    "organisations",
    "centre_targeted",
    "trade_technical",
    "sex",
    "attributes",
    "related",
    "preceded_by",
}


@dataclass(frozen=True)
class EventSelection:
    types: tuple[str, ...]
    filters: dict[str, Any] = field(default_factory=dict)
    via: str = "related"


@dataclass(frozen=True)
class Spec:
    measure: str
    events: tuple[EventSelection, ...]
    year: str = "event"
    first_only: bool = False
    numerator: EventSelection | None = None


def _selection(raw: Any, where: str) -> EventSelection:
    if not isinstance(raw, dict) or not raw.get("types"):
        raise ValidationError(f"{where}: name the event types.")
    filters = raw.get("filters") or {}
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValidationError(f"{where}: unknown filters {sorted(unknown)}.")
    related_unknown = set(filters.get("related") or {}) - FILTER_KEYS
    if related_unknown:
        raise ValidationError(f"{where}: unknown related filters {sorted(related_unknown)}.")
    if "preceded_by" in filters:
        _selection(filters["preceded_by"], f"{where}.preceded_by")
    via = raw.get("via", "related")
    if via not in VIAS:
        raise ValidationError(f"{where}: via is one of {sorted(VIAS)}.")
    return EventSelection(tuple(raw["types"]), filters, via)


def parse(raw: dict[str, Any]) -> Spec:
    """Validate a JSON definition (ValidationError naming what is wrong)."""
    measure = raw.get("measure")
    if measure not in MEASURES:
        raise ValidationError(f"measure is one of {sorted(MEASURES)}.")
    year = raw.get("year", "event")
    if year not in YEAR_RULES:
        raise ValidationError(f"year is one of {sorted(YEAR_RULES)}.")
    numerator = None
    if measure == "rate":
        numerator = _selection(raw.get("numerator"), "numerator")
    raw_events = raw.get("events")
    selections = raw_events if isinstance(raw_events, list) else [raw_events]
    if measure == "rate" and len(selections) != 1:
        raise ValidationError("A rate's events are a single selection.")
    return Spec(
        measure=measure,
        events=tuple(_selection(item, "events") for item in selections),
        year=year,
        first_only=bool(raw.get("first_only", False)),
        numerator=numerator,
    )
