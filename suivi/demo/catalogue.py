"""Amuddu's service catalogue and computed-indicator definitions, kept as
data: the catalogue workbook (`data/amuddu_catalogue.xlsx`: services, their
details and values in three languages, trades, centres and the periods the
intervention targets them) is imported through the same import a programme
team uses. The computed indicators' definitions are in the 2020 logframe
workbook's « Définitions » sheet (`programme.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from suivi.beneficiaries.computation import flat
from suivi.beneficiaries.selectors.catalogue import definition_catalogue
from suivi.core.actors import Actor
from suivi.interop.catalogue.importer import CatalogueResult, import_catalogue
from suivi.interop.logframe import template
from suivi.programmes.models import Intervention

DATA = Path(__file__).resolve().parent / "data"
WORKBOOK = DATA / "amuddu_catalogue.xlsx"
FRAMEWORK_2020 = "amuddu_2_suivi_2020.xlsx"


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
    """Indicator code → (definition, "") as the 2020 logframe workbook's
    « Définitions » sheet states them, read with the catalogue in the
    database (the benchmarks define Amuddu's indicators without loading
    the whole framework). The demo itself imports the workbook."""
    workbook = openpyxl.load_workbook(DATA / FRAMEWORK_2020, read_only=True)
    try:
        rows: dict[str, list[flat.Row]] = {}
        sheet = workbook[template.DEFINITION_SHEET]
        for number, (code, part, condition, value) in enumerate(
            sheet.iter_rows(min_row=2, max_col=4, values_only=True), start=2
        ):
            if code:
                rows.setdefault(str(code), []).append(
                    flat.Row(str(part), str(condition), str(value), number)
                )
    finally:
        workbook.close()
    known = definition_catalogue()
    return {code: (flat.from_rows(found, known), "") for code, found in rows.items()}
