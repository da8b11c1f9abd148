"""The indicator sheet and evidence downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators import charts, policies
from suivi.indicators.forms.translation import TranslationForm
from suivi.indicators.selectors.sheets import (
    evidence_to_download,
    indicator_for,
    indicator_sheet,
    rule_links,
)


@require_GET
def sheet(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    indicator = or_404(indicator_for(request.user, pk))
    data = indicator_sheet(request.user, indicator)
    years = indicator.intervention.years
    may_define = policies.may_manage_definitions(request.user)
    return render(
        request,
        "indicators/sheet.html",
        {
            "sheet": data,
            "indicator": indicator,
            "years": years,
            "chart": charts.values_over_years(data, years),
            "may_enter": policies.may_enter_values(request.user, indicator),
            "may_define": may_define,
            "translation_form": TranslationForm(version=data.current)
            if may_define and indicator.retired_in_id is None
            else None,
            "rule_links": rule_links(indicator),
            "may_list_records": policies.may_list_records(request.user),
        },
    )


@require_GET
def evidence_download(request: AuthenticatedHttpRequest, pk: str) -> FileResponse:
    """Stream a supporting file to a user who may see its indicator."""
    evidence = or_404(evidence_to_download(request.user, pk))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
