"""The Amuddu journey's service types and computed-indicator definitions,
kept as data (`data/amuddu_service_types.json`, `data/amuddu_computations.json`)
and loaded through the beneficiaries services. Issue 11 turns them into the
demo's catalogue workbook and versioned definitions, imported like any
programme's."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

from suivi.beneficiaries.models import EventType
from suivi.beneficiaries.services.reference import put_event_type
from suivi.core.actors import Actor

DATA = Path(__file__).resolve().parent / "data"


@cache
def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def service_types() -> list[dict[str, Any]]:
    """The service types: code, names in three languages, whether given at a
    centre, the details each record carries."""
    return list(_read("amuddu_service_types.json"))


def install(actor: Actor) -> list[EventType]:
    """Create the service types that are missing (idempotent)."""
    return [
        put_event_type(actor=actor, order=position, **definition)
        for position, definition in enumerate(service_types())
    ]


def computations() -> dict[str, tuple[dict[str, Any], str]]:
    """Indicator code → (definition, explanation in the active language);
    how each follows from the journey events is in the beneficiaries README."""
    language = (translation.get_language() or "fr")[:2]
    return {
        code: (entry["spec"], entry["explanation"].get(language, entry["explanation"]["fr"]))
        for code, entry in _read("amuddu_computations.json").items()
    }
