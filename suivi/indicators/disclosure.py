"""Small cells: counts of 1 to 4 persons are shown as "< 5".

A handful of vulnerable people can be recognised from a count; so on every
aggregate page and export, computed person counts between 1 and 4 are
suppressed, and when one part of a breakdown is suppressed, the next smallest
part is too (complementary suppression), or the total minus the others would
give it back. The intervention's M&E staff (and the command line) see exact
figures. Entered values and rates are shown as they are: they are not counts
of identifiable persons.

This module holds the rule; the selectors apply it (`selectors.progress`,
`selectors.sheets`, and the records behind a figure in the beneficiaries
app), so what a page, an export or a report receives has the hidden numbers
already removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.actors import Actor, is_system
from suivi.indicators import cells
from suivi.indicators.models import Indicator, UnitType

THRESHOLD = 5
SUPPRESSED = "< 5"


def sees_exact_counts(user: Actor) -> bool:
    return is_system(user) or has_capability(user, Capability.APPROVE_MEASUREMENTS)


def counts_persons(indicator: Indicator, unit: str) -> bool:
    """Whether the values of `indicator` are counts of identifiable persons
    (computed from person records, unit count): the values suppressed."""
    return indicator.is_computed and unit == UnitType.COUNT


def _small(number: object) -> bool:
    return isinstance(number, int | float | Decimal) and 0 < number < THRESHOLD


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
