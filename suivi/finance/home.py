"""What the finance app adds to the home page of the finance officer and of
the grants and procurement officer (`suivi.core.panels`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.core.panels import Figure, Panel
from suivi.finance import policies
from suivi.finance.selectors import budgets, registers


def _alert(count: int) -> str:
    return "alert" if count else ""


def panels(user: User) -> list[Panel]:
    today = timezone.localdate()
    result: list[Panel] = []
    interventions = budgets.budgeted_interventions(user)
    first = interventions[0].code if interventions else None

    def url(name: str, query: str = "") -> str:
        return reverse(name, args=[first]) + query if first else reverse("finance:index")

    if policies.may_manage_finance(user):
        breaches = budgets.lines_over_budget(user)
        imported = budgets.expenses_imported_since(user, today.replace(day=1))
        result.append(
            Panel(
                key="finance",
                title=_("Budget follow-up"),
                figures=[
                    Figure(
                        _("rules of the DTF broken by spending"),
                        breaches,
                        url("finance:table"),
                        _alert(breaches),
                    ),
                    Figure(_("expenses recorded this month"), imported, url("finance:expenses")),
                ],
                order=20,
            )
        )
    if policies.may_manage_grants(user):
        due = registers.tranches_due(user, today).count()
        overdue = registers.reports_overdue(user, today).count()
        late = registers.procurement_late(user, today).count()
        result.append(
            Panel(
                key="grants",
                title=_("Grants and procurement"),
                figures=[
                    Figure(
                        _("grant tranches due within 30 days or late"),
                        due,
                        url("finance:grants", "?echeance=1"),
                        _alert(due),
                    ),
                    Figure(
                        _("grant reports overdue"), overdue, url("finance:grants"), _alert(overdue)
                    ),
                    Figure(
                        _("procurement items late"),
                        late,
                        url("finance:procurement", "?retard=1"),
                        _alert(late),
                    ),
                ],
                order=20,
            )
        )
    return result
