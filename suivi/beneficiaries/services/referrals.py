"""Referrals between partners: sent → accepted | declined | withdrawn → served."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import (
    EventType,
    JourneyEvent,
    Person,
    Referral,
    ReferralStatus,
)
from suivi.beneficiaries.services.events import record_event
from suivi.core import audit
from suivi.core.actors import Actor, as_user


@transaction.atomic
def send(
    *,
    actor: Actor,
    person: Person,
    from_organisation: Organisation,
    to_organisation: Organisation,
    purpose: str,
    sent_on: date | None = None,
    note: str = "",
    recompute: bool = True,
) -> Referral:
    """Refer `person` to another partner. Needs the person's active consent to
    share with that partner; records the referral as a service of the sender
    (it counts in indicators such as Ind1.4)."""
    if not policies.may_record_service(actor, from_organisation, person):
        raise PermissionDenied
    sent_on = sent_on or timezone.localdate()
    if to_organisation == from_organisation:
        raise ValidationError({"to_organisation": _("Refer to another organisation.")})
    if not person.consents.filter(
        kind="share", organisation=to_organisation, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(
            {
                "to_organisation": _(
                    "The person has not agreed to share their record with %(org)s."
                )
                % {"org": to_organisation.short_name}
            }
        )
    if Referral.objects.filter(
        person=person,
        to_organisation=to_organisation,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).exists():
        raise ValidationError({"to_organisation": _("A referral to this partner is already open.")})
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        purpose=purpose,
        note=note,
        sent_on=sent_on,
        sent_by=as_user(actor),
    )
    referral.full_clean()
    referral.save()
    record_event(
        actor=actor,
        person=person,
        event_type=EventType.objects.get(code="referral"),
        organisation=from_organisation,
        occurred_on=sent_on,
        attributes={
            "to": to_organisation.code,
            "purpose": purpose if purpose != "training" else "other",
        },
        recompute=recompute,
    )
    audit.record(
        actor=actor,
        action="beneficiaries.referral.sent",
        target=referral,
        organisation=from_organisation,
        changed_fields=["status"],
    )
    return referral


def _answer(actor: Actor, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not policies.may_record_for(actor, referral.to_organisation):
        raise PermissionDenied  # only the receiving partner answers
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(_("This referral has already been answered."))
    return referral


@transaction.atomic
def accept(*, actor: Actor, referral: Referral) -> Referral:
    referral = _answer(actor, referral)
    referral.status = ReferralStatus.ACCEPTED
    referral.decided_by = as_user(actor)
    referral.save(update_fields=["status", "decided_by", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.referral.accepted",
        target=referral,
        organisation=referral.to_organisation,
        changed_fields=["status"],
    )
    return referral


@transaction.atomic
def decline(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    referral = _answer(actor, referral)
    referral.status = ReferralStatus.DECLINED
    referral.decided_by = as_user(actor)
    referral.decline_reason = reason.strip()
    referral.save(update_fields=["status", "decided_by", "decline_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.referral.declined",
        target=referral,
        organisation=referral.to_organisation,
        changed_fields=["status", "decline_reason"],
    )
    return referral


@transaction.atomic
def withdraw(*, actor: Actor, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not policies.may_record_for(actor, referral.from_organisation):
        raise PermissionDenied  # only the sending partner withdraws
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(_("Only a referral not yet answered can be withdrawn."))
    referral.status = ReferralStatus.WITHDRAWN
    referral.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.referral.withdrawn",
        target=referral,
        organisation=referral.from_organisation,
        changed_fields=["status"],
    )
    return referral


@transaction.atomic
def mark_served(*, actor: Actor, referral: Referral, event: JourneyEvent) -> Referral:
    """Close an accepted referral with the service the receiving partner gave."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not policies.may_record_for(actor, referral.to_organisation):
        raise PermissionDenied
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted referral can be marked as served."))
    if event.organisation_id != referral.to_organisation_id or (
        event.person.identity_key != referral.person.identity_key
    ):
        raise ValidationError(
            _("The service must be one the receiving partner gave to this person.")
        )
    referral.status = ReferralStatus.SERVED
    referral.served_by = event
    referral.save(update_fields=["status", "served_by", "updated_at"])
    audit.record(
        actor=actor,
        action="beneficiaries.referral.served",
        target=referral,
        organisation=referral.to_organisation,
        changed_fields=["status", "served_by"],
    )
    return referral
