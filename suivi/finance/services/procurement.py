"""Procurement items (marchés publics with their CSC)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.core import changes
from suivi.core.actors import Actor
from suivi.finance import policies
from suivi.finance.models import ProcurementItem, ProcurementStatus
from suivi.programmes.models import Activity, Intervention


@dataclass
class ProcurementData:
    reference: str
    subject: str
    procedure: str
    estimated_amount: Decimal
    awarded_amount: Decimal | None
    planned_date: datetime.date | None
    actual_date: datetime.date | None
    status: str
    activity: Activity | None = None


def _apply(item: ProcurementItem, data: ProcurementData) -> None:
    for field in fields(ProcurementData):
        setattr(item, field.name, getattr(data, field.name))
    item.reference = item.reference.strip()
    errors: dict[str, list[str]] = {}
    awarded = {ProcurementStatus.AWARDED, ProcurementStatus.COMPLETED}
    if data.status in awarded and data.awarded_amount is None:
        errors["awarded_amount"] = [_("An awarded contract has an awarded amount.")]
    if data.status in awarded and data.actual_date is None:
        errors["actual_date"] = [_("An awarded contract has its award date.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_item(
    *, actor: Actor, intervention: Intervention, data: ProcurementData
) -> ProcurementItem:
    if not policies.may_manage_grants(actor):
        raise PermissionDenied
    item = ProcurementItem(intervention=intervention)
    _apply(item, data)
    return changes.create(item, actor=actor, action="finance.procurement.created")


@transaction.atomic
def update_item(*, actor: Actor, item: ProcurementItem, data: ProcurementData) -> list[str]:
    if not policies.may_manage_grants(actor):
        raise PermissionDenied
    before = changes.snapshot(item)
    _apply(item, data)
    return changes.update(item, before, actor=actor, action="finance.procurement.updated")
