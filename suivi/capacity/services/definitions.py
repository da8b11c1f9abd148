"""How an indicator is computed from the capacity registers (a definition the
M&E officer reads and changes), and the refresh that writes the values
through the indicators app's computed-values service."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.capacity import compute, policies, selectors
from suivi.capacity.describe import scope_choices
from suivi.capacity.indicators import SOURCE, definition_version
from suivi.capacity.models import CapacityDefinition, Measure, Register
from suivi.capacity.services.common import TEXT, clean, save
from suivi.core.actors import Actor, system
from suivi.indicators import policies as indicator_policies
from suivi.indicators.models import Indicator, UnitType
from suivi.indicators.services import computed, sources
from suivi.indicators.services.computed import ComputedFigure, WriteReport
from suivi.indicators.services.measurements import CellValue
from suivi.programmes.models import Intervention

READER = system("capacity: indicators refreshed")


def _check(
    *,
    indicator: Indicator,
    measure: str,
    scope: Sequence[str],
    threshold: Decimal | None,
) -> list[str]:
    errors: dict[str, list[str]] = {}
    if measure not in Measure.values:
        raise ValidationError({"measure": _("Choose a measure.")})
    register = compute.REGISTER_OF[measure]
    allowed = {code for code, _label in scope_choices(register)}
    unknown = [code for code in scope if code not in allowed]
    if unknown:
        errors["scope"] = [_("Unknown choice: %(codes)s.") % {"codes": ", ".join(unknown)}]
    version = indicator.current_version()
    unit = version.unit if version else ""
    wanted = UnitType.PERCENTAGE if measure in compute.SHARES else UnitType.COUNT
    if unit != wanted:
        errors["measure"] = [
            _("This measure gives a %(wanted)s; the indicator's unit is %(unit)s.")
            % {"wanted": UnitType(wanted).label, "unit": UnitType(unit).label if unit else "—"}
        ]
    if measure == Measure.KNOWLEDGE_THRESHOLD and threshold is None:
        errors["threshold"] = [_("Give the threshold, in percent of the maximum score.")]
    if threshold is not None and not Decimal(0) <= threshold <= Decimal(100):
        errors["threshold"] = [_("A threshold is between 0 and 100.")]
    if errors:
        raise ValidationError(errors)
    return sorted(set(scope))


@transaction.atomic
def define(
    *,
    actor: Actor,
    indicator: Indicator,
    measure: str,
    scope: Sequence[str] = (),
    migrants_only: bool = False,
    cumulative: bool = False,
    threshold: Decimal | None = None,
    note: str = "",
    note_ar: str | None = None,
    note_en: str | None = None,
    from_year: int,
    reason: str,
) -> CapacityDefinition:
    """State how `indicator` is computed from the capacity registers, declare
    it computed by this source from `from_year` (earlier years and entered
    values stay), and compute its values. Saying it again with the same terms
    writes nothing. `note_ar` and `note_en` are the note in Arabic and English;
    not given (None), the stored ones stay while the French note is unchanged
    and are cleared when it changes (they would translate an older note)."""
    if not policies.may_define_indicators(actor):
        raise PermissionDenied
    if indicator.is_computed and indicator.computed_source not in ("", SOURCE.name):
        raise ValidationError({"indicator": _("This indicator is computed by another source.")})
    scope = _check(indicator=indicator, measure=measure, scope=scope, threshold=threshold)
    existing = CapacityDefinition.objects.filter(indicator=indicator).first()
    texts = clean({"note": (TEXT, note)})
    same_note = existing is not None and existing.note == texts["note"]
    if note_ar is None:
        note_ar = existing.note_ar if existing is not None and same_note else ""
    if note_en is None:
        note_en = existing.note_en if existing is not None and same_note else ""
    texts.update(clean({"note_ar": (TEXT, note_ar), "note_en": (TEXT, note_en)}))
    if compute.REGISTER_OF[measure] != Register.DELIVERABLE:
        migrants_only = False
    if measure != Measure.KNOWLEDGE_THRESHOLD:
        threshold = None
    values = {
        "indicator": indicator,
        "measure": measure,
        "scope": scope,
        "migrants_only": migrants_only,
        "cumulative": cumulative,
        "threshold": threshold,
        **texts,
    }
    definition = save(
        existing or CapacityDefinition(),
        values,
        actor=actor,
        prefix="capacity.definition",
        created=existing is None,
    )
    sources.declare_computed(
        actor=actor, indicator=indicator, source=SOURCE.name, from_year=from_year, reason=reason
    )
    refresh(actor=actor, intervention=indicator.intervention)
    return definition


def figures(
    definitions: Sequence[CapacityDefinition], records: compute.Records, split: set[object]
) -> list[ComputedFigure]:
    """Each definition's figure for every year of its intervention from the
    year it is declared computed."""
    found: list[ComputedFigure] = []
    for definition in definitions:
        indicator = definition.indicator
        if indicator.computed_source != SOURCE.name or indicator.computed_from_year is None:
            continue
        version = definition_version(definition)
        for year in indicator.intervention.years:
            if year < indicator.computed_from_year:
                continue
            result = compute.figure(definition, records, year, by_sex=indicator.pk in split)
            cells = (
                {
                    key: CellValue(key, cell.value, cell.numerator, cell.denominator)
                    for key, cell in result.items()
                }
                if result is not None
                else None
            )
            found.append(ComputedFigure(indicator, year, cells, version))
    return found


@transaction.atomic
def refresh_all(*, actor: Actor) -> int:
    """Recompute the capacity indicators of every intervention that has some
    (the definitions page's button); returns how many interventions."""
    if not policies.may_define_indicators(actor):
        raise PermissionDenied
    interventions = {d.indicator.intervention for d in selectors.definitions(READER)}
    for intervention in interventions:
        refresh(actor=actor, intervention=intervention)
    return len(interventions)


@transaction.atomic
def refresh(*, actor: Actor, intervention: Intervention) -> WriteReport:
    """Recompute every capacity-computed indicator of `intervention` from all
    its records (read with the system's scope, whoever triggered it) and
    write them through the indicators app; `actor` is named in the audit
    trail when they may write indicator values, else the system is."""
    definitions = selectors.definitions(READER, intervention)
    if not definitions:
        return WriteReport()
    records = selectors.computation_records(READER, intervention)
    split = selectors.by_sex(d.indicator for d in definitions)
    writer = actor if indicator_policies.may_manage_definitions(actor) else READER
    return computed.write_computed(
        actor=writer, source=SOURCE.name, figures=figures(definitions, records, split)
    )
