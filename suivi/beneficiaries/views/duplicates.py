"""The review queue of possible duplicates (confirm-matches capability)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import MatchCandidate, MatchStatus
from suivi.beneficiaries.services import duplicates
from suivi.core import audit
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest


def _require(request: AuthenticatedHttpRequest) -> None:
    if not has_capability(request.user, Capability.CONFIRM_MATCHES):
        raise Http404


@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Both records side by side: the reviewer sees them to decide, and that
    read is audited."""
    _require(request)
    candidates = list(
        MatchCandidate.objects.filter(status=MatchStatus.CANDIDATE).select_related(
            "person_a__organisation",
            "person_b__organisation",
            "person_a__category",
            "person_b__category",
        )[:50]
    )
    audit.record(
        actor=request.user,
        action="beneficiaries.duplicates.reviewed",
        detail={"shown": len(candidates)},
    )
    return render(request, "beneficiaries/duplicates.html", {"candidates": candidates})


def _decision(request: AuthenticatedHttpRequest, pk: str, linked: bool) -> HttpResponse:
    _require(request)
    candidate = get_object_or_404(MatchCandidate, pk=pk)
    reason = request.POST.get("reason", "")
    if linked:
        perform(
            request,
            lambda: duplicates.link(actor=request.user, candidate=candidate, reason=reason),
            _("The two records now count as one person."),
        )
    else:
        perform(
            request,
            lambda: duplicates.reject(actor=request.user, candidate=candidate, reason=reason),
            _("The two records are kept as different persons."),
        )
    return redirect("beneficiaries:duplicates")


@require_POST
def link(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    return _decision(request, pk, linked=True)


@require_POST
def reject(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    return _decision(request, pk, linked=False)
