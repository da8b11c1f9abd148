from suivi.finance.models.budget import (
    BudgetLine,
    BudgetVersion,
    BudgetVersionTransition,
    LinePlan,
    VersionKind,
    VersionStatus,
)
from suivi.finance.models.expenses import Expense, ExpenseKind, ExpenseSource
from suivi.finance.models.grants import (
    Amendment,
    Grant,
    GrantReport,
    Tranche,
    TrancheStatus,
    TrancheTransition,
)
from suivi.finance.models.procurement import Procedure, ProcurementItem, ProcurementStatus

__all__ = [
    "Amendment",
    "BudgetLine",
    "BudgetVersion",
    "BudgetVersionTransition",
    "Expense",
    "ExpenseKind",
    "ExpenseSource",
    "Grant",
    "GrantReport",
    "LinePlan",
    "Procedure",
    "ProcurementItem",
    "ProcurementStatus",
    "Tranche",
    "TrancheStatus",
    "TrancheTransition",
    "VersionKind",
    "VersionStatus",
]
