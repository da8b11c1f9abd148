"""Recomputing the indicators computed from records, from the page, with
the progress shown while the task worker runs it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.beneficiaries.models import ComputationRun, StaleIdentity
from suivi.beneficiaries.services import computation
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators.policies import may_manage_definitions
from suivi.programmes.selectors import interventions_for


@require_http_methods(["GET", "POST"])
def recompute(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The state of the computed indicators and, for the M&E officer, the
    button that recomputes them from the services."""
    intervention = get_object_or_404(interventions_for(request.user), code=code)
    may_run = may_manage_definitions(request.user)
    if request.method == "POST":
        if not may_run:
            raise Http404
        run = perform(
            request,
            lambda: computation.request_run(
                actor=request.user,
                intervention=intervention,
                rebuild=request.POST.get("mode") != "refresh",
            ),
            _("The recomputation has started."),
        )
        if run is not None:
            return redirect("beneficiaries:run", pk=run.pk)
    return render(
        request,
        "beneficiaries/recompute.html",
        {
            "intervention": intervention,
            "may_run": may_run,
            "waiting": StaleIdentity.objects.count(),
            "runs": ComputationRun.objects.filter(intervention=intervention).select_related(
                "requested_by"
            )[:10],
        },
    )


@require_GET
def run(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """A run's progress; the fragment polls itself until the run ends."""
    found = get_object_or_404(
        ComputationRun.objects.filter(intervention__in=interventions_for(request.user)),
        pk=pk,
    )
    template = "beneficiaries/run.html"
    if request.htmx:
        template += "#run-status"
    return render(request, template, {"run": found, "intervention": found.intervention})
