"""What the governance app adds to a user's home page: the late actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from suivi.accounts.models import User
from suivi.governance import policies, selectors


def panels(user: User) -> list[dict[str, str]]:
    if not policies.may_view_steering(user):
        return []
    today = timezone.localdate()
    found = []
    for kind, slug in (("risk", "risques"), ("decision", "decisions")):
        count = selectors.records(user, kind, {"late": today}).count()
        if count:
            found.append(
                {
                    "text": (
                        ngettext(
                            "%(count)d risk has a late action.",
                            "%(count)d risks have a late action.",
                            count,
                        )
                        if kind == "risk"
                        else ngettext(
                            "%(count)d decision has a late action.",
                            "%(count)d decisions have a late action.",
                            count,
                        )
                    )
                    % {"count": count},
                    "url": reverse("governance:list", args=[slug]) + "?late=on",
                    "link": ngettext("See it", "See them", count),
                }
            )
    return found
