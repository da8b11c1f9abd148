"""The reference lists: centres (with the periods the intervention targets
them) and vocational trades. Both are created or brought up to date by code
(idempotent: the catalogue workbook is imported again and again)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import Centre, TargetingPeriod, Trade
from suivi.beneficiaries.services.catalogue import require_catalogue_manager
from suivi.core import audit, changes, text
from suivi.core.actors import Actor

Period = tuple[date, date | None]


def check_periods(periods: Sequence[Period]) -> list[Period]:
    """The periods in date order, or ValidationError naming the first one
    that ends before it starts or overlaps the one before."""
    ordered = sorted(periods, key=lambda period: period[0])
    for index, (start, end) in enumerate(ordered):
        if end is not None and end < start:
            raise ValidationError(
                _("The period starting on %(start)s ends before it starts.")
                % {"start": date_format(start, "SHORT_DATE_FORMAT")}
            )
        previous_end = ordered[index - 1][1] if index else start
        if index and (previous_end is None or previous_end >= start):
            raise ValidationError(
                _("The period starting on %(start)s overlaps the one before it.")
                % {"start": date_format(start, "SHORT_DATE_FORMAT")}
            )
    return ordered


def put_centre(**kwargs: Any) -> Centre:
    """`save_centre` without the "changed" flag (builders, the demo)."""
    return save_centre(**kwargs)[0]


def put_trade(**kwargs: Any) -> Trade:
    """`save_trade` without the "changed" flag."""
    return save_trade(**kwargs)[0]


@transaction.atomic
def save_centre(
    *,
    actor: Actor,
    organisation: Organisation,
    code: str,
    name: str,
    city: str,
    region: str = "",
    trades: Iterable[Trade] | None = None,
    periods: Sequence[Period] | None = None,
    targeted_from: date | None = None,
    targeted_until: date | None = None,
) -> tuple[Centre, bool]:
    """Create a centre, or bring the one with this code up to date; returns
    it and whether anything was written.
    `periods` (or the single period `targeted_from`–`targeted_until`)
    replace the targeting periods when given; `trades` the trades offered."""
    require_catalogue_manager(actor)
    if periods is None and targeted_from is not None:
        periods = [(targeted_from, targeted_until)]
    wanted = check_periods(periods) if periods is not None else None
    texts = text.clean_fields(
        {
            "name": (text.clean_line, name),
            "city": (text.clean_name, city),
            "region": (text.clean_name, region),
        }
    )
    centre = Centre.objects.filter(code=code).first()
    created = centre is None
    if centre is None:
        centre = changes.create(
            Centre(organisation=organisation, code=code, **texts),
            actor=actor,
            action="beneficiaries.centre.created",
            also=[n for n, v in (("trades", trades), ("periods", wanted)) if v],
        )
        changed: list[str] = []
    else:
        before = changes.snapshot(centre)
        centre.organisation = organisation
        for field, value in texts.items():
            setattr(centre, field, value)
        changed = changes.save_changes(centre, before)
    if trades is not None:
        target = {trade.pk for trade in trades}
        if target != set(centre.trades.values_list("pk", flat=True)):
            centre.trades.set(list(trades))
            changed.append("trades")
    if wanted is not None:
        current = list(centre.targeting_periods.values_list("starts_on", "ends_on"))
        if current != wanted:
            centre.targeting_periods.all().delete()
            TargetingPeriod.objects.bulk_create(
                TargetingPeriod(centre=centre, starts_on=start, ends_on=end)
                for start, end in wanted
            )
            changed.append("targeting_periods")
    if changed and not created:
        audit.record(
            actor=actor,
            action="beneficiaries.centre.changed",
            target=centre,
            organisation=organisation,
            changed_fields=changed,
        )
    return centre, created or bool(changed)


@transaction.atomic
def save_trade(
    *,
    actor: Actor,
    code: str,
    name: str,
    is_technical: bool,
    name_ar: str = "",
    name_en: str = "",
) -> tuple[Trade, bool]:
    """Create a trade, or bring the one with this code up to date; returns
    it and whether anything was written."""
    require_catalogue_manager(actor)
    labels = text.clean_labels(name, name_ar, name_en)
    trade = Trade.objects.filter(code=code).first()
    if trade is None:
        trade = changes.create(
            Trade(code=code, is_technical=is_technical, **labels),
            actor=actor,
            action="beneficiaries.trade.created",
        )
        return trade, True
    before = changes.snapshot(trade)
    for field, value in {**labels, "is_technical": is_technical}.items():
        setattr(trade, field, value)
    changed = changes.update(trade, before, actor=actor, action="beneficiaries.trade.changed")
    return trade, bool(changed)
