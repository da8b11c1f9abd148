"""The service catalogue page: services with their details and values in
the user's language, trades, centres and their targeting periods; edited
in pages (a service type with its details, a centre, a trade, a centre's
periods) or through the catalogue workbook (export, edit, import)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.beneficiaries.forms.catalogue import (
    BaseTargetingPeriods,
    CentreForm,
    TargetingPeriods,
    TradeForm,
)
from suivi.beneficiaries.forms.service_types import (
    BaseDetails,
    DetailForm,
    Details,
    ServiceTypeForm,
    initial_details,
)
from suivi.beneficiaries.selectors import catalogue_page, centre_to_edit
from suivi.beneficiaries.selectors.catalogue import (
    catalogue_choices,
    service_type_to_edit,
    trade_to_edit,
)
from suivi.beneficiaries.services import catalogue as catalogue_services
from suivi.beneficiaries.services import reference
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators.policies import may_manage_definitions


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


@require_http_methods(["GET", "POST"])
def service_type_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    """Declare a service type, or change one: labels, who records it, what it
    serves, retired or not, and its details with their values. Checked like
    the workbook (a value in use is retired, never removed; a detail in use
    keeps its type); nothing is written while a field has an issue."""
    choices = or_404(catalogue_choices(request.user))
    event_type = or_404(service_type_to_edit(request.user, code)) if code is not None else None
    data = request.POST if request.method == "POST" else None
    form = ServiceTypeForm(data, choices=choices, event_type=event_type)
    details = Details(
        data,
        initial=initial_details(event_type),
        prefix="details",
        event_type=event_type,  # type: ignore[call-arg]
    )
    assert isinstance(details, BaseDetails)
    if request.method == "POST" and all([form.is_valid(), details.is_valid()]):
        cleaned = form.cleaned_data
        saved = perform(
            request,
            lambda: catalogue_services.put_service_type(
                actor=request.user,
                code=event_type.code if event_type else cleaned["code"],
                name=cleaned["name"],
                name_ar=cleaned["name_ar"],
                name_en=cleaned["name_en"],
                attributes=details.details(),
                needs_centre=cleaned["needs_centre"],
                order=event_type.order if event_type else choices.next_order,
                is_retired=cleaned["is_retired"],
                **form.links(),
            ),
            _("The service has been saved."),
        )
        if saved is not None:
            return redirect(reverse("beneficiaries:catalogue") + f"#type-{saved[0].code}")
    return render(
        request,
        "beneficiaries/service_type.html",
        {"event_type": event_type, "form": form, "details": details},
    )


@require_GET
def detail_row(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One more empty detail row for the service type form (HTMX), numbered
    after the rows the page holds, with the formset's new count."""
    if not may_manage_definitions(request.user):
        raise Http404
    try:
        index = int(request.GET.get("details-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest()
    if not 0 <= index < 60:
        return HttpResponseBadRequest()
    form = DetailForm(prefix=f"details-{index}", empty_permitted=True, use_required_attribute=False)
    return render(
        request,
        "beneficiaries/service_type.html#detail-row-added",
        {"detail": form, "total": index + 1},
    )


@require_http_methods(["GET", "POST"])
def centre_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    """Declare a centre or change one (its periods have their own page)."""
    choices = or_404(catalogue_choices(request.user))
    centre = or_404(centre_to_edit(request.user, code)) if code is not None else None
    form = CentreForm(request.POST or None, choices=choices, centre=centre)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        saved = perform(
            request,
            lambda: reference.save_centre(
                actor=request.user,
                organisation=form.chosen_organisation(),
                code=centre.code if centre else cleaned["code"],
                name=cleaned["name"],
                city=cleaned["city"],
                region=cleaned["region"],
                trades=form.chosen_trades(),
            ),
            _("The centre has been saved."),
        )
        if saved is not None:
            return redirect(reverse("beneficiaries:catalogue") + "#centres")
    return render(
        request,
        "beneficiaries/catalogue_entry.html",
        {"form": form, "entry": centre, "kind": "centre"},
    )


@require_http_methods(["GET", "POST"])
def trade_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    """Declare a trade or change one."""
    choices = or_404(catalogue_choices(request.user))
    trade = or_404(trade_to_edit(request.user, code)) if code is not None else None
    form = TradeForm(request.POST or None, choices=choices, trade=trade)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        saved = perform(
            request,
            lambda: reference.save_trade(
                actor=request.user,
                code=trade.code if trade else cleaned["code"],
                name=cleaned["name"],
                name_ar=cleaned["name_ar"],
                name_en=cleaned["name_en"],
                is_technical=cleaned["is_technical"],
            ),
            _("The trade has been saved."),
        )
        if saved is not None:
            return redirect(reverse("beneficiaries:catalogue") + "#trades")
    return render(
        request,
        "beneficiaries/catalogue_entry.html",
        {"form": form, "entry": trade, "kind": "trade"},
    )
