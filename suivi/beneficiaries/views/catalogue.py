"""The service catalogue page: services with their details and values in
the user's language, trades, centres and their targeting periods; edited
through the catalogue workbook (export, edit, import)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from suivi.beneficiaries.selectors import catalogue_page
from suivi.core.http import AuthenticatedHttpRequest, or_404


@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = or_404(catalogue_page(request.user))
    return render(request, "beneficiaries/catalogue.html", {"page": page})
