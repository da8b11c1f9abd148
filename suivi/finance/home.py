"""What the finance app adds to the home page of the finance officer and of
the grants and procurement officer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.accounts.models import User
from suivi.finance import policies
from suivi.finance.selectors import budgets, registers


def panels(user: User) -> list[dict[str, str]]:
    today = timezone.localdate()
    result: list[dict[str, str]] = []
    interventions = budgets.budgeted_interventions(user)
    first = interventions[0].code if interventions else None
    if policies.may_manage_finance(user):
        breaches = budgets.lines_over_budget(user)
        result.append(
            {
                "text": ngettext(
                    "%(count)d rule of the DTF broken by spending.",
                    "%(count)d rules of the DTF broken by spending.",
                    breaches,
                )
                % {"count": breaches},
                "url": reverse("finance:table", args=[first])
                if first
                else reverse("finance:index"),
                "link": _("Budget follow-up"),
            }
        )
        imported = budgets.expenses_imported_since(user, today.replace(day=1))
        result.append(
            {
                "text": ngettext(
                    "%(count)d expense recorded this month.",
                    "%(count)d expenses recorded this month.",
                    imported,
                )
                % {"count": imported},
                "url": reverse("finance:expenses", args=[first])
                if first
                else reverse("finance:index"),
                "link": _("Expenses"),
            }
        )
    if policies.may_manage_grants(user):
        due = registers.tranches_due(user, today).count()
        late = registers.procurement_late(user, today).count()
        overdue = registers.reports_overdue(user, today).count()
        grants_url = reverse("finance:grants", args=[first]) if first else reverse("finance:index")
        result += [
            {
                "text": ngettext(
                    "%(count)d grant tranche due within 30 days or late.",
                    "%(count)d grant tranches due within 30 days or late.",
                    due,
                )
                % {"count": due},
                "url": grants_url,
                "link": _("Grants"),
            },
            {
                "text": ngettext(
                    "%(count)d grant report overdue.",
                    "%(count)d grant reports overdue.",
                    overdue,
                )
                % {"count": overdue},
                "url": grants_url,
                "link": _("Grants"),
            },
            {
                "text": ngettext(
                    "%(count)d procurement item late.",
                    "%(count)d procurement items late.",
                    late,
                )
                % {"count": late},
                "url": reverse("finance:procurement", args=[first])
                if first
                else reverse("finance:index"),
                "link": _("Procurement"),
            },
        ]
    return result
