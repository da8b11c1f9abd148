"""Recomputing the indicators computed from records, from the page, with
the progress shown while the task worker runs it. Only who may recompute
(`policies.may_recompute`) reaches these pages: for anyone else they do not
exist."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.beneficiaries.policies import may_recompute
from suivi.beneficiaries.selectors import runs as run_selectors
from suivi.beneficiaries.services import computation
from suivi.core import jobs
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.programmes.selectors import intervention_for


@require_http_methods(["GET", "POST"])
def recompute(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The state of the computed indicators and the button that recomputes
    them from the services."""
    if not may_recompute(request.user):
        raise Http404
    intervention = or_404(intervention_for(request.user, code))
    if request.method == "POST":
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
            "waiting": run_selectors.waiting_count(request.user),
            "runs": run_selectors.recent_runs(request.user, intervention),
        },
    )


@require_GET
def run(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """A run's progress; the fragment polls itself until the run ends."""
    found = or_404(run_selectors.run_for(request.user, pk))
    intervention = found.intervention
    return jobs.render_job(
        request,
        found,
        title=_("Recomputation"),
        back_url=reverse("beneficiaries:recompute", args=[intervention.code]),
        back_label=intervention.short_name,
        result_template="beneficiaries/_run_result.html",
    )
