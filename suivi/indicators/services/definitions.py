"""Indicators, their versions and targets; disaggregation reference lists."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.core import audit, changes, text
from suivi.core.actors import Actor, as_user
from suivi.indicators import cells, policies
from suivi.indicators.models import (
    Dimension,
    DimensionValue,
    Indicator,
    IndicatorVersion,
    Target,
    UnitType,
)
from suivi.indicators.services import sources
from suivi.programmes.models import LogframeRevision, ResultNode


@dataclass(frozen=True)
class TargetSpec:
    year: int  # Target.FINAL (0) for the final target
    value: Decimal
    cell_key: str = cells.TOTAL


@dataclass(frozen=True)
class IndicatorSpec:
    """Everything that defines one version of an indicator."""

    code: str
    result: ResultNode
    title: str
    unit: str
    aggregation: str
    direction: str = "increase"
    frequency: str = "annual"
    source_of_verification: str = ""
    responsible_organisation: Organisation | None = None
    dimensions: Sequence[Dimension] = ()
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    baseline_comment: str = ""
    targets: Sequence[TargetSpec] = ()
    replaces_code: str = ""
    # Values follow from person records (beneficiaries app): never typed in.
    is_computed: bool = False
    # How they follow, as the source `computed_by` states it; None keeps the
    # previous version's (a definition is changed, never silently dropped).
    definition: dict[str, Any] | None = None
    computed_by: str = ""
    # The wording in Arabic and English. Not part of what is measured: a
    # difference here alone makes no new version (see `translate_version`).
    # None: a new version keeps the previous version's translations when its
    # French wording is the same, and has none when the wording changed.
    title_ar: str | None = None
    title_en: str | None = None


VERSIONED_FIELDS = (
    "result",
    "title",
    "unit",
    "aggregation",
    "direction",
    "frequency",
    "source_of_verification",
    "responsible_organisation",
    "baseline_value",
    "baseline_year",
    "baseline_comment",
    "definition",
)


def dimension_specs(dimensions: Sequence[Dimension]) -> list[cells.DimensionSpec]:
    return [
        cells.DimensionSpec(
            d.code,
            # .all() then filter, so that a prefetch of the values is used.
            tuple(v.code for v in d.values.all() if v.is_active),
            d.is_exhaustive,
        )
        for d in dimensions
    ]


def _cleaned(spec: IndicatorSpec) -> IndicatorSpec:
    """`spec` with its texts cleaned (`suivi.core.text`), or a ValidationError
    naming each field holding a control character."""
    texts = text.clean_fields(
        {
            "code": (text.clean_line, spec.code),
            "title": (text.clean_line, spec.title),
            "source_of_verification": (text.clean_text, spec.source_of_verification),
            "baseline_comment": (text.clean_text, spec.baseline_comment),
            "replaces": (text.clean_line, spec.replaces_code),
            **_translations(spec.title_ar, spec.title_en),
        }
    )
    return dataclasses.replace(
        spec,
        title_ar=texts.get("title_ar"),
        title_en=texts.get("title_en"),
        code=texts["code"],
        title=texts["title"],
        source_of_verification=texts["source_of_verification"],
        baseline_comment=texts["baseline_comment"],
        replaces_code=texts["replaces"],
    )


def _translations(title_ar: str | None, title_en: str | None) -> dict[str, tuple[text.Rule, str]]:
    """The rules cleaning the translations given (not None), one line each."""
    given = {"title_ar": title_ar, "title_en": title_en}
    return {name: (text.clean_line, value) for name, value in given.items() if value is not None}


def _carried_translations(spec: IndicatorSpec, previous: IndicatorVersion | None) -> dict[str, str]:
    """The translations of a new version: those given, else the previous
    version's while the French wording is the same (a translation of another
    wording would be wrong: blank shows the French)."""
    same_wording = previous is not None and previous.title == spec.title
    return {
        name: given
        if given is not None
        else (getattr(previous, name) if same_wording and previous else "")
        for name, given in (("title_ar", spec.title_ar), ("title_en", spec.title_en))
    }


def _validate(spec: IndicatorSpec, revision: LogframeRevision) -> None:
    errors: dict[str, list[str]] = {}
    intervention = revision.intervention
    if spec.result.intervention_id != intervention.pk:
        errors.setdefault("result", []).append(_("This result belongs to another intervention."))
    if spec.unit not in UnitType.values:
        errors.setdefault("unit", []).append(_("Unknown unit type."))
    allowed = set(cells.all_cells(dimension_specs(spec.dimensions)))
    seen: set[tuple[int, str]] = set()
    for target in spec.targets:
        if target.year != Target.FINAL and not intervention.covers_year(target.year):
            errors.setdefault("targets", []).append(
                _("The target year %(year)s is outside the intervention's dates.")
                % {"year": target.year}
            )
        if spec.unit == UnitType.PERCENTAGE and not (0 <= target.value <= 100):
            errors.setdefault("targets", []).append(
                _("A percentage target must lie between 0 and 100.")
            )
        if target.cell_key not in allowed:
            errors.setdefault("targets", []).append(
                _("The cell %(cell)s does not exist for this disaggregation.")
                % {"cell": target.cell_key}
            )
        if (target.year, target.cell_key) in seen:
            errors.setdefault("targets", []).append(_("The same target is given twice."))
        seen.add((target.year, target.cell_key))
    baseline = spec.baseline_value
    if spec.unit == UnitType.PERCENTAGE and baseline is not None and not (0 <= baseline <= 100):
        errors.setdefault("baseline_value", []).append(
            _("A percentage must lie between 0 and 100.")
        )
    if (
        spec.replaces_code
        and not Indicator.objects.filter(intervention=intervention, code=spec.replaces_code)
        .exclude(code=spec.code)
        .exists()
    ):
        errors.setdefault("replaces", []).append(
            _("No indicator %(code)s to replace in this intervention.")
            % {"code": spec.replaces_code}
        )
    if spec.definition is not None:
        _check_definition(spec, errors)
    if errors:
        raise ValidationError(errors)


def _check_definition(spec: IndicatorSpec, errors: dict[str, list[str]]) -> None:
    """The source that computes the indicator checks what its definition
    names (this app only keeps it)."""
    if not spec.is_computed:
        errors.setdefault("definition", []).append(
            _("Only an indicator computed from records has a computation rule.")
        )
        return
    try:
        sources.registered_source(spec.computed_by).check_definition(spec.definition or {})
    except ValidationError as error:
        errors.setdefault("definition", []).extend(error.messages)


def _replaced(spec: IndicatorSpec, revision: LogframeRevision) -> Indicator | None:
    if not spec.replaces_code:
        return None
    return Indicator.objects.get(intervention=revision.intervention, code=spec.replaces_code)


def _target_set(targets: Sequence[TargetSpec]) -> set[tuple[int, str, Decimal]]:
    return {(t.year, t.cell_key, Decimal(t.value).normalize()) for t in targets}


def _differences(version: IndicatorVersion, spec: IndicatorSpec) -> list[str]:
    changed = [f for f in VERSIONED_FIELDS if getattr(version, f) != getattr(spec, f)]
    if {d.pk for d in version.dimensions.all()} != {d.pk for d in spec.dimensions}:
        changed.append("dimensions")
    current_targets = [TargetSpec(t.year, t.value, t.cell_key) for t in version.targets.all()]
    if _target_set(current_targets) != _target_set(spec.targets):
        changed.append("targets")
    return changed


@transaction.atomic
def put_indicator(
    *,
    actor: Actor,
    revision: LogframeRevision,
    spec: IndicatorSpec,
    reason: str = "",
    decision_reference: str = "",
) -> tuple[Indicator, list[str]]:
    """Create the indicator `spec.code`, or, when its current definition
    differs from `spec`, add a new version in `revision` (returning the names
    of what changed; none means nothing was written). Measurements hang on the
    indicator, not on a version, so a revision never touches a value."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    spec = _cleaned(spec)
    notes = text.clean_fields(
        {
            "reason": (text.clean_text, reason),
            "decision_reference": (text.clean_line, decision_reference),
        }
    )
    reason, decision_reference = notes["reason"], notes["decision_reference"]
    _validate(spec, revision)
    indicator = Indicator.objects.filter(intervention=revision.intervention, code=spec.code).first()
    replaces = _replaced(spec, revision)
    previous = None
    if indicator is None:
        indicator = Indicator(
            intervention=revision.intervention,
            code=spec.code,
            introduced_in=revision,
            replaces=replaces,
            is_computed=spec.is_computed,
        )
        indicator.full_clean()
        indicator.save()
        changed = ["code", *VERSIONED_FIELDS, "dimensions", "targets"]
    else:
        previous = indicator.current_version()
        if spec.definition is None and previous is not None:
            spec = dataclasses.replace(spec, definition=previous.definition)
        changed = _differences(previous, spec) if previous else list(VERSIONED_FIELDS)
        if indicator.retired_in_id is not None:
            indicator.retired_in = None
            changed.append("retired_in")
        if indicator.replaces_id != (replaces.pk if replaces else None):
            indicator.replaces = replaces
            changed.append("replaces")
        if indicator.is_computed != spec.is_computed:
            indicator.is_computed = spec.is_computed
            changed.append("is_computed")
        if {"retired_in", "replaces", "is_computed"} & set(changed):
            indicator.save(update_fields=["retired_in", "replaces", "is_computed", "updated_at"])
        if not changed:
            return indicator, []
    version = IndicatorVersion(
        indicator=indicator,
        number=(previous.number + 1) if previous else 1,
        revision=revision,
        reason=reason or revision.reason,
        decision_reference=decision_reference or revision.decision_reference,
        created_by=as_user(actor),
        **_carried_translations(spec, previous),
        **{f: getattr(spec, f) for f in VERSIONED_FIELDS},
    )
    version.full_clean()
    version.save()
    version.dimensions.set(spec.dimensions)
    Target.objects.bulk_create(
        Target(version=version, year=t.year, cell_key=t.cell_key, value=t.value)
        for t in spec.targets
    )
    audit.record(
        actor=actor,
        action="indicators.indicator.created"
        if previous is None
        else "indicators.indicator.revised",
        target=indicator,
        changed_fields=changed,
        detail={"revision": revision.number, "version": version.number},
    )
    return indicator, changed


def spec_of(version: IndicatorVersion) -> IndicatorSpec:
    """What defines `version`, to state it again with one thing changed."""
    indicator = version.indicator
    return IndicatorSpec(
        code=indicator.code,
        targets=[TargetSpec(t.year, t.value, t.cell_key) for t in version.targets.all()],
        dimensions=list(version.dimensions.all()),
        replaces_code=indicator.replaces.code if indicator.replaces else "",
        is_computed=indicator.is_computed,
        computed_by=indicator.computed_source,
        title_ar=version.title_ar,
        title_en=version.title_en,
        **{f: getattr(version, f) for f in VERSIONED_FIELDS},
    )


@transaction.atomic
def translate_version(
    *,
    actor: Actor,
    version: IndicatorVersion,
    title_ar: str | None = None,
    title_en: str | None = None,
) -> list[str]:
    """Set or correct the Arabic and English wordings of `version` (None
    leaves that one as it is; blank shows the French wording). A translation
    does not change what is measured: no new version, no logframe revision.
    Returns the names of what changed (none: nothing was written)."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    texts = text.clean_fields(_translations(title_ar, title_en))
    before = changes.snapshot(version)
    for name, value in texts.items():
        setattr(version, name, value)
    return changes.update(
        version,
        before,
        actor=actor,
        action="indicators.version.translated",
        detail={"version": version.number},
    )


@transaction.atomic
def put_definition(
    *,
    actor: Actor,
    revision: LogframeRevision,
    indicator: Indicator,
    definition: dict[str, Any],
    computed_by: str,
    reason: str,
    decision_reference: str = "",
) -> IndicatorVersion:
    """State how `indicator`'s values follow from the records (as the source
    `computed_by` reads it): a new version in `revision`, everything else
    of the current one carried over, with `reason` (required: DTF §8.5 asks
    why an indicator changes). The same definition again writes nothing and
    returns the current version."""
    current = indicator.current_version()
    if current is None:
        raise ValidationError(_("This indicator has no version to compute."))
    if not text.clean_text(reason):
        raise ValidationError({"reason": [_("Say why the computation rule changes.")]})
    spec = dataclasses.replace(
        spec_of(current), is_computed=True, computed_by=computed_by, definition=definition
    )
    put_indicator(
        actor=actor,
        revision=revision,
        spec=spec,
        reason=reason,
        decision_reference=decision_reference,
    )
    version = indicator.current_version()
    assert version is not None
    return version


@transaction.atomic
def retire_indicator(*, actor: Actor, revision: LogframeRevision, indicator: Indicator) -> None:
    """Withdraw an indicator from the current framework; its versions and
    values stay for the history and past reports."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    if indicator.retired_in_id is not None:
        return
    before = changes.snapshot(indicator)
    indicator.retired_in = revision
    changes.update(
        indicator,
        before,
        actor=actor,
        action="indicators.indicator.retired",
        detail={"revision": revision.number},
    )


def _value_names(value: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
    code, fr, ar, en = value
    names = text.clean_labels(fr, ar, en)
    return code, names["name"], names["name_ar"], names["name_en"]


@transaction.atomic
def put_dimension(
    *,
    actor: Actor,
    code: str,
    name: str,
    values: Sequence[tuple[str, str, str, str]],
    name_ar: str = "",
    name_en: str = "",
    is_exhaustive: bool = True,
    order: int | None = None,
) -> Dimension:
    """Create a disaggregation dimension, or add the values it lacks.
    `values` are (code, French, Arabic, English) names. Existing values are
    never removed: past values refer to them. Lists keep the order things
    were added in: a new dimension comes after the others (unless `order`
    says otherwise), a new value after the dimension's values."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    names = text.clean_labels(name, name_ar, name_en)
    name, name_ar, name_en = names["name"], names["name_ar"], names["name_en"]
    values = [_value_names(value) for value in values]
    dimension = Dimension.objects.filter(code=code).first()
    if dimension is None:
        dimension = changes.create(
            Dimension(
                code=code,
                name=name,
                name_ar=name_ar,
                name_en=name_en,
                is_exhaustive=is_exhaustive,
                order=Dimension.objects.count() if order is None else order,
            ),
            actor=actor,
            action="indicators.dimension.created",
        )
    existing = set(dimension.values.values_list("code", flat=True))
    for position, (value_code, fr, ar, en) in enumerate(values, start=len(existing)):
        if value_code in existing:
            continue
        changes.create(
            DimensionValue(
                dimension=dimension,
                code=value_code,
                name=fr,
                name_ar=ar,
                name_en=en,
                order=position,
            ),
            actor=actor,
            action="indicators.dimension_value.created",
        )
    return dimension
