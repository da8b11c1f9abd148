"""The capacity app as an indicator source (registered on its AppConfig):
its values are written through `suivi.indicators.services.computed`."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext_lazy as _

from suivi.capacity.models import CapacityDefinition
from suivi.indicators.services.sources import IndicatorSource

SOURCE = IndicatorSource(
    name="capacity",
    label=_("trainings, meetings, companies sensitised and deliverables"),
    describe="suivi.capacity.selectors.described",
    empty_note="suivi.capacity.selectors.why_empty",
)


def definition_version(definition: CapacityDefinition) -> str:
    """A short, stable name of a definition's content: a changed definition
    gets a new one (the indicator's history shows when it changed)."""
    content = {
        "measure": definition.measure,
        "scope": sorted(definition.scope or []),
        "migrants_only": definition.migrants_only,
        "cumulative": definition.cumulative,
        "threshold": str(definition.threshold) if definition.threshold is not None else None,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]
