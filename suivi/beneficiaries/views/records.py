from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from suivi.beneficiaries import selectors
from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators.models import MeasurementValue
from suivi.indicators.policies import may_list_records
from suivi.indicators.selectors.sheets import cell_label, indicators_for
from suivi.indicators.services.measurements import current_version


@require_GET
def records_behind(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The records a computed figure counts (a cell of a measurement)."""
    value = get_object_or_404(
        MeasurementValue.objects.select_related(
            "measurement", "measurement__indicator", "measurement__period"
        ),
        pk=pk,
        measurement__indicator__in=indicators_for(request.user),
        measurement__source="computed",
    )
    if not may_list_records(request.user):
        raise Http404
    part = request.GET.get("partie", "")
    if part not in ("", "numerator", "denominator"):
        part = ""
    indicator = value.measurement.indicator
    dimensions = list(current_version(indicator).dimensions.all())
    return render(
        request,
        "beneficiaries/records_behind.html",
        {
            "value": value,
            "indicator": indicator,
            "cell": cell_label(value.cell_key, dimensions),
            "records": selectors.records_behind(request.user, value, part, request.GET.get("page")),
            "part": part,
        },
    )
