"""Small cells: counts of 1 to 4 persons are shown as "< 5".

A handful of vulnerable people can be recognised from a count; so on every
aggregate page and export, computed person counts between 1 and 4 are
suppressed, and when one part of a breakdown is suppressed, the next smallest
part is too (complementary suppression), or the total minus the others would
give it back. The intervention's M&E staff (and the command line) see exact
figures. Entered values and rates are shown as they are: they are not counts
of identifiable persons.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.indicators.models import UnitType
from suivi.indicators.selectors.progress import ProgressRow, YearValue

THRESHOLD = 5
SUPPRESSED = "< 5"


def sees_exact_counts(user: User | None) -> bool:
    return user is None or has_capability(user, Capability.APPROVE_MEASUREMENTS)


def _small(number: object) -> bool:
    return isinstance(number, int | float) and 0 < number < THRESHOLD


def _protect_parts(parts: dict[str, Any]) -> dict[str, Any]:
    small = [key for key, number in parts.items() if _small(number)]
    if len(small) == 1:
        others = [
            (n, k) for k, n in parts.items() if k not in small and isinstance(n, int | float) and n
        ]
        if others:
            small.append(min(others)[1])
    return {key: SUPPRESSED if key in small else number for key, number in parts.items()}


def protect_record(record: dict[str, Any]) -> dict[str, Any]:
    """A progress-table record (JSON shape) with its small counts suppressed."""
    if record["source"] != "computed" or record["unit"] != UnitType.COUNT:
        return record
    protected = dict(record)
    for key in ("previous_year", "reporting_year"):
        if _small(record[key]):
            protected[key] = SUPPRESSED
    protected["breakdown"] = {
        dimension: _protect_parts(parts) if isinstance(parts, dict) else parts
        for dimension, parts in record["breakdown"].items()
    }
    return protected


def _protect_value(value: YearValue | None) -> YearValue | None:
    if value is None or value.total is None or not (0 < value.total < THRESHOLD):
        return value
    return replace(value, suppressed=True)


def protect_rows(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Progress rows for a page: small computed counts marked suppressed."""
    protected = []
    for row in rows:
        if row.indicator.is_computed and row.version.unit == UnitType.COUNT:
            row = replace(
                row,
                previous_year=_protect_value(row.previous_year),
                reporting_year=_protect_value(row.reporting_year),
            )
        protected.append(row)
    return protected
