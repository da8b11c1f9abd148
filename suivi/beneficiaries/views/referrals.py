"""The referral inbox of a partner: answer what was received, close what was
served, withdraw what was sent and not yet answered."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.beneficiaries import policies, selectors
from suivi.beneficiaries.forms.lists import ListFilterForm
from suivi.beneficiaries.forms.person import DeclineForm
from suivi.beneficiaries.models import Referral, ReferralStatus
from suivi.beneficiaries.selectors.referrals import BOX_LABELS, BOX_STATUSES, Box, referral_export
from suivi.beneficiaries.services import referrals
from suivi.beneficiaries.views.lists import too_many, xlsx_response
from suivi.core import spreadsheets
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest

INBOX_FILTERS = ("q", "status", "date_from", "date_to")


def _filter_form(request: AuthenticatedHttpRequest, box: Box) -> ListFilterForm:
    return ListFilterForm(
        request.GET,
        fields_shown=INBOX_FILTERS if BOX_STATUSES[box] else ("q", "date_from", "date_to"),
        statuses=[(s, ReferralStatus(s).label) for s in BOX_STATUSES[box]],
    )


@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One box of referrals received or sent by the user's organisation, a
    page at a time, with the count of each box."""
    box = selectors.box_of(request.GET.get("box"))
    form = _filter_form(request, box)
    found = selectors.referral_inbox(request.user, box, form.filters(), request.GET.get("page"))
    if found is None:
        raise Http404
    boxes = [(b.value, BOX_LABELS[b], found.counts[b]) for b in Box]
    return render(
        request,
        "beneficiaries/inbox.html",
        {"inbox": found, "form": form, "boxes": boxes, "box": box.value},
    )


@require_GET
def inbox_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The box and filters of the inbox page, as an xlsx file."""
    if not policies.may_serve_referrals(request.user):
        raise Http404
    box = selectors.box_of(request.GET.get("box"))
    found = referral_export(request.user, box, _filter_form(request, box).filters())
    if found is None:
        messages.error(request, too_many())
        return redirect(f"{reverse('beneficiaries:inbox')}?{request.GET.urlencode()}")
    headers, rows = found
    return xlsx_response(spreadsheets.xlsx(_("Referrals"), headers, rows), "orientations")


def _received(request: AuthenticatedHttpRequest, pk: str) -> Referral:
    referral = selectors.received_referral(request.user, pk)
    if referral is None:
        raise Http404
    return referral


@require_POST
def accept(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    referral = _received(request, pk)
    accepted = perform(
        request,
        lambda: referrals.accept(actor=request.user, referral=referral),
        _("The referral has been accepted."),
    )
    if accepted is None:
        return redirect("beneficiaries:inbox")
    return redirect("beneficiaries:person", pk=referral.person_id)


@require_POST
def decline(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    referral = _received(request, pk)
    form = DeclineForm(request.POST)
    perform(
        request,
        lambda: referrals.decline(
            actor=request.user, referral=referral, reason=form.data.get("reason", "")
        ),
        _("The referral has been declined."),
    )
    return redirect("beneficiaries:inbox")


@require_POST
def serve(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """Close an accepted referral with the service that answered it."""
    referral = _received(request, pk)
    event = selectors.answering_service(referral, request.POST.get("service"))
    if event is None:
        raise Http404
    perform(
        request,
        lambda: referrals.mark_served(actor=request.user, referral=referral, event=event),
        _("The referral is closed as served."),
    )
    return redirect("beneficiaries:inbox")


@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The sending partner takes back a referral not yet answered."""
    referral = selectors.sent_referral(request.user, pk)
    if referral is None:
        raise Http404
    perform(
        request,
        lambda: referrals.withdraw(actor=request.user, referral=referral),
        _("The referral has been withdrawn."),
    )
    return redirect("beneficiaries:inbox")
