"""Steering and technical committees, who attended, what they decided and
the actions that follow each decision."""

from __future__ import annotations

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from suivi.core.models import BaseModel, TransitionBase
from suivi.core.storage import private_storage
from suivi.governance.models.follow_up import FollowUpAction


class MeetingKind(models.TextChoices):
    COPIL = "copil", _("Steering committee (COPIL)")
    CTOS = "ctos", _("Technical monitoring committee (CTOS)")
    CP3_NATIONAL = "cp3_national", _("Programme committee 3, national")
    CP3_REGIONAL = "cp3_regional", _("Programme committee 3, regional")
    OTHER = "other", _("Other coordination meeting")


def minutes_path(instance: Meeting, filename: str) -> str:
    return f"governance/minutes/{instance.id}"


class Meeting(BaseModel):
    intervention = models.ForeignKey(
        "programmes.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    held_on = models.DateField(_("date"))
    remote = models.BooleanField(_("held remotely"), default=False)
    place = models.CharField(_("place or region"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.FileField(
        _("minutes"), upload_to=minutes_path, storage=private_storage, blank=True
    )
    minutes_name = models.CharField(_("minutes file name"), max_length=255, blank=True)
    minutes_type = models.CharField(_("minutes file type"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["intervention", "-held_on"]

    def __str__(self) -> str:
        held_on = formats.date_format(self.held_on, "SHORT_DATE_FORMAT")
        if self.number:
            return gettext("%(kind)s no. %(number)d — %(date)s") % {
                "kind": self.get_kind_display(),
                "number": self.number,
                "date": held_on,
            }
        return gettext("%(kind)s — %(date)s") % {"kind": self.get_kind_display(), "date": held_on}


class Participation(BaseModel):
    """Who attended, by institution: how many people, how many of them the
    institution's designated focal points (Ind3.1 counts these), and whether
    the institution is a state one (Ind3.3)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.CharField(_("institution (not in Suivi)"), max_length=200, blank=True)
    state_institution = models.BooleanField(_("state institution"), default=False)
    # Blank when the minutes name the institution without counting its people.
    attendees = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    focal_points = models.PositiveIntegerField(_("focal points present"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return self.organisation.short_name if self.organisation else self.institution


class Decision(BaseModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting__held_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_decision_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.number}"


class DecisionAction(FollowUpAction):
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="actions"
    )
    owner = models.CharField(_("owner"), max_length=200)

    class Meta:
        verbose_name = _("decision action")
        verbose_name_plural = _("decision actions")
        ordering = ["decision", "order", "created_at"]

    def __str__(self) -> str:
        return self.action[:80]


class DecisionActionTransition(TransitionBase):
    subject = models.ForeignKey(
        DecisionAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="history"
    )

    class Meta:
        verbose_name = _("decision action status change")
        verbose_name_plural = _("decision action status changes")
        ordering = ["subject", "created_at"]
