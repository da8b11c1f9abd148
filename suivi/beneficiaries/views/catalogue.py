"""The service catalogue page: services with their details and values in
the user's language, trades, centres and their targeting periods; edited
through the catalogue workbook (export, edit, import)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.beneficiaries.forms.catalogue import BaseTargetingPeriods, TargetingPeriods
from suivi.beneficiaries.selectors import catalogue_page, centre_to_edit
from suivi.beneficiaries.services import reference
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404


@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = or_404(catalogue_page(request.user))
    return render(request, "beneficiaries/catalogue.html", {"page": page})


@require_http_methods(["GET", "POST"])
def centre_periods(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The periods the intervention targets a centre: the indicators counting
    "a targeted centre" follow them from the next recomputation."""
    centre = or_404(centre_to_edit(request.user, code))
    initial = [
        {"starts_on": p.starts_on, "ends_on": p.ends_on} for p in centre.targeting_periods.all()
    ]
    formset = TargetingPeriods(request.POST or None, initial=initial, prefix="periods")
    assert isinstance(formset, BaseTargetingPeriods)
    if request.method == "POST" and formset.is_valid():
        saved = perform(
            request,
            lambda: reference.save_centre(
                actor=request.user,
                organisation=centre.organisation,
                code=centre.code,
                name=centre.name,
                city=centre.city,
                region=centre.region,
                periods=formset.periods(),
            ),
            _("The targeting periods have been saved."),
        )
        if saved is not None:
            return redirect("beneficiaries:catalogue")
    return render(
        request, "beneficiaries/centre_periods.html", {"centre": centre, "formset": formset}
    )
