"""What risk actions and decision actions share: an action, who carries it,
a deadline, how far it got, and a status moved by a workflow. "Late" is not
stored: it is derived from the deadline (`display_status`)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suivi.core.models import BaseModel


class ActionStatus(models.TextChoices):
    # An action is feminine in French (« l'action ») and masculine in Arabic (« الإجراء »).
    PLANNED = "planned", pgettext_lazy("action", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("action", "Done")
    CANCELLED = "cancelled", pgettext_lazy("action", "Cancelled")


# Shown, never stored: an open action whose deadline has passed.
LATE = "late"
LATE_LABEL = _("Late")
OPEN_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


def display_status(status: str, deadline: date | None, today: date) -> str:
    """The status a page shows: "late" for an open action past its deadline."""
    if status in OPEN_STATUSES and deadline is not None and deadline < today:
        return LATE
    return status


def status_label(status: str) -> str:
    if status == LATE:
        return str(LATE_LABEL)
    return str(ActionStatus(status).label)


class FollowUpAction(BaseModel):
    action = models.TextField(_("action"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def shown_status(self, today: date) -> str:
        return display_status(self.status, self.deadline, today)

    def shown_status_label(self, today: date) -> str:
        return status_label(self.shown_status(today))
