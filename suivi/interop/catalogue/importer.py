"""Apply a checked catalogue plan through the services, all or nothing.

Trades first (centres offer them), then service types with their details
and links, then centres and their targeting periods. Each service writes
only what differs, so importing the same file twice writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.beneficiaries.services import catalogue, reference
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.interop.catalogue.reader import Plan, read_catalogue
from suivi.interop.catalogue.selectors import Known, known_codes
from suivi.programmes.models import Activity, Intervention, ResultNode

Progress = Callable[[str, int, int], None]


@dataclass
class CatalogueResult:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def count(self, kind: str, code: str, existed: bool, changed: bool) -> None:
        if not existed:
            self.created.append(f"{kind} {code}")
        elif changed:
            self.changed.append(f"{kind} {code}")

    def summary(self) -> str:
        if not self.created and not self.changed:
            return _("Nothing differs from the current catalogue: nothing was written.")
        return (
            ngettext(
                "%(count)d entry created",
                "%(count)d entries created",
                len(self.created),
            )
            % {"count": len(self.created)}
            + ", "
            + ngettext("%(count)d changed.", "%(count)d changed.", len(self.changed))
            % {"count": len(self.changed)}
        )


def import_catalogue(
    *,
    actor: Actor,
    intervention: Intervention | None,
    source: IO[bytes],
    progress: Progress | None = None,
    places: bool = True,
) -> CatalogueResult:
    """Read `source`, then apply it in one transaction. Raises
    CatalogueFileError (nothing written) when the file has issues; a refusal
    by a service (permission, validation) rolls everything back. The links
    to outputs and activities are those of `intervention` (None: left as
    they are); `places=False` imports the services only, without their
    links to organisations."""
    catalogue.require_catalogue_manager(actor)
    known = known_codes(intervention)
    plan = read_catalogue(
        source,
        known,
        progress=(lambda d, t: progress(_("Checking the services"), d, t)) if progress else None,
        places=places,
    )
    plan.intervention, plan.places = intervention, places
    with transaction.atomic():
        result = _apply(actor, plan, known, progress)
        if result.created or result.changed:
            audit.record(
                actor=actor,
                action="interop.catalogue.imported",
                target=intervention,
                detail={"created": len(result.created), "changed": len(result.changed)},
            )
        return result


def _apply(actor: Actor, plan: Plan, known: Known, progress: Progress | None) -> CatalogueResult:
    result = CatalogueResult()
    trades = {}
    for code, labels, technical in plan.trades:
        trades[code], changed = reference.save_trade(
            actor=actor,
            code=code,
            name=labels["fr"],
            name_ar=labels["ar"],
            name_en=labels["en"],
            is_technical=technical,
        )
        result.count(_("trade"), code, code in known.trade_objects, changed)
    total = len(plan.services)
    for position, service in enumerate(plan.services, start=1):
        links = [known.chain[code] for code in service.serves] if known.chain else []
        _type, changed = catalogue.put_service_type(
            actor=actor,
            code=service.code,
            name=service.labels["fr"],
            name_ar=service.labels["ar"],
            name_en=service.labels["en"],
            attributes=service.details,
            needs_centre=service.needs_centre,
            order=service.order,
            is_retired=service.retired,
            organisations=(
                [known.organisations[code] for code in service.organisations]
                if plan.places
                else None
            ),
            outputs=[n for n in links if isinstance(n, ResultNode)] if known.chain else None,
            activities=[n for n in links if isinstance(n, Activity)] if known.chain else None,
            within=plan.intervention,
        )
        result.count(_("service"), service.code, service.code in known.service_types, changed)
        if progress:
            progress(_("Writing the catalogue"), position, total)
    offered = {**known.trade_objects, **trades}
    for centre in plan.centres:
        _centre, changed = reference.save_centre(
            actor=actor,
            organisation=known.organisations[centre.organisation],
            code=centre.code,
            name=centre.name,
            city=centre.city,
            region=centre.region,
            trades=[offered[code] for code in centre.trades],
            periods=centre.periods,
        )
        result.count(_("centre"), centre.code, centre.code in known.centres, changed)
    return result
