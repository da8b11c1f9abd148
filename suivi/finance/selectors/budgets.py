"""Reads of budgets: versions, lines with their totals, and the breaches of
the DTF's rules (on a revision, and on what was spent)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from suivi.core.actors import Actor
from suivi.finance import policies, rules
from suivi.finance.models import (
    BudgetLine,
    BudgetVersion,
    BudgetVersionTransition,
    Expense,
    ExpenseKind,
    LinePlan,
    VersionStatus,
)
from suivi.finance.services.budget import last_approved, revision_breaches, version_lines
from suivi.governance import selectors as steering
from suivi.governance.models import Decision, MeetingKind
from suivi.programmes.models import Intervention
from suivi.programmes.selectors import intervention_for, interventions_for

ZERO = Decimal("0")


def finance_interventions(user: Actor) -> QuerySet[Intervention]:
    if not policies.may_view_finance(user):
        return Intervention.objects.none()
    return interventions_for(user)


def finance_intervention(user: Actor, code: str) -> Intervention | None:
    if not policies.may_view_finance(user):
        return None
    return intervention_for(user, code)


def budgeted_interventions(user: Actor) -> list[Intervention]:
    """The interventions `user` sees that have a budget."""
    return list(finance_interventions(user).filter(budget_versions__isnull=False).distinct())


def versions_of(user: Actor, intervention: Intervention) -> list[BudgetVersion]:
    if not policies.may_view_finance(user):
        return []
    return list(
        intervention.budget_versions.select_related("decision__meeting").order_by("-number")
    )


def approved_version(user: Actor, intervention: Intervention) -> BudgetVersion | None:
    if not policies.may_view_finance(user):
        return None
    return last_approved(intervention)


def version_for(user: Actor, pk: object) -> BudgetVersion | None:
    if not policies.may_view_finance(user):
        return None
    version = (
        BudgetVersion.objects.select_related("intervention", "decision__meeting")
        .filter(pk=str(pk))
        .first()
    )
    if version is None or finance_intervention(user, version.intervention.code) is None:
        return None
    return version


def version_steps(user: Actor, version: BudgetVersion) -> list[tuple[str, BudgetVersionTransition]]:
    """The workflow steps taken on a version `user` sees (the status reached
    and the row: who, when, the note), oldest first."""
    if version_for(user, version.pk) is None:
        return []
    rows = BudgetVersionTransition.objects.filter(subject=version).select_related("actor")
    return [(str(VersionStatus(row.to_status).label), row) for row in rows.order_by("created_at")]


def approving_decisions(user: Actor, intervention: Intervention) -> QuerySet[Decision]:
    """The decisions of the intervention's steering committees (COPIL) that
    may approve a budget revision, latest first — read through the steering
    registers' selector, so only for who may read them."""
    if not policies.may_manage_finance(user):
        return Decision.objects.none()
    return (
        steering.decisions(user)
        .filter(meeting__intervention=intervention, meeting__kind=MeetingKind.COPIL)
        .select_related("meeting")
        .order_by("-meeting__held_on", "number")
    )


def approved_by(user: Actor, decision_ids: Iterable[object]) -> dict[object, list[BudgetVersion]]:
    """Decision id → the budget versions it approved (for the decision's page)."""
    if not policies.may_view_finance(user):
        return {}
    found: dict[object, list[BudgetVersion]] = {}
    versions = BudgetVersion.objects.filter(
        decision__in=list(decision_ids),
        intervention__in=finance_interventions(user),
    ).select_related("intervention")
    for version in versions.order_by("intervention", "number"):
        found.setdefault(version.decision_id, []).append(version)
    return found


def line_for(user: Actor, pk: object) -> BudgetLine | None:
    if not policies.may_view_finance(user):
        return None
    line = BudgetLine.objects.select_related("version__intervention").filter(pk=str(pk)).first()
    if line is None or version_for(user, line.version_id) is None:
        return None
    return line


@dataclass(frozen=True)
class LineView:
    line: BudgetLine
    amount: Decimal  # a heading's total: the sum of its lines
    depth: int
    planned: dict[int, Decimal]
    spent: Decimal


def lines_with_totals(user: Actor, version: BudgetVersion) -> list[LineView]:
    """Every row of `version` in order, headings with the sum of their
    lines, each line with its yearly planning and what was spent on it."""
    if version_for(user, version.pk) is None:
        return []
    lines = list(version.lines.order_by("order"))
    plans: dict[object, dict[int, Decimal]] = defaultdict(dict)
    for plan in LinePlan.objects.filter(line__version=version):
        plans[plan.line_id][plan.year] = plan.amount
    spent = spent_per_line(version.intervention)
    result = []
    for line in lines:
        if line.is_heading:
            amount = sum(
                (
                    other.amount or ZERO
                    for other in lines
                    if not other.is_heading and other.code.startswith(line.code + " ")
                ),
                ZERO,
            )
            used = sum((v for code, v in spent.items() if code.startswith(line.code + " ")), ZERO)
        else:
            amount, used = line.amount or ZERO, spent.get(line.code, ZERO)
        result.append(
            LineView(line, amount, len(line.code.split()) - 1, plans.get(line.pk, {}), used)
        )
    return result


def spent_per_line(intervention: Intervention) -> dict[str, Decimal]:
    """All expenses to date (commitments apart), by line code."""
    rows = (
        Expense.objects.filter(intervention=intervention, kind=ExpenseKind.EXPENSE)
        .values("line_code")
        .annotate(total=Sum("amount"))
    )
    return {row["line_code"]: row["total"].quantize(Decimal("0.01")) for row in rows}


def breaches_of_revision(user: Actor, version: BudgetVersion) -> list[rules.Breach]:
    if version_for(user, version.pk) is None:
        return []
    return revision_breaches(version)


def spending_breaches(user: Actor, intervention: Intervention) -> list[rules.Breach]:
    """The breaches of what was spent so far against the budget in force."""
    if not policies.may_view_finance(user):
        return []
    version = last_approved(intervention)
    if version is None:
        return []
    approved = version_lines(version)
    spent = [
        rules.Line(code, amount, _mode(approved, code))
        for code, amount in spent_per_line(intervention).items()
    ]
    planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for plan in LinePlan.objects.filter(line__version=version, line__code__startswith="Z "):
        planned[plan.year] += plan.amount
    general_means: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for expense in Expense.objects.filter(
        intervention=intervention, kind=ExpenseKind.EXPENSE, line_code__startswith="Z "
    ).only("date", "amount"):
        general_means[expense.date.year] += expense.amount
    return rules.on_spending(
        approved,
        spent,
        planned_general_means=dict(planned),
        general_means_spent=dict(general_means),
    )


def _mode(approved: list[rules.Line], code: str) -> str:
    for line in approved:
        if line.code == code:
            return line.mode
    return ""


def lines_over_budget(user: Actor) -> int:
    """How many spending breaches the interventions `user` sees have."""
    return sum(len(spending_breaches(user, i)) for i in finance_interventions(user))


def expenses_imported_since(user: Actor, since: datetime.date) -> int:
    if not policies.may_view_finance(user):
        return 0
    return Expense.objects.filter(
        intervention__in=finance_interventions(user), created_at__date__gte=since
    ).count()
