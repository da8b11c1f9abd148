"""What a draft definition of a computed indicator would give, before it is
saved: evaluated over the current records by the SQL engine, nothing written.

For the definition form::

    spec = spec_module.parse(raw)        # ValidationError on a bad definition
    dimensions = dimension_specs(list(version.dimensions.all()))
    results = preview(spec, dimensions, actor=request.user)
    results[2020][""].value              # the total of 2020
    results[2020]["sex=women"]           # a CellResult (value, numerator, denominator)
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied

from suivi.beneficiaries.computation import engine, sql
from suivi.beneficiaries.computation.engine import CellResult
from suivi.beneficiaries.computation.spec import Spec
from suivi.core.actors import Actor
from suivi.indicators import cells
from suivi.indicators.policies import may_manage_definitions


def preview(
    spec: Spec,
    dimensions: Sequence[cells.DimensionSpec],
    *,
    actor: Actor,
    years: Sequence[int] | None = None,
) -> dict[int, dict[str, CellResult]]:
    """year → cell key → result of `spec` over every published record, in the
    shape of `engine.evaluate` (the cells of `dimensions`: the total, each
    dimension and their crossings; a rate's numerator and denominator).

    One grouped statement (`computation.sql.grouped`); nothing is stored,
    nothing is audited (aggregates only). Every year with facts is given,
    `years` restricts them; unlike the stored values, it ignores locked
    periods and the year the indicator was declared computed from, and a
    year without facts is absent (no measured 0). Only who may manage the
    results framework may preview (PermissionDenied otherwise)."""
    if not may_manage_definitions(actor):
        raise PermissionDenied
    return engine.tally(sql.grouped(spec, years), spec.measure, dimensions)
