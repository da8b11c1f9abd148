"""The referral inbox of a partner: answer what was received, close what was
served, withdraw what was sent and not yet answered."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries.forms.person import DeclineForm
from suivi.beneficiaries.models import JourneyEvent, Referral, ReferralStatus
from suivi.beneficiaries.services import referrals
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest

LISTED = 50  # answered and sent referrals shown, newest first


def _answering_services(accepted: list[Referral]) -> dict[object, list[JourneyEvent]]:
    """For each accepted referral, the services its receiver gave the person
    since it was sent (one query for the whole list)."""
    if not accepted:
        return {}
    given = (
        JourneyEvent.objects.filter(
            organisation__in={r.to_organisation_id for r in accepted},
            person__identity_key__in={r.person.identity_key for r in accepted},
        )
        .select_related("event_type", "person")
        .order_by("-occurred_on")
    )
    by_receiver: dict[tuple[object, object], list[JourneyEvent]] = defaultdict(list)
    for event in given:
        by_receiver[(event.organisation_id, event.person.identity_key)].append(event)
    return {
        r.pk: [
            e
            for e in by_receiver[(r.to_organisation_id, r.person.identity_key)]
            if e.occurred_on >= r.sent_on
        ]
        for r in accepted
    }


@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Referrals received and sent by the user's organisation, with counts."""
    organisations = organisation_ids_of(request.user)
    if not organisations:
        raise Http404
    received = Referral.objects.filter(to_organisation__in=organisations).select_related(
        "person", "from_organisation"
    )
    sent = Referral.objects.filter(from_organisation__in=organisations).select_related(
        "to_organisation"
    )
    counts = [
        (status, ReferralStatus(status).label, n)
        for status, n in received.order_by("status").values_list("status").annotate(n=Count("pk"))
    ]
    accepted = list(received.filter(status=ReferralStatus.ACCEPTED)[:LISTED])
    services = _answering_services(accepted)
    return render(
        request,
        "beneficiaries/inbox.html",
        {
            "waiting": received.filter(status=ReferralStatus.SENT),
            "to_serve": [(referral, services[referral.pk]) for referral in accepted],
            "received": received.exclude(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])[
                :LISTED
            ],
            "sent": sent[:LISTED],
            "counts": counts,
            "decline_form": DeclineForm(),
        },
    )


def _received(request: AuthenticatedHttpRequest, pk: str) -> Referral:
    return get_object_or_404(Referral, pk=pk, to_organisation__in=organisation_ids_of(request.user))


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
    event = get_object_or_404(
        JourneyEvent.objects.select_related("person"),
        pk=request.POST.get("service") or None,
        organisation=referral.to_organisation_id,
    )
    perform(
        request,
        lambda: referrals.mark_served(actor=request.user, referral=referral, event=event),
        _("The referral is closed as served."),
    )
    return redirect("beneficiaries:inbox")


@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The sending partner takes back a referral not yet answered."""
    referral = get_object_or_404(
        Referral, pk=pk, from_organisation__in=organisation_ids_of(request.user)
    )
    perform(
        request,
        lambda: referrals.withdraw(actor=request.user, referral=referral),
        _("The referral has been withdrawn."),
    )
    return redirect("beneficiaries:inbox")
