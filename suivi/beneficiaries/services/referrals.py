"""Referrals between partners: sent → accepted | declined | withdrawn; accepted → served."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import (
    EventType,
    JourneyEvent,
    Person,
    Referral,
    ReferralStatus,
    ReferralTransition,
)
from suivi.beneficiaries.services.events import record_event
from suivi.core import changes, text
from suivi.core.actors import Actor, as_user
from suivi.core.workflow import Step, Workflow, transition


def check_referral(
    *,
    actor: Actor,
    person: Person,
    from_organisation: Organisation,
    to_organisation: Organisation,
    note: str = "",
    import_batch: uuid.UUID | None = None,
) -> str:
    """Refuse a referral `send` would refuse, writing nothing (an import
    checks its whole file this way before it writes a row). Returns the
    note, cleaned."""
    if not policies.may_record_service(actor, from_organisation, person):
        raise PermissionDenied
    if to_organisation == from_organisation:
        raise ValidationError({"to_organisation": _("Refer to another organisation.")})
    note = text.clean_fields({"note": (text.clean_text, note)})["note"]
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
    if Referral.all_objects.filter(
        models.Q(import_batch__isnull=True) | models.Q(import_batch=import_batch),
        person=person,
        to_organisation=to_organisation,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).exists():
        raise ValidationError({"to_organisation": _("A referral to this partner is already open.")})
    return str(note)


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
    import_batch: uuid.UUID | None = None,
) -> Referral:
    """Refer `person` to another partner. Needs the person's active consent to
    share with that partner; records the referral as a service of the sender
    (it counts in indicators such as Ind1.4). An `import_batch` hides the
    referral and its service until the import publishes them."""
    sent_on = sent_on or timezone.localdate()
    note = check_referral(
        actor=actor,
        person=person,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        note=note,
        import_batch=import_batch,
    )
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        purpose=purpose,
        note=note,
        sent_on=sent_on,
        sent_by=as_user(actor),
        import_batch=import_batch,
    )
    changes.create(
        referral,
        actor=actor,
        action="beneficiaries.referral.sent",
        organisation=from_organisation,
    )
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
        import_batch=import_batch,
    )
    return referral


def _receiver_may_answer(actor: Actor, referral: Referral) -> bool:
    return policies.may_record_for(actor, referral.to_organisation)


def _sender_may_withdraw(actor: Actor, referral: Referral) -> bool:
    return policies.may_record_for(actor, referral.from_organisation)


def _served_by_the_receiver(referral: Referral) -> None:
    event = referral.served_by
    if event is None or (
        event.organisation_id != referral.to_organisation_id
        or event.person.identity_key != referral.person.identity_key
    ):
        raise ValidationError(
            _("The service must be one the receiving partner gave to this person.")
        )


def _receiver(referral: Referral) -> Organisation:
    return referral.to_organisation


def _sender(referral: Referral) -> Organisation:
    return referral.from_organisation


# sent → accepted | declined (with a reason) | withdrawn (by the sender);
# accepted → served (by a service of the receiving partner). Only the
# receiving partner answers and closes; each step is filed in the audit
# trail under the organisation that took it.
REFERRALS: Workflow[Referral] = Workflow(
    model=Referral,
    states=ReferralStatus,
    history=ReferralTransition,
    select_related=("person", "from_organisation", "to_organisation"),
    steps=[
        Step(
            "accept",
            sources={ReferralStatus.SENT},
            target=ReferralStatus.ACCEPTED,
            allowed=_receiver_may_answer,
            action="beneficiaries.referral.accepted",
            refused=gettext_lazy("This referral has already been answered."),
            organisation=_receiver,
        ),
        Step(
            "decline",
            sources={ReferralStatus.SENT},
            target=ReferralStatus.DECLINED,
            allowed=_receiver_may_answer,
            action="beneficiaries.referral.declined",
            refused=gettext_lazy("This referral has already been answered."),
            requires_note=True,
            missing_note=gettext_lazy("Say why the referral is declined."),
            note_key="reason",
            organisation=_receiver,
        ),
        Step(
            "withdraw",
            sources={ReferralStatus.SENT},
            target=ReferralStatus.WITHDRAWN,
            allowed=_sender_may_withdraw,
            action="beneficiaries.referral.withdrawn",
            refused=gettext_lazy("Only a referral not yet answered can be withdrawn."),
            organisation=_sender,
        ),
        Step(
            "serve",
            sources={ReferralStatus.ACCEPTED},
            target=ReferralStatus.SERVED,
            allowed=_receiver_may_answer,
            action="beneficiaries.referral.served",
            refused=gettext_lazy("Only an accepted referral can be marked as served."),
            check=_served_by_the_receiver,
            organisation=_receiver,
        ),
    ],
)


def accept(*, actor: Actor, referral: Referral) -> Referral:
    return transition(REFERRALS, referral, "accept", actor=actor, decided_by=as_user(actor))


def decline(*, actor: Actor, referral: Referral, reason: str) -> Referral:
    """Decline with a reason: kept on the referral and in its history (never
    in the audit trail, whose event points to the history row)."""
    reason = text.clean_fields({"reason": (text.clean_text, reason)})["reason"]
    return transition(
        REFERRALS,
        referral,
        "decline",
        actor=actor,
        note=reason,
        decided_by=as_user(actor),
        decline_reason=reason,
    )


def withdraw(*, actor: Actor, referral: Referral) -> Referral:
    return transition(REFERRALS, referral, "withdraw", actor=actor)


def mark_served(*, actor: Actor, referral: Referral, event: JourneyEvent) -> Referral:
    """Close an accepted referral with the service the receiving partner gave."""
    return transition(REFERRALS, referral, "serve", actor=actor, served_by=event)
