"""Apply a validated logframe plan through the services, all or nothing.

The file describes the whole framework: results, activities and indicators
present are created or brought up to date; those absent are withdrawn (kept
with their values). When nothing differs, nothing is written, not even a
revision, so importing the same file twice changes nothing. The translations
of indicator wordings are not part of what is measured: they are brought to
the file's on the current versions without a revision (a file that changes
only them makes none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.beneficiaries.computation.source import SOURCE
from suivi.beneficiaries.services import computation
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.indicators.services import definitions
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.interop.logframe.reader import Plan, read_workbook
from suivi.interop.logframe.selectors import current_versions
from suivi.programmes import services as programme_services
from suivi.programmes.models import Activity, Intervention, LogframeRevision, ResultNode

Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    revision: LogframeRevision | None
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    # Indicators whose wording's translations changed (no revision for that).
    translated: list[str] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.changed or self.retired)

    def summary(self) -> str:
        count = len(self.translated)
        if self.revision is None and count:
            return ngettext(
                "No revision: only the translations of %(count)d indicator wording changed.",
                "No revision: only the translations of %(count)d indicator wordings changed.",
                count,
            ) % {"count": count}
        if self.revision is None:
            return _("Nothing differs from the current framework: nothing was written.")
        revised = _(
            "Revision %(number)d: %(created)d new, %(changed)d changed, %(retired)d removed."
        ) % {
            "number": self.revision.number,
            "created": len(self.created),
            "changed": len(self.changed),
            "retired": len(self.retired),
        }
        if not count:
            return revised
        return " ".join(
            [
                revised,
                ngettext(
                    "Translations changed: %(count)d indicator wording.",
                    "Translations changed: %(count)d indicator wordings.",
                    count,
                )
                % {"count": count},
            ]
        )


class _UnchangedRollbackError(Exception):
    pass


def import_logframe(
    *,
    actor: Actor,
    intervention: Intervention,
    source: IO[bytes] | str,
    label: str = "",
    reason: str = "",
    decision_reference: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Read `source`, then apply it in one transaction. Raises
    LogframeFileError (nothing written) when the file has issues."""

    def step(name: str) -> Callable[[int, int], None]:
        return lambda done, total: progress(name, done, total) if progress else None

    plan = read_workbook(source, intervention, progress=step(_("Checking indicators")))
    with transaction.atomic():
        result = _revise(actor, intervention, plan, step, label, reason, decision_reference)
        result.translated = _translate(actor, intervention, plan)
    return result


def _revise(
    actor: Actor,
    intervention: Intervention,
    plan: Plan,
    step: Callable[[str], Callable[[int, int], None]],
    label: str,
    reason: str,
    decision_reference: str,
) -> ImportResult:
    """What the file changes in the framework, in one revision; none (and
    nothing written) when nothing differs."""
    meta = plan.revision
    try:
        with transaction.atomic():
            revision = programme_services.open_revision(
                actor=actor,
                intervention=intervention,
                label=label or meta.get("label") or _("Imported logframe"),
                reason=reason or meta.get("reason") or _("Logframe imported from a workbook"),
                decision_reference=decision_reference or meta.get("decision_reference", ""),
                effective_date=meta.get("effective_date"),
            )
            result = _apply(actor, revision, plan, step(_("Writing")))
            if not result.changes_anything:
                raise _UnchangedRollbackError
            audit.record(
                actor=actor,
                action="interop.logframe.imported",
                target=revision,
                detail={
                    "created": len(result.created),
                    "changed": len(result.changed),
                    "retired": len(result.retired),
                },
            )
            return result
    except _UnchangedRollbackError:
        return ImportResult(revision=None)


def _translate(actor: Actor, intervention: Intervention, plan: Plan) -> list[str]:
    """Bring the translations of the current versions to the file's (a
    column the file lacks leaves them); the codes whose translations changed."""
    given = [
        item for item in plan.indicators if item.title_ar is not None or item.title_en is not None
    ]
    if not given:
        return []
    versions = current_versions(intervention, [item.code for item in given])
    translated = []
    for item in given:
        if definitions.translate_version(
            actor=actor, version=versions[item.code], title_ar=item.title_ar, title_en=item.title_en
        ):
            translated.append(item.code)
    return translated


def _apply(
    actor: Actor, revision: LogframeRevision, plan: Plan, progress: Callable[[int, int], None]
) -> ImportResult:
    result = ImportResult(revision=revision)
    intervention = revision.intervention

    def note(code: str, changed: list[str]) -> None:
        if "code" in changed:
            result.created.append(code)
        elif changed:
            result.changed.append(code)

    results: dict[str, ResultNode] = {}
    # Parents before children: the chain sheet may list them in any order.
    depth = {"impact": 0, "outcome": 1, "output": 2}
    for order, row in sorted(
        ((i, r) for i, r in enumerate(plan.chain) if r.level != "activity"),
        key=lambda item: depth[item[1].level],
    ):
        node, changed = programme_services.put_result(
            actor=actor,
            revision=revision,
            code=row.code,
            level=row.level,
            title=row.title,
            title_ar=row.title_ar,
            title_en=row.title_en,
            parent=results.get(row.parent_code),
            budget_code=row.budget_code,
            assumptions=row.assumptions,
            assumptions_ar=row.assumptions_ar,
            assumptions_en=row.assumptions_en,
            order=order,
        )
        results[row.code] = node
        note(row.code, changed)
    activity_codes = set()
    for order, row in enumerate(plan.chain):
        if row.level != "activity":
            continue
        _activity, changed = programme_services.put_activity(
            actor=actor,
            revision=revision,
            code=row.code,
            output=results[row.parent_code],
            title=row.title,
            title_ar=row.title_ar,
            title_en=row.title_en,
            budget_code=row.budget_code,
            execution_mode=row.execution_mode,
            order=order,
        )
        activity_codes.add(row.code)
        note(row.code, changed)
    activities = {a.code: a for a in Activity.objects.filter(intervention=intervention)}
    for (code, year), titles in (plan.actions or {}).items():
        if programme_services.plan_actions(
            actor=actor, activity=activities[code], year=year, titles=titles
        ):
            result.changed.append(f"{code} ({year})")

    indicator_codes = set()
    rules = plan.definitions or {}
    for position, item in enumerate(plan.indicators, start=1):
        spec = IndicatorSpec(
            code=item.code,
            result=results[item.result_code],
            title=item.title,
            title_ar=item.title_ar,
            title_en=item.title_en,
            unit=item.unit,
            aggregation=item.aggregation,
            direction=item.direction,
            frequency=item.frequency,
            source_of_verification=item.source_of_verification,
            responsible_organisation=item.responsible,
            dimensions=list(item.dimensions),
            baseline_value=item.baseline_value,
            baseline_year=item.baseline_year,
            baseline_comment=item.baseline_comment,
            replaces_code=item.replaces_code,
            is_computed=item.is_computed,
            targets=[TargetSpec(year, value, cell) for year, cell, value in item.targets],
            definition=rules.get(item.code),
            computed_by=SOURCE.name if item.code in rules else "",
        )
        indicator, changed = definitions.put_indicator(actor=actor, revision=revision, spec=spec)
        if item.code in rules:
            # The records source computes it from now on, by this rule.
            computation.put_definition_in_force(actor=actor, indicator=indicator, revision=revision)
        indicator_codes.add(item.code)
        note(item.code, changed)
        progress(position, len(plan.indicators))

    current = intervention.indicators.filter(retired_in__isnull=True).exclude(
        code__in=indicator_codes
    )
    for indicator in current:
        definitions.retire_indicator(actor=actor, revision=revision, indicator=indicator)
        result.retired.append(indicator.code)
    for activity in Activity.objects.filter(
        intervention=intervention, retired_in__isnull=True
    ).exclude(code__in=activity_codes):
        programme_services.retire_chain_element(actor=actor, revision=revision, element=activity)
        result.retired.append(activity.code)
    for node in ResultNode.objects.filter(
        intervention=intervention, retired_in__isnull=True
    ).exclude(code__in=results):
        programme_services.retire_chain_element(actor=actor, revision=revision, element=node)
        result.retired.append(node.code)
    return result
