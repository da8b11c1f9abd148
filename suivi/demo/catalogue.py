"""Amuddu's service catalogue and computed-indicator definitions, kept as
data: the catalogue workbook (`data/amuddu_catalogue.xlsx`: services, their
details and values in three languages, trades, centres and the periods the
intervention targets them) is imported through the same import a programme
team uses; the definitions (`data/amuddu_computations.json`) are loaded
through the beneficiaries services."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

from suivi.core.actors import Actor
from suivi.interop.catalogue.importer import CatalogueResult, import_catalogue
from suivi.programmes.models import Intervention

DATA = Path(__file__).resolve().parent / "data"
WORKBOOK = DATA / "amuddu_catalogue.xlsx"


@cache
def _read(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def install(
    actor: Actor, intervention: Intervention | None = None, *, places: bool = False
) -> CatalogueResult:
    """Import the demo's catalogue workbook (idempotent). Builders of tests
    take the service types only; the demo loader also takes the centres and
    trades (`places`) and the links to Amuddu's outputs and activities."""
    with WORKBOOK.open("rb") as source:
        return import_catalogue(
            actor=actor, intervention=intervention, source=source, places=places
        )


def computations() -> dict[str, tuple[dict[str, Any], str]]:
    """Indicator code → (definition, explanation in the active language);
    how each follows from the journey events is in the beneficiaries README."""
    language = (translation.get_language() or "fr")[:2]
    return {
        code: (entry["spec"], entry["explanation"].get(language, entry["explanation"]["fr"]))
        for code, entry in _read("amuddu_computations.json").items()
    }
