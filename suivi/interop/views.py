"""Logframe workbook: blank template, export, and import from the page;
partner spreadsheets; an import's progress."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core import jobs
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.spreadsheets import xlsx_response
from suivi.interop import policies, selectors, services
from suivi.interop.catalogue.exporter import write_catalogue
from suivi.interop.catalogue.selectors import catalogue_for_export
from suivi.interop.forms import (
    BudgetUploadForm,
    CatalogueUploadForm,
    ExpensesUploadForm,
    LogframeUploadForm,
    RecordsUploadForm,
)
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.selectors import framework_for_export
from suivi.interop.records.template import write_template as records_template_xlsx
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import intervention_for


def _intervention(request: AuthenticatedHttpRequest, code: str) -> Intervention:
    return or_404(intervention_for(request.user, code))


def _workbook(body: bytes, name: str) -> HttpResponse:
    return xlsx_response(body, name)


@require_GET
def logframe_template(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    if not policies.may_import_logframe(request.user):
        raise Http404  # the blank workbook belongs to the import page
    intervention = _intervention(request, code)
    framework = framework_for_export(request.user, intervention, empty=True)
    return _workbook(write_workbook(framework), f"cadre-logique-modele-{code}.xlsx")


@require_GET
def logframe_export(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    intervention = _intervention(request, code)
    framework = framework_for_export(request.user, intervention)
    return _workbook(write_workbook(framework), f"cadre-logique-{code}.xlsx")


@require_http_methods(["GET", "POST"])
def logframe_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Upload a filled workbook; the task worker checks and imports it while
    the job page shows the progress."""
    intervention = or_404(selectors.intervention_to_import_into(request.user, code))
    form = LogframeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_logframe_import(
                actor=request.user,
                intervention=intervention,
                upload=form.cleaned_data["file"],
                label=form.cleaned_data["label"],
                reason=form.cleaned_data["reason"],
                decision_reference=form.cleaned_data["decision_reference"],
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        return redirect("interop:job", pk=job.pk)
    return render(
        request, "interop/logframe_import.html", {"intervention": intervention, "form": form}
    )


@require_GET
def catalogue_export(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The service catalogue and centres as a workbook (links to `code`'s
    outputs and activities): to edit, then import again."""
    if not policies.may_import_catalogue(request.user):
        raise Http404
    intervention = _intervention(request, code)
    catalogue = catalogue_for_export(request.user, intervention)
    return _workbook(write_catalogue(catalogue), f"catalogue-services-{code}.xlsx")


@require_http_methods(["GET", "POST"])
def catalogue_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Upload an edited catalogue workbook; the task worker checks and
    imports it (all or nothing) while the job page shows the progress."""
    if not policies.may_import_catalogue(request.user):
        raise Http404
    intervention = _intervention(request, code)
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.start_catalogue_import(
            actor=request.user, intervention=intervention, upload=form.cleaned_data["file"]
        )
        return redirect("interop:job", pk=job.pk)
    return render(
        request, "interop/catalogue_import.html", {"intervention": intervention, "form": form}
    )


@require_GET
def job(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """An import's progress; the fragment polls itself until the job ends."""
    import_job = or_404(selectors.import_job_for(request.user, pk))
    intervention = import_job.intervention
    if import_job.kind == "catalogue" and intervention is not None:
        back_url = reverse("beneficiaries:catalogue")
        back_label = _("Service catalogue")
        again_url = reverse("interop:catalogue_import", args=[intervention.code])
    elif intervention is not None and import_job.kind == "expenses":
        back_url = reverse("finance:expenses", args=[intervention.code])
        back_label = _("Expenses")
        again_url = reverse("interop:expenses_import", args=[intervention.code])
    elif intervention is not None and import_job.kind == "budget":
        back_url = reverse("finance:budget", args=[intervention.code])
        back_label = _("Budget")
        again_url = reverse("interop:budget_import", args=[intervention.code])
    elif intervention is not None:
        back_url = reverse("programmes:logframe", args=[intervention.code])
        back_label = intervention.short_name
        again_url = reverse("interop:logframe_import", args=[intervention.code])
    else:
        back_url, back_label = reverse("beneficiaries:persons"), _("Persons")
        again_url = reverse("interop:records_import")
    return jobs.render_job(
        request,
        import_job,
        title=_("Import of %(name)s") % {"name": import_job.original_name},
        back_url=back_url,
        back_label=back_label,
        result_template="interop/_import_result.html",
        again_url=again_url,
        # A csv, or issues on one sheet: no column repeating its name.
        several_sheets=len({issue.get("sheet") for issue in import_job.errors}) > 1,
    )


@require_GET
def records_template(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    organisation = selectors.organisation_to_import_for(request.user)
    if organisation is None or not policies.may_import_records(request.user, organisation, kind):
        raise Http404  # only who may import this kind gets its template
    return _workbook(records_template_xlsx(kind), f"modele-{kind}.xlsx")


@require_http_methods(["GET", "POST"])
def records_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner uploads its spreadsheet of persons, services or referrals."""
    organisation = selectors.organisation_to_import_for(request.user)
    if organisation is None:
        raise Http404
    form = RecordsUploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=policies.record_kinds_for(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_records_import(
                actor=request.user,
                organisation=organisation,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        return redirect("interop:job", pk=job.pk)
    return render(
        request, "interop/records_import.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
def expenses_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The finance officer uploads an accounting extract; the task worker
    checks every row, then writes them all or none."""
    intervention = or_404(selectors.intervention_for_finance_import(request.user, code))
    form = ExpensesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_finance_import(
                actor=request.user,
                intervention=intervention,
                kind="expenses",
                upload=form.cleaned_data["file"],
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        return redirect("interop:job", pk=job.pk)
    return render(
        request,
        "interop/finance_import.html",
        {"intervention": intervention, "form": form, "kind": "expenses"},
    )


@require_http_methods(["GET", "POST"])
def budget_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The finance officer uploads a budget workbook: the original budget
    when the intervention has none, else a proposed revision."""
    intervention = or_404(selectors.intervention_for_finance_import(request.user, code))
    form = BudgetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_finance_import(
                actor=request.user,
                intervention=intervention,
                kind="budget",
                upload=form.cleaned_data["file"],
                options={
                    "label": form.cleaned_data["label"],
                    "reason": form.cleaned_data["reason"],
                },
            )
        except PermissionDenied as denied:
            raise Http404 from denied
        return redirect("interop:job", pk=job.pk)
    return render(
        request,
        "interop/finance_import.html",
        {"intervention": intervention, "form": form, "kind": "budget"},
    )
