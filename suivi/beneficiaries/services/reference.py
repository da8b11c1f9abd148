"""Configuration: centres, trades and event types."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import Centre, EventType, Trade
from suivi.core import changes, text
from suivi.core.actors import Actor
from suivi.indicators.policies import may_manage_definitions

ATTRIBUTE_TYPES = {"text", "choice", "bool", "number", "date"}


def _require(actor: Actor) -> None:
    if not may_manage_definitions(actor):
        raise PermissionDenied


@transaction.atomic
def put_centre(
    *,
    actor: Actor,
    organisation: Organisation,
    code: str,
    name: str,
    city: str,
    targeted_from: date | None = None,
    targeted_until: date | None = None,
) -> Centre:
    """Create a centre, or return the existing one with this code."""
    _require(actor)
    centre = Centre.objects.filter(code=code).first()
    if centre is not None:
        return centre
    texts = text.clean_fields({"name": (text.clean_line, name), "city": (text.clean_name, city)})
    centre = Centre(
        organisation=organisation,
        code=code,
        **texts,
        targeted_from=targeted_from,
        targeted_until=targeted_until,
    )
    return changes.create(centre, actor=actor, action="beneficiaries.centre.created")


@transaction.atomic
def put_trade(*, actor: Actor, code: str, name: str, is_technical: bool) -> Trade:
    _require(actor)
    trade = Trade.objects.filter(code=code).first()
    if trade is not None:
        return trade
    name = text.clean_fields({"name": (text.clean_line, name)})["name"]
    trade = Trade(code=code, name=name, is_technical=is_technical)
    return changes.create(trade, actor=actor, action="beneficiaries.trade.created")


def _check_schema(attributes: list[dict[str, Any]]) -> None:
    names = set()
    for attribute in attributes:
        name, kind = attribute.get("name"), attribute.get("type")
        if not name or kind not in ATTRIBUTE_TYPES or name in names:
            raise ValidationError(
                {"attributes": _("Each attribute needs a unique name and a known type.")}
            )
        if kind == "choice" and not attribute.get("choices"):
            raise ValidationError({"attributes": _("A choice attribute lists its choices.")})
        names.add(name)


@transaction.atomic
def put_event_type(
    *,
    actor: Actor,
    code: str,
    name: str,
    name_ar: str = "",
    name_en: str = "",
    attributes: list[dict[str, Any]] | None = None,
    needs_centre: bool = False,
    order: int = 0,
) -> EventType:
    """Declare a kind of service (configuration, not code)."""
    _require(actor)
    event_type = EventType.objects.filter(code=code).first()
    if event_type is not None:
        return event_type
    attributes = attributes or []
    _check_schema(attributes)
    event_type = EventType(
        code=code,
        **text.clean_labels(name, name_ar, name_en),
        attributes=attributes,
        needs_centre=needs_centre,
        order=order,
    )
    return changes.create(event_type, actor=actor, action="beneficiaries.event_type.created")
