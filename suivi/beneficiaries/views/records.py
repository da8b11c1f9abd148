from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from suivi.beneficiaries import selectors
from suivi.core.http import AuthenticatedHttpRequest


@require_GET
def records_behind(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The records a computed figure counts (a cell of a measurement)."""
    records = selectors.records_behind(
        request.user, pk, request.GET.get("partie", ""), request.GET.get("page")
    )
    if records is None:
        raise Http404
    return render(request, "beneficiaries/records_behind.html", {"records": records})
