"""The indicator sheet and evidence downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from suivi.core import audit
from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators import policies
from suivi.indicators.models import Evidence
from suivi.indicators.selectors.sheets import indicator_sheet, indicators_for


@require_GET
def sheet(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    indicator = get_object_or_404(indicators_for(request.user), pk=pk)
    data = indicator_sheet(request.user, indicator)
    years = indicator.intervention.years
    return render(
        request,
        "indicators/sheet.html",
        {
            "sheet": data,
            "indicator": indicator,
            "years": years,
            "may_enter": policies.may_enter_values(request.user, indicator),
            "may_define": policies.may_manage_definitions(request.user),
            "may_list_records": policies.may_list_records(request.user),
        },
    )


@require_GET
def evidence_download(request: AuthenticatedHttpRequest, pk: str) -> FileResponse:
    """Stream a supporting file to a user who may see its indicator."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("measurement"),
        pk=pk,
        measurement__indicator__in=indicators_for(request.user),
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    audit.record(actor=request.user, action="indicators.evidence.viewed", target=evidence)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
