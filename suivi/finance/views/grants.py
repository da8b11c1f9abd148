"""Grants with their tranches, amendments and reports due; procurement items."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core import audit
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import paged
from suivi.core.spreadsheets import xlsx_response
from suivi.finance import exports, policies
from suivi.finance.forms import (
    AmendmentForm,
    DateForm,
    GrantForm,
    ProcurementForm,
    ReportForm,
    TrancheForm,
    TrancheStepForm,
)
from suivi.finance.models import Grant, ProcurementItem, ProcurementStatus
from suivi.finance.selectors import registers
from suivi.finance.services import grants as service
from suivi.finance.services import procurement, tranches
from suivi.finance.views.common import PAGE_SIZE, form_page, intervention
from suivi.programmes.models import Intervention


def _xlsx(
    found: Intervention,
    request: AuthenticatedHttpRequest,
    action: str,
    name: str,
    title: str,
    headers: list[str],
    rows: list[list[object]],
) -> HttpResponse:
    audit.record(actor=request.user, action=action, target=found)
    return xlsx_response(exports.workbook([(title, headers, rows)]), f"{name}-{found.code}.xlsx")


@require_GET
def grant_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    choices = registers.grantees_of(request.user, found)
    grantee = request.GET.get("beneficiaire", "")
    if grantee not in {code for code, _name in choices}:
        grantee = ""
    today = timezone.localdate()
    due = request.GET.get("echeance") == "1"
    due_by = today + datetime.timedelta(days=registers.DUE_DAYS) if due else None
    rows = registers.grants_for(request.user, found, grantee, due_by=due_by)
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            found,
            request,
            "finance.grants.exported",
            "subsides",
            _("Grants"),
            [
                _("Reference"),
                _("Grantee"),
                _("Amount (EUR)"),
                _("Tranches planned"),
                _("Paid"),
                _("Start date"),
                _("End date"),
                _("Purpose"),
            ],
            [
                [
                    r.grant.reference,
                    r.grant.grantee.short_name,
                    r.amount,
                    r.planned,
                    r.paid,
                    r.grant.start_date,
                    r.grant.end_date,
                    r.grant.purpose,
                ]
                for r in rows
            ],
        )
    page, _query = paged(request, rows, PAGE_SIZE)
    return render(
        request,
        "finance/grant_list.html",
        {
            "intervention": found,
            "page": page,
            "total": sum((r.amount for r in rows), 0),
            "grantees": choices,
            "grantee": grantee,
            "due": due,
            "due_by": today + datetime.timedelta(days=registers.DUE_DAYS),
            "today": today,
            "may_manage": policies.may_manage_grants(request.user),
        },
    )


@require_GET
def grant_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    grant = or_404(registers.grant_for(request.user, pk))
    return render(
        request,
        "finance/grant_detail.html",
        {
            "grant": grant,
            "row": registers.grant_row(grant),
            "tranches": registers.tranche_rows(request.user, grant),
            "intervention": grant.intervention,
            "history": registers.history(
                request.user,
                grant,
                *grant.tranches.all(),
                *grant.amendments.all(),
                *grant.reports.all(),
            ),
            "may_manage": policies.may_manage_grants(request.user),
        },
    )


def _grant_form(
    request: AuthenticatedHttpRequest, found: Intervention, **kwargs: object
) -> GrantForm:
    return GrantForm(
        request.POST or None,
        grantees=registers.grantees(request.user),
        outputs=registers.outputs_of(request.user, found),
        activities=registers.activities_of(request.user, found),
        **kwargs,  # type: ignore[arg-type]
    )


def _grant_data(data: dict) -> service.GrantData:
    return service.GrantData(
        reference=data["reference"],
        grantee=data["grantee"],
        amount=data["amount"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        purpose=data["purpose"],
        outputs=list(data["outputs"]),
        activities=list(data["activities"]),
    )


def _manage(request: AuthenticatedHttpRequest) -> None:
    if not policies.may_manage_grants(request.user):
        raise Http404


@require_http_methods(["GET", "POST"])
def grant_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    _manage(request)
    return form_page(
        request,
        _grant_form(request, found),
        save=lambda data: service.create_grant(
            actor=request.user, intervention=found, data=_grant_data(data)
        ),
        success_url=lambda saved: reverse("finance:grant", args=[saved.pk]),
        success_message=_("The grant has been recorded."),
        context={
            "title": _("Record a grant"),
            "intervention": found,
            "action": reverse("finance:grant_create", args=[code]),
            "back": reverse("finance:grants", args=[code]),
        },
    )


@require_http_methods(["GET", "POST"])
def grant_edit(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    grant = or_404(registers.grant_for(request.user, pk))
    _manage(request)
    initial = {
        "reference": grant.reference,
        "grantee": grant.grantee,
        "amount": grant.amount,
        "start_date": grant.start_date,
        "end_date": grant.end_date,
        "purpose": grant.purpose,
        "outputs": list(grant.outputs.all()),
        "activities": list(grant.activities.all()),
    }
    return form_page(
        request,
        _grant_form(request, grant.intervention, initial=initial),
        save=lambda data: service.update_grant(
            actor=request.user, grant=grant, data=_grant_data(data)
        ),
        success_url=reverse("finance:grant", args=[pk]),
        success_message=_("The grant has been saved."),
        context={
            "title": grant.reference,
            "intervention": grant.intervention,
            "action": reverse("finance:grant_edit", args=[pk]),
            "back": reverse("finance:grant", args=[pk]),
        },
    )


def _grant_child(
    request: AuthenticatedHttpRequest,
    pk: str,
    form_class: type[forms.Form],
    save: Callable[[Grant, dict[str, Any]], object],
    title: str,
    url_name: str,
    message: str,
) -> HttpResponse:
    grant: Grant = or_404(registers.grant_for(request.user, pk))
    _manage(request)
    return form_page(
        request,
        form_class(request.POST or None),
        save=lambda data: save(grant, data),
        success_url=reverse("finance:grant", args=[pk]),
        success_message=message,
        context={
            "title": f"{grant.reference} — {title}",
            "intervention": grant.intervention,
            "action": reverse(url_name, args=[pk]),
            "back": reverse("finance:grant", args=[pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def tranche_create(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    return _grant_child(
        request,
        pk,
        TrancheForm,
        lambda grant, data: service.add_tranche(actor=request.user, grant=grant, **data),
        _("Add a tranche"),
        "finance:tranche_create",
        _("The tranche has been added."),
    )


@require_http_methods(["GET", "POST"])
def amendment_create(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    return _grant_child(
        request,
        pk,
        AmendmentForm,
        lambda grant, data: service.add_amendment(actor=request.user, grant=grant, **data),
        _("Record an amendment"),
        "finance:amendment_create",
        _("The amendment has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    return _grant_child(
        request,
        pk,
        ReportForm,
        lambda grant, data: service.add_report(actor=request.user, grant=grant, **data),
        _("Add a report due"),
        "finance:report_create",
        _("The report due has been added."),
    )


def _step_texts(step: str, number: int) -> tuple[str, str]:
    """The title of a tranche step's form and the message once taken."""
    if step == "request":
        return _("Tranche %(number)d requested") % {"number": number}, _(
            "The request of the tranche is recorded."
        )
    if step == "pay":
        return _("Tranche %(number)d paid") % {"number": number}, _("The tranche is marked paid.")
    return _("Cancel tranche %(number)d") % {"number": number}, _("The tranche is cancelled.")


@require_http_methods(["GET", "POST"])
def tranche_step(request: AuthenticatedHttpRequest, pk: str, step: str) -> HttpResponse:
    """Move a tranche: requested, paid (each with its date) or cancelled
    (with a reason), through the tranche workflow."""
    if step not in tranches.STEPS:
        raise Http404
    tranche = or_404(registers.tranche_for(request.user, pk))
    _manage(request)
    title, message = _step_texts(step, tranche.number)
    return form_page(
        request,
        TrancheStepForm(request.POST or None, step=step),
        save=lambda data: tranches.take_step(
            actor=request.user,
            tranche=tranche,
            step=step,
            on=data.get("on"),
            note=data.get("note", ""),
        ),
        success_url=reverse("finance:grant", args=[tranche.grant_id]),
        success_message=message,
        context={
            "title": title,
            "intervention": tranche.grant.intervention,
            "action": reverse("finance:tranche_step", args=[pk, step]),
            "back": reverse("finance:grant", args=[tranche.grant_id]),
        },
    )


@require_http_methods(["GET", "POST"])
def report_received(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    report = or_404(registers.report_for(request.user, pk))
    _manage(request)
    return form_page(
        request,
        DateForm(request.POST or None),
        save=lambda data: service.mark_report_received(
            actor=request.user, report=report, received_on=data["on"]
        ),
        success_url=reverse("finance:grant", args=[report.grant_id]),
        success_message=_("The report is marked received."),
        context={
            "title": report.title,
            "intervention": report.grant.intervention,
            "action": reverse("finance:report_received", args=[pk]),
            "back": reverse("finance:grant", args=[report.grant_id]),
        },
    )


# --- procurement -----------------------------------------------------------


@require_GET
def procurement_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    status = request.GET.get("statut", "")
    if status not in ProcurementStatus.values:
        status = ""
    late = request.GET.get("retard") == "1"
    items = registers.procurement_for(
        request.user, found, status, late_on=timezone.localdate() if late else None
    )
    if request.GET.get("format") == "xlsx":
        statuses, procedures = (
            dict(ProcurementStatus.choices),
            dict(ProcurementItem._meta.get_field("procedure").choices or []),
        )
        return _xlsx(
            found,
            request,
            "finance.procurement.exported",
            "marches",
            _("Procurement"),
            [
                _("CSC reference"),
                _("Object"),
                _("Procedure"),
                _("Estimated amount (EUR)"),
                _("Awarded amount (EUR)"),
                _("Planned award date"),
                _("Actual award date"),
                _("Status"),
            ],
            [
                [
                    i.reference,
                    i.subject,
                    str(procedures.get(i.procedure, i.procedure)),
                    i.estimated_amount,
                    i.awarded_amount,
                    i.planned_date,
                    i.actual_date,
                    str(statuses.get(i.status, i.status)),
                ]
                for i in items
            ],
        )
    page, _query = paged(request, items, PAGE_SIZE)
    return render(
        request,
        "finance/procurement_list.html",
        {
            "intervention": found,
            "page": page,
            "status": status,
            "late": late,
            "statuses": ProcurementStatus.choices,
            "may_manage": policies.may_manage_grants(request.user),
        },
    )


@require_GET
def procurement_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    item = or_404(registers.procurement_item_for(request.user, pk))
    return render(
        request,
        "finance/procurement_detail.html",
        {
            "item": item,
            "intervention": item.intervention,
            "history": registers.history(request.user, item),
            "may_manage": policies.may_manage_grants(request.user),
        },
    )


def _procurement_data(data: dict) -> procurement.ProcurementData:
    return procurement.ProcurementData(**data)


@require_http_methods(["GET", "POST"])
def procurement_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    _manage(request)
    return form_page(
        request,
        ProcurementForm(
            request.POST or None, activities=registers.activities_of(request.user, found)
        ),
        save=lambda data: procurement.create_item(
            actor=request.user, intervention=found, data=_procurement_data(data)
        ),
        success_url=lambda saved: reverse("finance:procurement_item", args=[saved.pk]),
        success_message=_("The procurement item has been recorded."),
        context={
            "title": _("Record a procurement item"),
            "intervention": found,
            "action": reverse("finance:procurement_create", args=[code]),
            "back": reverse("finance:procurement", args=[code]),
        },
    )


@require_http_methods(["GET", "POST"])
def procurement_edit(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    item = or_404(registers.procurement_item_for(request.user, pk))
    _manage(request)
    initial = {
        name: getattr(item, name)
        for name in (
            "reference",
            "subject",
            "procedure",
            "estimated_amount",
            "awarded_amount",
            "planned_date",
            "actual_date",
            "status",
            "activity",
        )
    }
    return form_page(
        request,
        ProcurementForm(
            request.POST or None,
            initial=initial,
            activities=registers.activities_of(request.user, item.intervention),
        ),
        save=lambda data: procurement.update_item(
            actor=request.user, item=item, data=_procurement_data(data)
        ),
        success_url=reverse("finance:procurement_item", args=[pk]),
        success_message=_("The procurement item has been saved."),
        context={
            "title": item.reference,
            "intervention": item.intervention,
            "action": reverse("finance:procurement_edit", args=[pk]),
            "back": reverse("finance:procurement_item", args=[pk]),
        },
    )
