"""What the interop app adds to a user's home page: the imports that failed
in the last 30 days (for the M&E staff always, for others when they have
some), each linked to its page with the rows and reasons."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.panels import Figure, Panel, Table
from suivi.interop.forms import KIND_LABELS
from suivi.interop.selectors import failed_imports

# What each kind of import brings in, as the table names it.
JOB_LABELS = {
    **KIND_LABELS,
    "logframe": _lazy("Results framework"),
    "catalogue": _lazy("Service catalogue"),
    "expenses": _lazy("Expenses"),
    "budget": _lazy("Budget"),
}


def panels(user: User) -> list[Panel]:
    count, jobs = failed_imports(user)
    if not count and not has_capability(user, Capability.APPROVE_MEASUREMENTS):
        return []
    table = None
    if jobs:
        table = Table(
            head=[_("Import"), _("Organisation"), _("Started on")],
            rows=[
                [
                    str(JOB_LABELS.get(job.kind, job.kind)),
                    job.organisation.short_name if job.organisation else "—",
                    formats.date_format(job.created_at, "SHORT_DATE_FORMAT"),
                ]
                for job in jobs
            ],
            links=[reverse("interop:job", args=[job.pk]) for job in jobs],
        )
    return [
        Panel(
            key="failed-imports",
            title=_("Imports"),
            figures=[
                Figure(_("imports failed in the last 30 days"), count, "", "alert" if count else "")
            ],
            table=table,
            order=18,
        )
    ]
