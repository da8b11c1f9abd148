"""The persons and services lists: filters in the query string, a search by
phone or document number sent by POST (never in an address), a page at a
time with the total, and the same list as an xlsx file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries import policies
from suivi.beneficiaries.forms.lists import ContactSearchForm, ListFilterForm
from suivi.beneficiaries.selectors import lists
from suivi.core import spreadsheets
from suivi.core.http import AuthenticatedHttpRequest

PERSON_FILTERS = ("q", "sex", "category", "date_from", "date_to")
SERVICE_FILTERS = ("q", "sex", "category", "service", "centre", "date_from", "date_to")


def xlsx_response(body: bytes, name: str) -> HttpResponse:
    """The list's workbook, named with the day it was taken."""
    stamp = timezone.localdate().isoformat()
    return spreadsheets.xlsx_response(body, f"{name}-{stamp}.xlsx")


def _contact(request: AuthenticatedHttpRequest) -> tuple[ContactSearchForm, str]:
    """The exact-search form: bound to the POST, else empty."""
    if request.method == "POST":
        form = ContactSearchForm(request.POST)
        return form, form.cleaned_data["contact"] if form.is_valid() else ""
    return ContactSearchForm(), ""


def _person_form(request: AuthenticatedHttpRequest) -> ListFilterForm:
    return ListFilterForm(
        request.GET, fields_shown=PERSON_FILTERS, categories=lists.category_choices()
    )


@require_http_methods(["GET", "POST"])
def persons(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_list_persons(request.user):
        raise Http404
    form = _person_form(request)
    contact_form, contact = _contact(request)
    searched = request.method == "POST"
    if searched and not contact:
        contact = "-"  # not a number: nothing matches
    page = lists.person_page(request.user, form.filters(), request.GET.get("page"), contact)
    context: dict[str, Any] = {
        "form": form,
        "contact_form": contact_form,
        "searched": searched,
        "page": page,
        "may_register": has_capability(request.user, Capability.REGISTER_PEOPLE),
    }
    return render(request, "beneficiaries/person_list.html", context)


@require_GET
def persons_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_list_persons(request.user):
        raise Http404
    form = _person_form(request)
    found = lists.person_export(request.user, form.filters())
    if found is None:
        messages.error(request, too_many())
        return _back("beneficiaries:persons", request)
    headers, rows = found
    return xlsx_response(spreadsheets.xlsx(_("Persons"), headers, rows), "personnes")


def _back(name: str, request: AuthenticatedHttpRequest) -> HttpResponse:
    """Back to the list with the same filters."""
    return redirect(f"{reverse(name)}?{request.GET.urlencode()}")


def too_many() -> str:
    return _(
        "More than %(limit)s rows match: narrow the filters (dates, category…) and export again."
    ) % {"limit": f"{lists.EXPORT_LIMIT:,}".replace(",", "\u202f")}


def _service_form(request: AuthenticatedHttpRequest) -> ListFilterForm:
    return ListFilterForm(
        request.GET,
        fields_shown=SERVICE_FILTERS,
        categories=lists.category_choices(),
        services=lists.service_choices(),
        centres=lists.centre_choices(request.user),
    )


@require_http_methods(["GET", "POST"])
def services(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_list_services(request.user):
        raise Http404
    form = _service_form(request)
    contact_form, contact = _contact(request)
    searched = request.method == "POST"
    if searched and not contact:
        contact = "-"  # not a number: nothing matches
    page = lists.service_page(request.user, form.filters(), request.GET.get("page"), contact)
    return render(
        request,
        "beneficiaries/service_list.html",
        {"form": form, "contact_form": contact_form, "searched": searched, "page": page},
    )


@require_GET
def services_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_list_services(request.user):
        raise Http404
    found = lists.service_export(request.user, _service_form(request).filters())
    if found is None:
        messages.error(request, too_many())
        return _back("beneficiaries:services", request)
    headers, rows = found
    return xlsx_response(spreadsheets.xlsx(_("Services"), headers, rows), "prestations")
