"""What the indicators app adds to a user's home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.indicators.selectors.sheets import review_queue, reviewable


def panels(user: User) -> list[dict[str, str]]:
    """Links with counts: values waiting for this user's review."""
    result = []
    if has_capability(user, Capability.APPROVE_MEASUREMENTS):
        count = len(reviewable(user, review_queue(user)))
        result.append(
            {
                "text": ngettext(
                    "%(count)d value waits for your review.",
                    "%(count)d values wait for your review.",
                    count,
                )
                % {"count": count},
                "url": reverse("indicators:review_queue"),
                "link": _("Review"),
            }
        )
    return result
