from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "suivi.finance"
    label = "finance"
    verbose_name = _("Finance: budget, expenses, grants and procurement")
    # Called by the home page (accounts) without importing this app.
    home_panels = "suivi.finance.home.panels"
    # Offered by governance (`governance.hooks`): the budget versions a COPIL
    # decision approved; the link is held here (`BudgetVersion.decision`).
    decision_approvals = "suivi.finance.hooks.decision_approvals"
    # Offered by programmes (`programmes.hooks`): the cost page of an output.
    result_links = "suivi.finance.hooks.result_links"
    audit_actions = {
        "finance.version.created": _("Budget version recorded"),
        "finance.version.approved": _("Budget revision approved"),
        "finance.version.withdrawn": _("Budget revision withdrawn"),
        "finance.line.updated": _("Budget line changed"),
        "finance.plan.saved": _("Yearly budget planning saved"),
        "finance.expense.created": _("Expense recorded"),
        "finance.expense.updated": _("Expense changed"),
        "finance.expenses.imported": _("Expenses imported"),
        "finance.table.exported": _("Budget follow-up table exported"),
        "finance.version.exported": _("Budget version exported"),
        "finance.expenses.exported": _("Expenses exported"),
        "finance.grant.created": _("Grant recorded"),
        "finance.grant.updated": _("Grant changed"),
        "finance.tranche.created": _("Grant tranche added"),
        "finance.tranche.requested": _("Grant tranche requested"),
        "finance.tranche.paid": _("Grant tranche paid"),
        "finance.tranche.cancelled": _("Grant tranche cancelled"),
        "finance.amendment.created": _("Grant amendment recorded"),
        "finance.report.created": _("Grant report due added"),
        "finance.report.received": _("Grant report received"),
        "finance.grants.exported": _("Grants exported"),
        "finance.procurement.created": _("Procurement item recorded"),
        "finance.procurement.updated": _("Procurement item changed"),
        "finance.procurement.exported": _("Procurement items exported"),
    }
