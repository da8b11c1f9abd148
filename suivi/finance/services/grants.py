"""Grants (conventions de subsides): the grant, its tranches, amendments and
reports due. A tranche never takes the tranches above the grant's amount
(as amended); a cancelled tranche takes nothing. A tranche's status moves
through `services/tranches.py`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.core import changes
from suivi.core.actors import Actor
from suivi.finance import policies
from suivi.finance.models import Amendment, Grant, GrantReport, Tranche, TrancheStatus
from suivi.programmes.models import Activity, Intervention, ResultNode


@dataclass
class GrantData:
    reference: str
    grantee: Organisation
    amount: Decimal
    start_date: datetime.date | None
    end_date: datetime.date | None
    purpose: str
    outputs: list[ResultNode] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


def _check(user: Actor) -> None:
    if not policies.may_manage_grants(user):
        raise PermissionDenied


def current_amount(grant: Grant) -> Decimal:
    """The grant's amount with its amendments."""
    change = grant.amendments.aggregate(total=Sum("amount_change"))["total"] or Decimal(0)
    return grant.amount + change


def in_tranches(grant: Grant) -> Decimal:
    """What the grant's tranches take (cancelled ones apart)."""
    tranches = grant.tranches.exclude(status=TrancheStatus.CANCELLED)
    return tranches.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def remaining(grant: Grant) -> Decimal:
    """What tranches may still take: the amended amount less the tranches."""
    return current_amount(grant) - in_tranches(grant)


def _apply(grant: Grant, data: GrantData) -> None:
    grant.reference = data.reference.strip()
    grant.grantee = data.grantee
    grant.amount = data.amount
    grant.start_date = data.start_date  # type: ignore[assignment]
    grant.end_date = data.end_date  # type: ignore[assignment]
    grant.purpose = data.purpose
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationError({"end_date": [_("The end date is before the start date.")]})


@transaction.atomic
def create_grant(*, actor: Actor, intervention: Intervention, data: GrantData) -> Grant:
    _check(actor)
    grant = Grant(intervention=intervention)
    _apply(grant, data)
    grant.full_clean()
    grant.save()
    grant.outputs.set(data.outputs)
    grant.activities.set(data.activities)
    changes.create(
        grant,
        actor=actor,
        action="finance.grant.created",
        clean=False,
        also=["outputs", "activities"],
    )
    return grant


@transaction.atomic
def update_grant(*, actor: Actor, grant: Grant, data: GrantData) -> list[str]:
    _check(actor)
    before = changes.snapshot(grant)
    old_links = (set(grant.outputs.all()), set(grant.activities.all()))
    _apply(grant, data)
    if data.amount + (current_amount(grant) - grant.amount) < in_tranches(grant):
        raise ValidationError({"amount": [_("The tranches already exceed this amount.")]})
    changed = changes.save_changes(grant, before)
    grant.outputs.set(data.outputs)
    grant.activities.set(data.activities)
    if set(data.outputs) != old_links[0]:
        changed.append("outputs")
    if set(data.activities) != old_links[1]:
        changed.append("activities")
    if changed:
        from suivi.core import audit

        audit.record(
            actor=actor, action="finance.grant.updated", target=grant, changed_fields=changed
        )
    return changed


@transaction.atomic
def add_tranche(
    *,
    actor: Actor,
    grant: Grant,
    planned_date: datetime.date | None,
    amount: Decimal,
    conditions: str = "",
) -> Tranche:
    _check(actor)
    Grant.objects.select_for_update().filter(pk=grant.pk).first()
    left = remaining(grant)
    if amount > left:
        raise ValidationError(
            {
                "amount": [
                    _("The tranche is above what remains of the grant (%(left)s EUR).")
                    % {"left": f"{left:.2f}"}
                ]
            }
        )
    number = (grant.tranches.aggregate(top=Max("number"))["top"] or 0) + 1
    tranche = Tranche(
        grant=grant,
        number=number,
        planned_date=planned_date,  # type: ignore[misc]
        amount=amount,
        conditions=conditions,
    )
    return changes.create(tranche, actor=actor, action="finance.tranche.created")


@transaction.atomic
def add_amendment(
    *,
    actor: Actor,
    grant: Grant,
    signed_on: datetime.date | None,
    amount_change: Decimal,
    new_end_date: datetime.date | None,
    description: str,
) -> Amendment:
    _check(actor)
    if current_amount(grant) + amount_change <= 0:
        raise ValidationError({"amount_change": [_("The grant's amount would fall to zero.")]})
    if amount_change < 0 and remaining(grant) + amount_change < 0:
        raise ValidationError(
            {"amount_change": [_("The tranches already exceed the amended amount.")]}
        )
    number = (grant.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
    amendment = Amendment(
        grant=grant,
        number=number,
        signed_on=signed_on,  # type: ignore[misc]
        amount_change=amount_change,
        new_end_date=new_end_date,
        description=description,
    )
    changes.create(amendment, actor=actor, action="finance.amendment.created")
    if new_end_date is not None:
        before = changes.snapshot(grant)
        grant.end_date = new_end_date
        changes.update(grant, before, actor=actor, action="finance.grant.updated")
    return amendment


@transaction.atomic
def add_report(
    *,
    actor: Actor,
    grant: Grant,
    title: str,
    due_on: datetime.date | None,
    received_on: datetime.date | None = None,
) -> GrantReport:
    _check(actor)
    report = GrantReport(
        grant=grant,
        title=title,
        due_on=due_on,  # type: ignore[misc]
        received_on=received_on,
    )
    return changes.create(report, actor=actor, action="finance.report.created")


@transaction.atomic
def mark_report_received(
    *, actor: Actor, report: GrantReport, received_on: datetime.date | None
) -> GrantReport:
    _check(actor)
    if received_on is None:
        raise ValidationError({"received_on": [_("The date of receipt is missing.")]})
    before = changes.snapshot(report)
    report.received_on = received_on
    changes.update(report, before, actor=actor, action="finance.report.received")
    return report
