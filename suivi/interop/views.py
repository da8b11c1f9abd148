"""Logframe workbook: blank template, export, and import from the page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from suivi.accounts.policies import organisation_ids_of
from suivi.core import audit
from suivi.core.http import AuthenticatedHttpRequest
from suivi.interop import services
from suivi.interop.forms import LogframeUploadForm, RecordsUploadForm
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.models import ImportJob
from suivi.interop.records.template import write_template as records_template_xlsx
from suivi.programmes.models import Intervention
from suivi.programmes.policies import may_manage_results_framework
from suivi.programmes.selectors import interventions_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _intervention(request: AuthenticatedHttpRequest, code: str) -> Intervention:
    return get_object_or_404(interventions_for(request.user), code=code)


def _workbook(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def logframe_template(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    intervention = _intervention(request, code)
    return _workbook(write_workbook(intervention, empty=True), f"cadre-logique-modele-{code}.xlsx")


@require_GET
def logframe_export(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    intervention = _intervention(request, code)
    audit.record(actor=request.user, action="interop.logframe.exported", target=intervention)
    return _workbook(write_workbook(intervention), f"cadre-logique-{code}.xlsx")


@require_http_methods(["GET", "POST"])
def logframe_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Upload a filled workbook; the task worker checks and imports it while
    the job page shows the progress."""
    intervention = _intervention(request, code)
    if not may_manage_results_framework(request.user):
        raise Http404
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
def job(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """An import's progress; the fragment polls itself until the job ends."""
    visible = Q(intervention__in=interventions_for(request.user)) | Q(
        organisation__in=organisation_ids_of(request.user), created_by=request.user
    )
    import_job = get_object_or_404(
        ImportJob.objects.filter(visible).select_related("intervention", "organisation"), pk=pk
    )
    template = "interop/job.html"
    if request.htmx:
        template += "#job-status"
    return render(request, template, {"job": import_job, "intervention": import_job.intervention})


@require_GET
def records_template(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in ("persons", "events", "referrals"):
        raise Http404
    return _workbook(records_template_xlsx(kind), f"modele-{kind}.xlsx")


@require_http_methods(["GET", "POST"])
def records_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner uploads its spreadsheet of persons or services."""
    organisation = request.user.primary_organisation
    if organisation is None:
        raise Http404
    form = RecordsUploadForm(request.POST or None, request.FILES or None)
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
