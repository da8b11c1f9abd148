"""Builders for finance test data, through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from suivi.accounts.tests.factories import SYSTEM
from suivi.finance.models import BudgetVersion
from suivi.finance.services import budget
from suivi.finance.services.budget import BudgetRow
from suivi.programmes.models import Intervention
from suivi.programmes.tests.factories import InterventionFactory

# A small budget in the DTF's shape: one result with two lines, the reserve,
# general means with one rubric.
SMALL_BUDGET = [
    ("A", "Résultat", "", None),
    ("A 01", "Output 1", "", "400000"),
    ("A 01 01", "Information", "regie", "100000"),
    ("A 01 02", "Formation", "regie", "300000"),
    ("X", "Réserve", "", None),
    ("X 01", "Réserve budgétaire", "regie", "20000"),
    ("Z", "Moyens généraux", "", None),
    ("Z 01", "Personnel", "", None),
    ("Z 01 01", "RAF", "regie", "80000"),
]


def rows(spec: list[tuple[str, str, str, str | None]] = SMALL_BUDGET) -> list[BudgetRow]:
    return [
        BudgetRow(n + 2, code, title, mode, Decimal(amount) if amount else None)
        for n, (code, title, mode, amount) in enumerate(spec)
    ]


def budgeted_intervention(**fields: object) -> tuple[Intervention, BudgetVersion]:
    intervention = InterventionFactory(**fields)
    version = budget.record_version(
        actor=SYSTEM,
        intervention=intervention,
        rows=rows(),
        label="DTF",
        approved_on=datetime.date(2018, 1, 1),
    )
    return intervention, version
