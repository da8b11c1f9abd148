"""Expenses and commitments: checked against the budget in force, written
all or nothing, identified by their accounting document number.

`check` tells what is wrong with one expense (column and reason);
`import_expenses` writes a whole extract (the importer in
`interop/expenses.py` reads the file and calls it once every row passed);
`create_expense` and `update_expense` serve the form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suivi.core import audit, changes
from suivi.core.actors import Actor, as_user
from suivi.finance import policies
from suivi.finance.models import BudgetLine, Expense, ExpenseKind, ExpenseSource
from suivi.finance.services.budget import last_approved
from suivi.programmes.models import Intervention


@dataclass(frozen=True)
class ExpenseData:
    document_number: str
    line_code: str
    date: datetime.date
    amount: Decimal
    kind: str = ExpenseKind.EXPENSE
    description: str = ""
    supplier: str = ""


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def lines_in_force(intervention: Intervention) -> dict[str, BudgetLine]:
    """The lines (not headings) of the last approved budget, by code."""
    version = last_approved(intervention)
    if version is None:
        return {}
    return {line.code: line for line in version.lines.filter(is_heading=False)}


def check(
    intervention: Intervention, data: ExpenseData, lines: dict[str, BudgetLine]
) -> list[tuple[str, str]]:
    """What is wrong with one expense, as (field, reason) pairs."""
    issues: list[tuple[str, str]] = []
    line = lines.get(data.line_code)
    if line is None:
        issues.append(
            (
                "line_code",
                _("No budget line %(code)s in the budget in force.") % {"code": data.line_code},
            )
        )
    elif line.closed:
        issues.append(
            ("line_code", _("The budget line %(code)s is closed.") % {"code": data.line_code})
        )
    if data.amount == 0:
        issues.append(("amount", _("The amount is zero.")))
    if not intervention.covers_year(data.date.year):
        issues.append(("date", _("The date is outside the intervention's years.")))
    if data.kind not in ExpenseKind.values:
        issues.append(("kind", _("Unknown kind: expense or commitment.")))
    if not data.document_number.strip():
        issues.append(("document_number", _("The document number is missing.")))
    return issues


def _apply(expense: Expense, data: ExpenseData) -> None:
    for field in fields(ExpenseData):
        setattr(expense, field.name, getattr(data, field.name))


@transaction.atomic
def import_expenses(
    *, actor: Actor, intervention: Intervention, items: list[ExpenseData]
) -> ImportCounts:
    """Write an accounting extract: a document number not yet known is
    created, one known with other figures is updated (the accounts were
    corrected), one known as it is stays. All or nothing: the caller checked
    every row (`check`); a refusal here undoes the whole extract."""
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    lines = lines_in_force(intervention)
    known = {
        expense.document_number: expense
        for expense in Expense.objects.filter(
            intervention=intervention,
            document_number__in=[item.document_number for item in items],
        )
    }
    counts = ImportCounts()
    new: list[Expense] = []
    for item in items:
        problems = check(intervention, item, lines)
        if problems:
            raise ValidationError(problems[0][1])
        expense = known.get(item.document_number)
        if expense is None:
            expense = Expense(
                intervention=intervention, source=ExpenseSource.IMPORT, created_by=as_user(actor)
            )
            _apply(expense, item)
            expense.full_clean(validate_unique=False)
            new.append(expense)
            counts.created += 1
            continue
        before = changes.snapshot(expense)
        _apply(expense, item)
        if changes.save_changes(expense, before):
            counts.updated += 1
        else:
            counts.unchanged += 1
    Expense.objects.bulk_create(new, batch_size=500)
    if not (counts.created or counts.updated):
        return counts  # the same extract again: nothing written, nothing to record
    audit.record(
        actor=actor,
        action="finance.expenses.imported",
        target=intervention,
        detail={
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    )
    return counts


def _validate(intervention: Intervention, data: ExpenseData) -> None:
    problems = check(intervention, data, lines_in_force(intervention))
    if problems:
        raise ValidationError({field: [reason] for field, reason in problems})


@transaction.atomic
def create_expense(*, actor: Actor, intervention: Intervention, data: ExpenseData) -> Expense:
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    _validate(intervention, data)
    if Expense.objects.filter(
        intervention=intervention, document_number=data.document_number
    ).exists():
        raise ValidationError(
            {"document_number": [_("An expense already has this document number.")]}
        )
    expense = Expense(intervention=intervention, created_by=as_user(actor))
    _apply(expense, data)
    return changes.create(expense, actor=actor, action="finance.expense.created")


@transaction.atomic
def update_expense(*, actor: Actor, expense: Expense, data: ExpenseData) -> list[str]:
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    _validate(expense.intervention, data)
    if (
        Expense.objects.filter(
            intervention=expense.intervention, document_number=data.document_number
        )
        .exclude(pk=expense.pk)
        .exists()
    ):
        raise ValidationError(
            {"document_number": [_("An expense already has this document number.")]}
        )
    before = changes.snapshot(expense)
    _apply(expense, data)
    return changes.update(expense, before, actor=actor, action="finance.expense.updated")
