"""What the governance app adds to a user's home page: the late actions
(`suivi.core.panels`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.core.panels import Figure, Panel
from suivi.governance import policies, selectors


def panels(user: User) -> list[Panel]:
    if not policies.may_view_steering(user):
        return []
    today = timezone.localdate()
    figures = []
    for kind, slug, label in (
        ("risk", "risques", _("risks with a late action")),
        ("decision", "decisions", _("decisions with a late action")),
    ):
        count = selectors.records(user, kind, {"late": today}).count()
        url = reverse("governance:list", args=[slug]) + "?late=on"
        figures.append(Figure(label, count, url, "alert" if count else ""))
    return [Panel(key="steering", title=_("Steering follow-up"), figures=figures, order=30)]
