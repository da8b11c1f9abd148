"""A person a partner serves, and the consents they gave.

Minimal data (DESIGN: privacy). The phone and the identity document number are
stored encrypted, beside a keyed hash of their normalised value for matching
across partners; they are shown masked unless the user's role may see them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models.partner_ids import (
    PartnerRecordQuerySet,
    PublishedPartnerRecordManager,
    import_batch_field,
)
from suivi.core import crypto
from suivi.core.models import BaseModel


class Sex(models.TextChoices):
    # Codes of the "sex" disaggregation dimension.
    WOMEN = "women", _("Woman")
    MEN = "men", _("Man")


class DocumentType(models.TextChoices):
    RESIDENCE_CARD = "residence_card", _("Residence card")
    PASSPORT = "passport", _("Passport")
    REFUGEE_CARD = "refugee_card", _("Refugee card (UNHCR)")
    ASYLUM_CERTIFICATE = "asylum_certificate", _("Asylum-seeker certificate")
    OTHER = "other", _("Other document")


class EducationLevel(models.TextChoices):
    NONE = "none", _("None")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    HIGHER = "higher", _("Higher education")
    VOCATIONAL = "vocational", _("Vocational")


class Person(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("registered by (organisation)"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    # The partner's own id, so re-importing the same file changes nothing.
    partner_record_id = models.CharField(_("partner's record id"), max_length=60, blank=True)
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality (ISO code)"), max_length=2, blank=True)
    category = models.ForeignKey(
        "indicators.DimensionValue",
        verbose_name=_("migrant category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(
        _("phone (matching key)"), max_length=64, blank=True, db_index=True
    )
    # Possible for its country but outside the ranges allocated there: kept,
    # and shown with a warning (a new range, or a typing error).
    phone_unallocated = models.BooleanField(_("phone outside allocated ranges"), default=False)
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=DocumentType.choices, blank=True
    )
    document_number_encrypted = models.TextField(_("document number (encrypted)"), blank=True)
    document_hash = models.CharField(
        _("document (matching key)"), max_length=64, blank=True, db_index=True
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    # Phonetic codes of the names (`normalise.sound`): the keys under which a
    # new registration looks for the records it may duplicate (models/matching).
    given_sound = models.CharField(_("given name (phonetic key)"), max_length=100, blank=True)
    family_sound = models.CharField(_("family name (phonetic key)"), max_length=100, blank=True)
    # Both codes, in alphabetical order: names written swapped agree on it.
    names_sound = models.CharField(_("names (phonetic key)"), max_length=201, blank=True)
    # The same person registered by several partners, once linked, shares one
    # key: unique-person indicators count keys, not rows.
    identity_key = models.UUIDField(_("identity key"), db_index=True)

    import_batch = import_batch_field()

    objects = PublishedPartnerRecordManager["Person"]()
    all_objects = PartnerRecordQuerySet["Person"].as_manager()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["names_sound", "birth_year"], name="person_names_sound"),
            models.Index(fields=["family_sound", "birth_year"], name="person_family_sound"),
            models.Index(fields=["given_sound", "birth_year"], name="person_given_sound"),
            # The persons list: newest registrations first, with what its
            # scope and filters read, so that PostgreSQL answers from the index
            # alone (SQLite ignores `include`). On PostgreSQL a trigram index
            # also serves the search by name (migration 0014).
            models.Index(
                fields=["-registered_on", "-id"],
                include=["organisation", "import_batch", "sex", "category"],
                name="person_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partner_record_id"],
                condition=~models.Q(partner_record_id=""),
                name="unique_partner_person_id",
            )
        ]

    def __str__(self) -> str:
        # Never a name: str() ends up in logs and admin breadcrumbs.
        return f"Person {str(self.pk)[:8]}"

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted)

    @property
    def document_number(self) -> str:
        return crypto.decrypt(self.document_number_encrypted)


class ConsentKind(models.TextChoices):
    REGISTRATION = "registration", _("To be registered")
    SHARE = "share", _("To share with a named partner for referral")
    STORY = "story", _("To be quoted in a story")


class Consent(BaseModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    # For sharing: the organisation the person agreed to share with.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "given_on"]
        indexes = [
            # Whether a referral still opens its person: the standing share
            # consents of a receiving organisation.
            models.Index(
                fields=["organisation", "person"],
                condition=models.Q(kind="share", withdrawn_on__isnull=True),
                name="consent_share_standing",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
