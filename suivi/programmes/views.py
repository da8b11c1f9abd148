from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators.selectors.sheets import indicators_for
from suivi.programmes import policies, selectors


@require_GET
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The interventions the user sees, side by side."""
    interventions = selectors.interventions_for(request.user).annotate(
        current_indicators=Count(
            "indicators", filter=Q(indicators__retired_in__isnull=True), distinct=True
        ),
        revision_count=Count("revisions", distinct=True),
    )
    return render(request, "programmes/portfolio.html", {"interventions": interventions})


@require_GET
def logframe(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The current results chain with each result's indicators."""
    intervention = get_object_or_404(selectors.interventions_for(request.user), code=code)
    indicators = (
        indicators_for(request.user)
        .filter(intervention=intervention, retired_in__isnull=True)
        .prefetch_related("versions")
    )
    by_result: dict[object, list[object]] = {}
    for indicator in indicators:
        version = max(indicator.versions.all(), key=lambda v: v.number)
        by_result.setdefault(version.result_id, []).append(
            {"indicator": indicator, "version": version}
        )
    return render(
        request,
        "programmes/logframe.html",
        {
            "intervention": intervention,
            "chain": selectors.current_chain(intervention),
            "indicators_by_result": by_result,
            "revisions": intervention.revisions.order_by("-number"),
            "may_manage": policies.may_manage_results_framework(request.user),
        },
    )
