"""Writes of the risk register: risks (their total from the matrix) and the
actions that treat them (their status through the follow-up workflow)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.core.actors import Actor
from suivi.governance import matrix
from suivi.governance.models import Risk, RiskAction, RiskKind, RiskLevel
from suivi.governance.services.common import (
    LINE,
    TEXT,
    clean,
    require,
    require_manager,
    same_intervention,
    save,
)
from suivi.programmes.models import Intervention, ResultNode


@transaction.atomic
def save_risk(
    *,
    actor: Actor,
    risk: Risk | None = None,
    intervention: Intervention,
    kind: str,
    description: str,
    identified_on: date,
    category: str,
    probability: str,
    impact: str,
    total: str = "",
    result: ResultNode | None = None,
    closed: bool = False,
) -> Risk:
    """Create (`risk` None) or change a risk. The total comes from the matrix
    (`governance.matrix`); a `total` given (a register being transcribed)
    must agree with it."""
    require_manager(actor)
    texts = clean({"description": (TEXT, description)})
    require({"description": texts["description"], "impact": impact})
    if kind == RiskKind.RISK and not probability:
        raise ValidationError({"probability": _("A risk has a probability (an issue has none).")})
    same_intervention(intervention, result=result)
    computed = matrix.total(probability, impact)
    if total and total != computed:
        raise ValidationError(
            {
                "total": _(
                    "The total « %(given)s » contradicts the matrix: probability « %(p)s » "
                    "and impact « %(i)s » give « %(total)s »."
                )
                % {
                    "given": RiskLevel(total).label,
                    "p": RiskLevel(probability).label if probability else "—",
                    "i": RiskLevel(impact).label,
                    "total": computed.label,
                }
            }
        )
    values = {
        "intervention": intervention,
        "kind": kind,
        "identified_on": identified_on,
        "category": category,
        "probability": probability,
        "impact": impact,
        "total": computed.value,
        "result": result,
        "closed": closed,
        **texts,
    }
    return save(risk or Risk(), values, actor=actor, prefix="governance.risk", created=risk is None)


@transaction.atomic
def save_risk_action(
    *,
    actor: Actor,
    item: RiskAction | None = None,
    risk: Risk,
    action: str,
    responsible: str = "",
    deadline: date | None = None,
    progress: str = "",
) -> RiskAction:
    """Add an action to a risk (planned) or change its text, responsible,
    deadline or progress; its status moves through `follow_up`."""
    require_manager(actor)
    texts = clean(
        {"action": (TEXT, action), "responsible": (LINE, responsible), "progress": (TEXT, progress)}
    )
    require({"action": texts["action"]})
    values: dict[str, object] = {"risk": risk, "deadline": deadline, **texts}
    if item is None:
        values["order"] = risk.actions.count()
    return save(
        item or RiskAction(),
        values,
        actor=actor,
        prefix="governance.risk_action",
        created=item is None,
    )
