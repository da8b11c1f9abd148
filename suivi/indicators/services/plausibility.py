"""Plausibility warnings on entered values.

A value may be true and still look wrong: far above the year's target, far
below last year's, or a breakdown that does not add up to its total. Such a
value is saved only with a comment explaining it (`measurements.save_values`
refuses it otherwise): a warning is never a way to store a value silently,
and the reviewer reads the explanation beside the warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from suivi.indicators import cells
from suivi.indicators.models import (
    Indicator,
    IndicatorVersion,
    Measurement,
    MeasurementStatus,
    UnitType,
)

HUNDRED = Decimal(100)
# Above this multiple of the year's target, or below this share of last
# year's value, a value needs an explanation.
ABOVE_TARGET_TIMES = Decimal(2)
BELOW_LAST_YEAR_SHARE = Decimal("0.5")


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def year_target(version: IndicatorVersion, year: int) -> Decimal | None:
    return next(
        (t.value for t in version.targets.all() if t.year == year and t.cell_key == cells.TOTAL),
        None,
    )


def last_year_total(indicator: Indicator, year: int) -> Decimal | None:
    """The approved yearly total of the year before `year` (None without)."""
    previous = (
        Measurement.objects.filter(
            indicator=indicator,
            period__year=year - 1,
            period__quarter=0,
            status=MeasurementStatus.APPROVED,
        )
        .prefetch_related("values")
        .first()
    )
    if previous is None:
        return None
    return next((v.value for v in previous.values.all() if v.cell_key == cells.TOTAL), None)


def warnings(
    *,
    unit: str,
    total: Decimal | None,
    target: Decimal | None,
    last_year: Decimal | None,
    gaps: Sequence[cells.AdditivityGap],
    labels: dict[str, str] | None = None,
) -> list[str]:
    """What looks implausible in a value, in the user's language."""
    found: list[str] = []
    if total is not None and unit == UnitType.PERCENTAGE and total > HUNDRED:
        found.append(_("The rate is above 100 %."))
    if total is not None and target and total > ABOVE_TARGET_TIMES * target:
        found.append(
            _("The value (%(value)s) is more than twice the year's target (%(target)s).")
            % {"value": _plain(total), "target": _plain(target)}
        )
    if total is not None and last_year and total < BELOW_LAST_YEAR_SHARE * last_year:
        found.append(
            _("The value (%(value)s) is less than half of last year's (%(previous)s).")
            % {"value": _plain(total), "previous": _plain(last_year)}
        )
    for gap in gaps:
        whole = (labels or {}).get(gap.whole_key) or (
            _("Total") if gap.whole_key == cells.TOTAL else gap.whole_key
        )
        found.append(
            _("%(whole)s: its parts add up to %(sum)s, not %(value)s.")
            % {"whole": whole, "sum": _plain(gap.parts_sum), "value": _plain(gap.whole)}
        )
    return found
