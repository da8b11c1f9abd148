"""What the programmes app adds to a user's home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.core.panels import Link, Panel
from suivi.programmes.selectors import interventions_for


def panels(user: User) -> list[Panel]:
    """Links to the progress table and the logframe of each intervention the
    user sees."""
    links = []
    for intervention in interventions_for(user):
        links.append(
            Link(
                _("%(name)s: progress table") % {"name": intervention.short_name},
                reverse("indicators:progress", args=[intervention.code]),
            )
        )
        links.append(
            Link(
                _("%(name)s: results framework") % {"name": intervention.short_name},
                reverse("programmes:logframe", args=[intervention.code]),
            )
        )
    if not links:
        return []
    return [Panel(key="interventions", title=_("Interventions"), links=links, order=90)]
