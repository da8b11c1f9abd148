"""The job: long work run by the task worker while a page follows it.

Each kind of long work (an import, a recomputation; later a report run or an
export) is a concrete model inheriting `Job`, adding only what its work needs
(the file, the intervention…). Progress and outcome are written through the
helpers of `suivi.core.jobs`, never by saving the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.core.actors import SystemActor, system
from suivi.core.models.base import BaseModel

if TYPE_CHECKING:
    from suivi.core.actors import Actor

# The longest step label kept (longer ones are cut).
STEP_LENGTH = 100


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(BaseModel):
    """Who started the work, where it stands (status, step, done out of
    total), what went wrong (a bounded list of errors, each a dict, and how
    many there were), what it produced (a JSON result and/or a summary) and
    when it was created, started and finished."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The command or task that started it, when no user did.
    started_by_system = models.CharField(_("started by the system"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    step = models.CharField(_("step"), max_length=STEP_LENGTH, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def actor(self) -> Actor:
        """Who the work acts for: the user who started it, or the system
        actor of the command or task that did."""
        if self.created_by is not None:
            return self.created_by
        return system(self.started_by_system or f"job {self._meta.label_lower}")

    @property
    def language(self) -> str:
        """The language its messages are written in: the starter's."""
        preferred = getattr(self.created_by, "preferred_language", "")
        return preferred or settings.LANGUAGE_CODE

    @property
    def started_by_name(self) -> str:
        if self.created_by is not None:
            return self.created_by.get_full_name() or self.created_by.get_username()
        return self.started_by_system

    def set_starter(self, actor: Actor) -> None:
        """Record who starts it (a user, or the system actor's name)."""
        if isinstance(actor, SystemActor):
            self.created_by, self.started_by_system = None, actor.name[:100]
        else:
            self.created_by, self.started_by_system = actor, ""
