"""The referral inbox: what a partner received and sent, scoped to the
partner staff who serve people, names only of persons they may open."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count

from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import JourneyEvent, Referral, ReferralStatus
from suivi.beneficiaries.selectors.persons import persons_for
from suivi.core.actors import Actor

LISTED = 50  # answered and sent referrals shown, newest first


@dataclass(frozen=True)
class ReferralInbox:
    waiting: list[Referral]
    to_serve: list[tuple[Referral, list[JourneyEvent]]]
    received: list[Referral]
    sent: list[Referral]
    counts: list[tuple[str, str, int]]
    # Persons whose name the reader may see (access ends with the referral
    # or the consent): the others are listed without a name.
    openable: frozenset[UUID]


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


def referral_inbox(user: Actor) -> ReferralInbox | None:
    """Referrals received and sent by `user`'s organisations, with counts by
    status; None for anyone who does not answer referrals."""
    if not policies.may_serve_referrals(user):
        return None
    organisations = organisation_ids_of(user)
    received = Referral.objects.filter(to_organisation__in=organisations).select_related(
        "person", "from_organisation"
    )
    sent = Referral.objects.filter(from_organisation__in=organisations).select_related(
        "person", "to_organisation"
    )
    counts = [
        (status, str(ReferralStatus(status).label), n)
        for status, n in received.order_by("status").values_list("status").annotate(n=Count("pk"))
    ]
    waiting = list(received.filter(status=ReferralStatus.SENT))
    accepted = list(received.filter(status=ReferralStatus.ACCEPTED)[:LISTED])
    answered = list(
        received.exclude(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])[:LISTED]
    )
    sent_list = list(sent[:LISTED])
    listed = {r.person_id for r in [*waiting, *accepted, *answered, *sent_list]}
    openable = frozenset(persons_for(user).filter(pk__in=listed).values_list("pk", flat=True))
    services = _answering_services([r for r in accepted if r.person_id in openable])
    return ReferralInbox(
        waiting=waiting,
        to_serve=[(r, services.get(r.pk, [])) for r in accepted],
        received=answered,
        sent=sent_list,
        counts=counts,
        openable=openable,
    )


def received_referral(user: Actor, pk: UUID | str) -> Referral | None:
    """A referral sent to `user`'s organisation, which `user` may answer."""
    if not policies.may_serve_referrals(user):
        return None
    return (
        Referral.objects.select_related("person", "to_organisation")
        .filter(pk=pk, to_organisation__in=organisation_ids_of(user))
        .first()
    )


def sent_referral(user: Actor, pk: UUID | str) -> Referral | None:
    """A referral sent by `user`'s organisation, which `user` may withdraw."""
    if not policies.may_serve_referrals(user):
        return None
    return Referral.objects.filter(pk=pk, from_organisation__in=organisation_ids_of(user)).first()


def answering_service(referral: Referral, pk: UUID | str | None) -> JourneyEvent | None:
    """A service the referral's receiver gave, to close the referral with."""
    if not pk:
        return None
    return (
        JourneyEvent.objects.select_related("person")
        .filter(pk=pk, organisation=referral.to_organisation_id)
        .first()
    )
