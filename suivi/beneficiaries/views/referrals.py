"""The referral inbox of a partner: answer what was received, close what was
served, withdraw what was sent and not yet answered."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.beneficiaries import selectors
from suivi.beneficiaries.forms.person import DeclineForm
from suivi.beneficiaries.models import Referral
from suivi.beneficiaries.services import referrals
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest


@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Referrals received and sent by the user's organisation, with counts."""
    found = selectors.referral_inbox(request.user)
    if found is None:
        raise Http404
    return render(
        request, "beneficiaries/inbox.html", {"inbox": found, "decline_form": DeclineForm()}
    )


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
