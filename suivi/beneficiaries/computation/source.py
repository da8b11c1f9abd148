"""The beneficiaries app as an indicator source (registered on its AppConfig):
its values are written through `suivi.indicators.services.computed`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from suivi.indicators.services.sources import IndicatorSource

SOURCE = IndicatorSource(
    name="beneficiaries",
    label=_("person records"),
    describe="suivi.beneficiaries.selectors.catalogue.computation_described",
    check="suivi.beneficiaries.selectors.catalogue.check_definition",
    explain="suivi.beneficiaries.selectors.catalogue.rules_in_words",
    edit_url="beneficiaries:definition",
)


def definition_version(spec: dict[str, Any]) -> str:
    """A short, stable name of a definition's content: a changed definition
    gets a new one (the indicator's history shows when it changed)."""
    canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]
