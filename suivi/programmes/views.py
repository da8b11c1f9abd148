from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators.selectors.sheets import indicators_by_result
from suivi.programmes import hooks, policies, selectors


@require_GET
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The interventions the user sees, side by side."""
    return render(
        request, "programmes/portfolio.html", {"interventions": selectors.portfolio(request.user)}
    )


@require_GET
def logframe(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The current results chain with each result's indicators."""
    intervention = or_404(selectors.intervention_for(request.user, code))
    revisions = selectors.revisions_of(intervention)
    approvals = hooks.revision_approvals(request.user, [r.pk for r in revisions])
    return render(
        request,
        "programmes/logframe.html",
        {
            "intervention": intervention,
            "chain": selectors.current_chain(intervention),
            "indicators_by_result": indicators_by_result(request.user, intervention),
            "revisions": [(revision, approvals.get(revision.pk, [])) for revision in revisions],
            "result_links": hooks.result_links(request.user, intervention),
            "may_manage": policies.may_manage_results_framework(request.user),
        },
    )
