from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models.partner_ids import PublishedManager, import_batch_field
from suivi.core.models import BaseModel, TransitionBase


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SERVED = "served", _("Served")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Referral(BaseModel):
    """A partner refers a person to another (EN → ANAPEC, → an NGO…):
    sent → accepted | declined (with a reason) | withdrawn; accepted → served
    (by the service the receiving partner recorded). While it is open, the
    receiving partner may open the person's record; once closed, no more."""

    person = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=20,
        choices=[
            ("employment", _("Employment")),
            ("self_employment", _("Self-employment")),
            ("training", _("Training")),
            ("other", _("Other")),
        ],
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    served_by = models.ForeignKey(
        "beneficiaries.JourneyEvent",
        verbose_name=_("served by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    import_batch = import_batch_field()

    objects = PublishedManager["Referral"]()
    all_objects = models.Manager["Referral"]()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-created_at"]
        indexes = [
            # The inbox's boxes: received by status, and sent, newest first.
            models.Index(
                fields=["to_organisation", "status", "-sent_on", "-created_at"],
                include=["person", "import_batch"],
                name="referral_received",
            ),
            models.Index(
                fields=["from_organisation", "-sent_on", "-created_at"], name="referral_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralTransition(TransitionBase):
    """One step of a referral after it was sent (accepted, declined with its
    reason, withdrawn, served), by whom and when."""

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ReferralStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReferralStatus.choices)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["referral", "created_at"]
