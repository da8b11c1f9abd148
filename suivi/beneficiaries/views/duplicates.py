"""The review queue of possible duplicates (confirm-matches capability)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.beneficiaries.forms.lists import DuplicateFilterForm
from suivi.beneficiaries.selectors.duplicates import (
    candidate_to_decide,
    duplicate_export,
    duplicate_queue,
)
from suivi.beneficiaries.services import duplicates
from suivi.beneficiaries.views.lists import xlsx_response
from suivi.core import spreadsheets
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest


@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The two records side by side, by what they share — never by name."""
    form = DuplicateFilterForm(request.GET)
    found = duplicate_queue(request.user, request.GET.get("page", 1), form.chosen_status())
    if found is None:
        raise Http404
    return render(request, "beneficiaries/duplicates.html", {"queue": found, "form": form})


@require_GET
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue as an xlsx file: what the page shows, without any name."""
    found = duplicate_export(request.user, DuplicateFilterForm(request.GET).chosen_status())
    if found is None:
        raise Http404
    headers, rows = found
    return xlsx_response(spreadsheets.xlsx(_("Possible duplicates"), headers, rows), "doublons")


def _decision(request: AuthenticatedHttpRequest, pk: str, linked: bool) -> HttpResponse:
    candidate = candidate_to_decide(request.user, pk)
    if candidate is None:
        raise Http404
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


@require_POST
def unlink(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """Undo a link from a record's page; back to the page it came from (one
    of the pair's records)."""
    candidate = candidate_to_decide(request.user, pk)
    if candidate is None:
        raise Http404
    perform(
        request,
        lambda: duplicates.unlink(
            actor=request.user, candidate=candidate, reason=request.POST.get("reason", "")
        ),
        _("The link is undone: the two records count as two persons again."),
    )
    back = request.POST.get("person", "")
    pairs = {str(candidate.person_a_id), str(candidate.person_b_id)}
    return redirect("beneficiaries:person", pk=back if back in pairs else candidate.person_a_id)
