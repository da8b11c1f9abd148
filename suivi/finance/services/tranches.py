"""The status of a grant's tranche, through the workflow primitive
(`suivi.core.workflow`): planned → requested (the grantee asked for it,
its conditions met) → paid; a planned or requested tranche may be cancelled
with a reason, which frees its amount for other tranches. Each step is kept
with who took it and when (`TrancheTransition`) and audited; the dates the
steps carry (requested on, paid on) are the real ones, which may precede
the day they are recorded."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.core.actors import Actor
from suivi.core.workflow import Step, Workflow, transition
from suivi.finance import policies
from suivi.finance.models import Tranche, TrancheStatus, TrancheTransition

# Which date each step carries (the form's « on » field).
DATES = {"request": "requested_on", "pay": "paid_on"}
OPEN = {TrancheStatus.PLANNED, TrancheStatus.REQUESTED}


def _allowed(actor: Actor, tranche: Tranche) -> bool:
    return policies.may_manage_grants(actor)


def _check_request(tranche: Tranche) -> None:
    if tranche.requested_on is None:
        raise ValidationError({"on": _("The date of the request is missing.")})


def _check_payment(tranche: Tranche) -> None:
    if tranche.paid_on is None:
        raise ValidationError({"on": _("The date of payment is missing.")})
    if tranche.requested_on and tranche.paid_on < tranche.requested_on:
        raise ValidationError(
            {
                "on": _("The tranche was requested on %(date)s: it cannot be paid before.")
                % {"date": formats.date_format(tranche.requested_on, "SHORT_DATE_FORMAT")}
            }
        )


TRANCHES: Workflow[Tranche] = Workflow(
    model=Tranche,
    states=TrancheStatus,
    history=TrancheTransition,
    select_related=("grant",),
    steps=[
        Step(
            "request",
            sources={TrancheStatus.PLANNED},
            target=TrancheStatus.REQUESTED,
            allowed=_allowed,
            action="finance.tranche.requested",
            refused=gettext_lazy("Only a planned tranche can be requested (it is « %(status)s »)."),
            check=_check_request,
        ),
        Step(
            "pay",
            sources={TrancheStatus.REQUESTED},
            target=TrancheStatus.PAID,
            allowed=_allowed,
            action="finance.tranche.paid",
            refused=gettext_lazy(
                "Only a requested tranche can be paid (it is « %(status)s »): "
                "record the request first."
            ),
            check=_check_payment,
        ),
        Step(
            "cancel",
            sources=OPEN,
            target=TrancheStatus.CANCELLED,
            allowed=_allowed,
            action="finance.tranche.cancelled",
            refused=gettext_lazy("A paid or cancelled tranche cannot be cancelled."),
            requires_note=True,
        ),
    ],
)
STEPS = tuple(step.name for step in TRANCHES.steps)


def take_step(
    *,
    actor: Actor,
    tranche: Tranche,
    step: str,
    on: datetime.date | None = None,
    note: str = "",
) -> Tranche:
    """Move `tranche` by `step`; `on` is the date the step carries (the
    request's, the payment's), ignored by `cancel`."""
    fields = {DATES[step]: on} if step in DATES else {}
    return transition(TRANCHES, tranche, step, actor=actor, note=note, **fields)


def available(actor: Actor, tranche: Tranche) -> list[str]:
    """The steps a page may offer on `tranche`."""
    return TRANCHES.available(actor, tranche)
