"""What finance answers to the hooks of the apps below it (they never import
finance)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from suivi.core.actors import Actor
from suivi.finance.selectors import budgets, cost
from suivi.programmes.models import Intervention


def decision_approvals(
    user: Actor, decision_ids: Iterable[object]
) -> dict[object, list[dict[str, str]]]:
    """Governance's `decision_approvals` hook: for each COPIL decision, the
    budget versions it approved (each links to its page)."""
    return {
        decision_id: [
            {
                "text": _("Budget: %(label)s (version %(number)d)")
                % {"label": version.label, "number": version.number},
                "url": reverse("finance:version", args=[version.pk]),
            }
            for version in versions
        ]
        for decision_id, versions in budgets.approved_by(user, decision_ids).items()
    }


def result_links(user: Actor, intervention: Intervention) -> dict[object, list[dict[str, str]]]:
    """Programmes' `result_links` hook: each budgeted output links to its
    cost page (budget, expenses and cost per unit, per year)."""
    return {
        output.pk: [
            {
                "text": _("Cost of the output"),
                "url": reverse("finance:output", args=[output.intervention.code, output.code]),
            }
        ]
        for output in cost.budgeted_outputs(user, intervention)
    }
