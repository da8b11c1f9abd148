from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from suivi.accounts.models.organisation import Organisation


class User(AbstractUser):
    """A person who signs in to Suivi (staff of a partner, never a beneficiary)."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def active_memberships(self) -> list:
        """The user's active memberships in active organisations, oldest first."""
        return list(
            self.memberships.filter(is_active=True, organisation__is_active=True)
            .select_related("organisation")
            .order_by("created_at")
        )

    def is_verified(self) -> bool:
        """Whether this session passed the second factor.

        django-otp's OTPMiddleware replaces this, per request, on the user it
        attaches; outside a request nothing is verified."""
        return False

    @property
    def primary_organisation(self) -> Organisation | None:
        memberships = self.active_memberships
        return memberships[0].organisation if memberships else None
