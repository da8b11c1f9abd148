"""The referral inbox: what a partner received and sent, scoped to the
partner staff who serve people, a page at a time, names only of persons they
may open.

Four boxes: waiting for our answer, accepted (to close when served),
answered (declined, withdrawn, served) and sent by us. Each is paginated with
its total and filtered (status, dates sent, the person's name — searched only
among the persons the reader may open, so that a search never tells whether
someone they may not see was referred). The page's queries do not grow with
the referrals: the counts of the boxes, the page's keys, its rows, which of
its persons the reader may open, and the services that may close the
accepted ones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import JourneyEvent, Person, Referral, ReferralStatus
from suivi.beneficiaries.selectors.lists import EXPORT_LIMIT, ListFilters, openable
from suivi.core import audit, paging
from suivi.core.actors import Actor


class Box(StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    SENT = "sent"


BOX_LABELS = {
    Box.WAITING: _("Waiting for your answer"),
    Box.ACCEPTED: _("Accepted, to close when served"),
    Box.ANSWERED: _("Answered"),
    Box.SENT: _("Sent"),
}
ANSWERED = (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.SERVED)
# The statuses a box may be narrowed to.
BOX_STATUSES: dict[Box, tuple[str, ...]] = {
    Box.WAITING: (),
    Box.ACCEPTED: (),
    Box.ANSWERED: ANSWERED,
    Box.SENT: tuple(ReferralStatus.values),
}


@dataclass(frozen=True)
class ReferralLine:
    referral: Referral
    may_open: bool  # the reader may open the person (their name shows)
    services: list[JourneyEvent]  # accepted box: services that may close it


@dataclass(frozen=True)
class ReferralInbox:
    box: Box
    page: paging.ListPage[ReferralLine]
    counts: dict[str, int]  # box → referrals in it (unfiltered)


def box_of(raw: object) -> Box:
    """The box named in the query string; the waiting one for anything else."""
    return next((box for box in Box if box.value == raw), Box.WAITING)


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


def _box(user: Actor, box: Box) -> QuerySet[Referral]:
    organisations = organisation_ids_of(user)
    if box == Box.SENT:
        return Referral.objects.filter(from_organisation__in=organisations)
    received = Referral.objects.filter(to_organisation__in=organisations)
    if box == Box.WAITING:
        return received.filter(status=ReferralStatus.SENT)
    if box == Box.ACCEPTED:
        return received.filter(status=ReferralStatus.ACCEPTED)
    return received.filter(status__in=ANSWERED)


def _counts(user: Actor) -> dict[str, int]:
    """Referrals in each box (two grouped counts)."""
    organisations = organisation_ids_of(user)
    received = dict(
        Referral.objects.filter(to_organisation__in=organisations)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    sent = Referral.objects.filter(from_organisation__in=organisations).count()
    return {
        Box.WAITING: received.get(ReferralStatus.SENT, 0),
        Box.ACCEPTED: received.get(ReferralStatus.ACCEPTED, 0),
        Box.ANSWERED: sum(received.get(status, 0) for status in ANSWERED),
        Box.SENT: sent,
    }


def referrals_listed(user: Actor, box: Box, filters: ListFilters) -> QuerySet[Referral]:
    """The referrals of `box`, narrowed by `filters`, newest first."""
    referrals = _box(user, box)
    if filters.status and filters.status in BOX_STATUSES[box]:
        referrals = referrals.filter(status=filters.status)
    if filters.date_from:
        referrals = referrals.filter(sent_on__gte=filters.date_from)
    if filters.date_to:
        referrals = referrals.filter(sent_on__lte=filters.date_to)
    if filters.q:
        # Among the persons the reader may open only: a name found elsewhere
        # would say that someone hidden from them was referred.
        named = Person.objects.filter(policies.visible_persons_q(user)).filter(
            Q(family_name__icontains=filters.q)
            | Q(given_name__icontains=filters.q)
            | Q(partner_record_id__iexact=filters.q)
        )
        referrals = referrals.filter(person__in=named)
    return referrals.select_related("person", "from_organisation", "to_organisation").order_by(
        "-sent_on", "-created_at", "-id"
    )


def referral_inbox(
    user: Actor, box: Box, filters: ListFilters, page: object
) -> ReferralInbox | None:
    """One page of a box of the inbox, with the counts of every box; None for
    anyone who does not answer referrals."""
    if not policies.may_serve_referrals(user):
        return None
    found = paging.paginate(referrals_listed(user, box, filters), page)
    rows: list[Referral] = list(found.rows)
    may_open = openable(user, (r.person_id for r in rows))
    services = (
        _answering_services([r for r in rows if r.person_id in may_open])
        if box == Box.ACCEPTED
        else {}
    )
    lines = [ReferralLine(r, r.person_id in may_open, services.get(r.pk, [])) for r in rows]
    return ReferralInbox(box=box, page=paging.with_rows(found, lines), counts=_counts(user))


def referral_export(
    user: Actor, box: Box, filters: ListFilters
) -> tuple[list[str], list[list[Any]]] | None:
    """The rows of a box's export (names and notes only of persons the
    reader may open), or None when more than `EXPORT_LIMIT` match; audited."""
    from django.utils.translation import gettext

    if not policies.may_serve_referrals(user):
        return None
    listed = list(referrals_listed(user, box, filters)[: EXPORT_LIMIT + 1])
    if len(listed) > EXPORT_LIMIT:
        return None
    may_open = openable(user, (r.person_id for r in listed))
    headers = [
        gettext("Sent on"),
        gettext("From"),
        gettext("To"),
        gettext("Purpose"),
        gettext("Status"),
        gettext("Family name"),
        gettext("Given name"),
        gettext("Note"),
    ]
    rows = []
    for r in listed:
        shown = r.person_id in may_open
        rows.append(
            [
                r.sent_on,
                r.from_organisation.short_name,
                r.to_organisation.short_name,
                r.get_purpose_display(),
                r.get_status_display(),
                r.person.family_name if shown else "",
                r.person.given_name if shown else "",
                r.note if shown else "",
            ]
        )
    audit.record(
        actor=user,
        action="beneficiaries.referrals.exported",
        detail={"box": box.value, "filters": filters.used(), "rows": len(rows)},
    )
    return headers, rows


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
