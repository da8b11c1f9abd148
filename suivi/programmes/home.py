"""What the programmes app adds to a user's home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.programmes.selectors import interventions_for


def panels(user: User) -> list[dict[str, str]]:
    """One link per intervention the user sees, to its progress table."""
    return [
        {
            "text": _("%(name)s: progress of the results") % {"name": intervention.short_name},
            "url": reverse("indicators:progress", args=[intervention.code]),
            "link": _("Progress table"),
        }
        for intervention in interventions_for(user)
    ]
