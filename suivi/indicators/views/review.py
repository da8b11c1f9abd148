"""The review queue of the M&E officer and the manager."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators.forms.measurement import ReturnForm
from suivi.indicators.models import Measurement
from suivi.indicators.selectors.context import review_contexts, warnings_of
from suivi.indicators.selectors.sheets import (
    measurement_for,
    review_queue,
    reviewable,
)
from suivi.indicators.services import measurements


def _require_reviewer(request: AuthenticatedHttpRequest) -> None:
    if not has_capability(request.user, Capability.APPROVE_MEASUREMENTS):
        raise Http404


@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_reviewer(request)
    submitted = review_queue(request.user)
    mine = reviewable(request.user, submitted)
    contexts = review_contexts(request.user, mine)
    return render(
        request,
        "indicators/review_queue.html",
        {
            "items": [
                (m, contexts.get(m.pk), warnings_of(contexts[m.pk], m) if m.pk in contexts else [])
                for m in mine
            ],
            "own_count": len(submitted) - len(mine),
            "return_form": ReturnForm(),
        },
    )


def _measurement(request: AuthenticatedHttpRequest, pk: str) -> Measurement:
    return or_404(measurement_for(request.user, pk))


def _back(request: AuthenticatedHttpRequest, measurement: Measurement) -> HttpResponse:
    if request.POST.get("next") == "sheet":
        return redirect("indicators:sheet", pk=measurement.indicator_id)
    return redirect("indicators:review_queue")


@require_POST
def approve(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    measurement = _measurement(request, pk)
    perform(
        request,
        lambda: measurements.approve(actor=request.user, measurement=measurement),
        _("The values have been approved."),
    )
    return _back(request, measurement)


@require_POST
def return_for_revision(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    measurement = _measurement(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs to be corrected."))
        return _back(request, measurement)
    perform(
        request,
        lambda: measurements.return_for_revision(
            actor=request.user, measurement=measurement, note=form.cleaned_data["note"]
        ),
        _("The values have been returned for revision."),
    )
    return _back(request, measurement)
