"""Reads of the finance registers — expenses, grants, procurement — scoped
to who may read finance (the team and the steering committee)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from suivi.accounts.models import Organisation
from suivi.core.actors import Actor
from suivi.core.models import AuditEvent
from suivi.finance import policies
from suivi.finance.models import (
    Expense,
    Grant,
    GrantReport,
    ProcurementItem,
    ProcurementStatus,
    Tranche,
    TrancheStatus,
    TrancheTransition,
)
from suivi.finance.selectors.budgets import finance_interventions
from suivi.finance.services import tranches as tranche_steps
from suivi.finance.services.grants import current_amount
from suivi.programmes.models import Activity, Intervention, ResultNode

ZERO = Decimal("0")


@dataclass(frozen=True)
class ExpenseFilters:
    line_code: str = ""
    year: int | None = None
    kind: str = ""
    query: str = ""


def expenses_for(
    user: Actor, intervention: Intervention, filters: ExpenseFilters | None = None
) -> QuerySet[Expense]:
    if not policies.may_view_finance(user):
        return Expense.objects.none()
    filters = filters or ExpenseFilters()
    expenses = Expense.objects.filter(intervention=intervention)
    if filters.line_code:
        expenses = expenses.filter(
            Q(line_code=filters.line_code) | Q(line_code__startswith=filters.line_code + " ")
        )
    if filters.year:
        expenses = expenses.filter(date__year=filters.year)
    if filters.kind:
        expenses = expenses.filter(kind=filters.kind)
    if filters.query:
        expenses = expenses.filter(
            Q(document_number__icontains=filters.query)
            | Q(description__icontains=filters.query)
            | Q(supplier__icontains=filters.query)
        )
    return expenses.order_by("-date", "document_number")


def expense_totals(expenses: QuerySet[Expense]) -> dict[str, Decimal]:
    """Sum of the listed expenses and of the listed commitments."""
    rows = expenses.order_by().values("kind").annotate(total=Sum("amount"))
    totals = {"expense": ZERO, "commitment": ZERO}
    for row in rows:
        totals[row["kind"]] = row["total"].quantize(Decimal("0.01"))
    return totals


def expense_for(user: Actor, pk: object) -> Expense | None:
    if not policies.may_view_finance(user):
        return None
    return (
        Expense.objects.filter(pk=str(pk), intervention__in=finance_interventions(user))
        .select_related("intervention", "created_by")
        .first()
    )


def expense_years(user: Actor, intervention: Intervention) -> list[int]:
    if not policies.may_view_finance(user):
        return []
    return sorted(
        {d.year for d in Expense.objects.filter(intervention=intervention).dates("date", "year")},
        reverse=True,
    )


DUE_DAYS = 30


@dataclass(frozen=True)
class GrantRow:
    grant: Grant
    amount: Decimal  # with amendments
    paid: Decimal
    planned: Decimal  # in tranches
    next_tranche: Tranche | None = None  # the first one planned or requested

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.planned


def grants_for(
    user: Actor,
    intervention: Intervention,
    grantee: str = "",
    *,
    due_by: datetime.date | None = None,
) -> list[GrantRow]:
    """The grants of `intervention` (of one grantee, by organisation code;
    with a tranche not yet paid planned on or before `due_by`)."""
    if not policies.may_view_finance(user):
        return []
    grants = Grant.objects.filter(intervention=intervention)
    if grantee:
        grants = grants.filter(grantee__code=grantee)
    if due_by is not None:
        grants = grants.filter(
            tranches__status__in=tranche_steps.OPEN, tranches__planned_date__lte=due_by
        ).distinct()
    grants = grants.select_related("grantee").prefetch_related("tranches").order_by("reference")
    return [grant_row(grant) for grant in grants]


def grantees_of(user: Actor, intervention: Intervention) -> list[tuple[str, str]]:
    """(code, short name) of the organisations holding a grant of `intervention`."""
    if not policies.may_view_finance(user):
        return []
    return list(
        Organisation.objects.filter(
            pk__in=Grant.objects.filter(intervention=intervention).values("grantee")
        )
        .order_by("short_name")
        .values_list("code", "short_name")
    )


def grant_for(user: Actor, pk: object) -> Grant | None:
    if not policies.may_view_finance(user):
        return None
    return (
        Grant.objects.filter(pk=str(pk), intervention__in=finance_interventions(user))
        .select_related("intervention", "grantee")
        .prefetch_related("outputs", "activities", "tranches", "amendments", "reports")
        .first()
    )


def grant_row(grant: Grant) -> GrantRow:
    tranches = [t for t in grant.tranches.all() if t.status != TrancheStatus.CANCELLED]
    waiting = sorted(
        (t for t in tranches if t.status in tranche_steps.OPEN), key=lambda t: t.planned_date
    )
    return GrantRow(
        grant,
        current_amount(grant),
        sum((t.amount for t in tranches if t.status == TrancheStatus.PAID), ZERO),
        sum((t.amount for t in tranches), ZERO),
        waiting[0] if waiting else None,
    )


@dataclass(frozen=True)
class TrancheRow:
    tranche: Tranche
    steps: list[str]  # the steps the reader may take
    history: list[tuple[str, TrancheTransition]]  # (status reached, who moved it and when)


def tranche_rows(user: Actor, grant: Grant) -> list[TrancheRow]:
    """The grant's tranches with their status history and the steps `user`
    may take (the grant read through `grant_for`, tranches prefetched)."""
    if not policies.may_view_finance(user):
        return []
    tranches = list(grant.tranches.all())
    history: dict[object, list[tuple[str, TrancheTransition]]] = {t.pk: [] for t in tranches}
    for row in TrancheTransition.objects.filter(subject__grant=grant).select_related("actor"):
        history[row.subject_id].append((str(TrancheStatus(row.to_status).label), row))
    return [TrancheRow(t, tranche_steps.available(user, t), history[t.pk]) for t in tranches]


def tranche_for(user: Actor, pk: object) -> Tranche | None:
    if not policies.may_view_finance(user):
        return None
    return (
        Tranche.objects.filter(pk=str(pk), grant__intervention__in=finance_interventions(user))
        .select_related("grant")
        .first()
    )


def report_for(user: Actor, pk: object) -> GrantReport | None:
    if not policies.may_view_finance(user):
        return None
    return (
        GrantReport.objects.filter(pk=str(pk), grant__intervention__in=finance_interventions(user))
        .select_related("grant")
        .first()
    )


def tranches_due(user: Actor, today: datetime.date, days: int = DUE_DAYS) -> QuerySet[Tranche]:
    """Tranches planned or requested, not yet paid, whose planned date is
    within `days` (or past)."""
    if not policies.may_view_finance(user):
        return Tranche.objects.none()
    return Tranche.objects.filter(
        grant__intervention__in=finance_interventions(user),
        status__in=tranche_steps.OPEN,
        planned_date__lte=today + datetime.timedelta(days=days),
    ).select_related("grant", "grant__grantee", "grant__intervention")


def reports_overdue(user: Actor, today: datetime.date) -> QuerySet[GrantReport]:
    if not policies.may_view_finance(user):
        return GrantReport.objects.none()
    return GrantReport.objects.filter(
        grant__intervention__in=finance_interventions(user),
        received_on__isnull=True,
        due_on__lt=today,
    )


OPEN_STATUSES = (ProcurementStatus.PLANNED, ProcurementStatus.LAUNCHED)


def procurement_for(
    user: Actor,
    intervention: Intervention,
    status: str = "",
    *,
    late_on: datetime.date | None = None,
) -> QuerySet[ProcurementItem]:
    """The procurement items of `intervention` (in one status; late on the
    day `late_on`: still planned or launched after their planned award)."""
    if not policies.may_view_finance(user):
        return ProcurementItem.objects.none()
    items = ProcurementItem.objects.filter(intervention=intervention).select_related("activity")
    if status:
        items = items.filter(status=status)
    if late_on is not None:
        items = items.filter(status__in=OPEN_STATUSES, planned_date__lt=late_on)
    return items.order_by("planned_date", "reference")


def procurement_late(user: Actor, today: datetime.date) -> QuerySet[ProcurementItem]:
    """Items still planned or launched after their planned award date."""
    if not policies.may_view_finance(user):
        return ProcurementItem.objects.none()
    return ProcurementItem.objects.filter(
        intervention__in=finance_interventions(user),
        status__in=OPEN_STATUSES,
        planned_date__lt=today,
    )


def procurement_item_for(user: Actor, pk: object) -> ProcurementItem | None:
    if not policies.may_view_finance(user):
        return None
    return (
        ProcurementItem.objects.filter(pk=str(pk), intervention__in=finance_interventions(user))
        .select_related("intervention", "activity")
        .first()
    )


def grantees(user: Actor) -> QuerySet[Organisation]:
    if not policies.may_manage_grants(user):
        return Organisation.objects.none()
    return Organisation.objects.order_by("short_name")


def outputs_of(user: Actor, intervention: Intervention) -> QuerySet[ResultNode]:
    if not policies.may_view_finance(user):
        return ResultNode.objects.none()
    return ResultNode.objects.filter(
        intervention=intervention, level="output", retired_in__isnull=True
    ).order_by("order", "code")


def activities_of(user: Actor, intervention: Intervention) -> QuerySet[Activity]:
    if not policies.may_view_finance(user):
        return Activity.objects.none()
    return Activity.objects.filter(intervention=intervention, retired_in__isnull=True).order_by(
        "order", "code"
    )


def history(user: Actor, record: object, *parts: object) -> list[AuditEvent]:
    """The audit events of one finance record and of its `parts` (a grant's
    tranches, amendments, reports): who changed what, when."""
    if not policies.may_view_finance(user):
        return []
    wanted = Q()
    for item in (record, *parts):
        wanted |= Q(
            object_type=item._meta.label_lower,  # type: ignore[attr-defined]
            object_id=str(item.pk),  # type: ignore[attr-defined]
        )
    return list(
        AuditEvent.objects.filter(wanted)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:50]
    )
