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

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system
from suivi.indicators import cells
from suivi.indicators.models import UnitType
from suivi.indicators.selectors.progress import ProgressRow, YearValue

THRESHOLD = 5
SUPPRESSED = "< 5"


def sees_exact_counts(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.APPROVE_MEASUREMENTS)


def _small(number: object) -> bool:
    return isinstance(number, int | float | Decimal) and 0 < number < THRESHOLD


def protect_record(record: dict[str, Any]) -> dict[str, Any]:
    """A progress-table record (JSON shape) with its small counts suppressed."""
    if record["source"] != "computed" or record["unit"] != UnitType.COUNT:
        return record
    protected = dict(record)
    if _small(record["previous_year"]):
        protected["previous_year"] = SUPPRESSED
    # The breakdown splits the reporting year's total: hide them as one set of
    # cells, so that no margin or crossing gives a hidden one back.
    flat: dict[str, Any] = {cells.TOTAL: record["reporting_year"]}
    for group, parts in record["breakdown"].items():
        for part, number in parts.items():
            flat[part if group == "crossed" else cells.make_key({group: part})] = number
    hidden = suppressed_cells(
        {key: number for key, number in flat.items() if isinstance(number, int | float | Decimal)}
    )
    if cells.TOTAL in hidden:
        protected["reporting_year"] = SUPPRESSED
    protected["breakdown"] = {
        group: {
            part: SUPPRESSED
            if (part if group == "crossed" else cells.make_key({group: part})) in hidden
            else number
            for part, number in parts.items()
        }
        for group, parts in record["breakdown"].items()
    }
    return protected


def _protect_value(value: YearValue | None) -> YearValue | None:
    if value is None or not _small(value.total):
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


def suppressed_cells(values: Mapping[str, Decimal | float | None]) -> set[str]:
    """The cells of one computed count to hide: the small ones, and enough
    others that none of them can be worked back from what is shown.

    A parent cell equals the sum of the cells that split it along one
    dimension (the total = women + men; ``category=refugee`` =
    ``category=refugee|sex=women`` + ``…|sex=men``). Whenever exactly one
    member of such a family is hidden, it could be derived from the others, so
    the smallest non-zero visible child is hidden too (the parent when no child
    is left). Hiding a cell can expose another family, hence the loop until
    nothing changes. Zeros are never hidden: they reveal nobody.
    """
    numbers = {key: value for key, value in values.items() if value is not None}
    hidden = {key for key, value in numbers.items() if _small(value)}
    if not hidden:
        return hidden
    assignments = {key: cells.parse_key(key) for key in numbers}
    families: list[tuple[str, list[str]]] = []
    for parent, assignment in assignments.items():
        split: dict[str, list[str]] = {}
        for key, other in assignments.items():
            extra = set(other) - set(assignment)
            if len(extra) == 1 and all(other.get(d) == v for d, v in assignment.items()):
                split.setdefault(extra.pop(), []).append(key)
        families.extend((parent, children) for children in split.values())
    changed = True
    while changed:
        changed = False
        for parent, children in families:
            if len(hidden.intersection([parent, *children])) != 1:
                continue
            visible = [(numbers[k], k) for k in children if k not in hidden and numbers[k] > 0]
            if visible:
                hidden.add(min(visible)[1])
            elif parent not in hidden and numbers[parent] > 0:
                hidden.add(parent)
            else:
                continue
            changed = True
    return hidden
