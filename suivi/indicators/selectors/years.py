"""The years an intervention's indicators hold records of — programmes'
`years_in_use` hook (`suivi/programmes/hooks.py`): an intervention's dates
may not be changed to leave one of them out. Read with the system's scope:
it guards a write and shows nothing of the records."""

from __future__ import annotations

from django.utils.translation import gettext as _

from suivi.indicators.models import IndicatorVersion, Measurement, Target
from suivi.programmes.models import Intervention


def years_in_use(intervention: Intervention) -> dict[int, str]:
    """Each year with a value (entered or computed) or a yearly target of a
    current indicator version, and which of the two (values first)."""
    found: dict[int, str] = {}
    current = IndicatorVersion.objects.filter(indicator__intervention=intervention).current()
    targets = Target.objects.filter(version__in=current).exclude(year=0)
    for year in targets.values_list("year", flat=True).distinct():
        found[year] = _("indicator targets")
    values = Measurement.objects.filter(period__intervention=intervention)
    for year in values.values_list("period__year", flat=True).distinct():
        found[year] = _("indicator values")
    return found
