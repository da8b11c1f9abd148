"""Reads of the service catalogue and the scholarship grid (configuration,
not personal data: every signed-in partner user may read them)."""

from __future__ import annotations

from django.db.models import QuerySet

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import Centre, EventType, VulnerabilityGrid
from suivi.indicators.models import DimensionValue


def service_types() -> list[EventType]:
    return list(EventType.objects.all())


def service_type(code: str) -> EventType | None:
    return EventType.objects.filter(code=code).first() if code else None


def active_grid() -> VulnerabilityGrid | None:
    """The vulnerability grid scholarships are decided on, with its criteria."""
    return VulnerabilityGrid.objects.filter(is_active=True).prefetch_related("criteria").first()


def migrant_categories() -> list[DimensionValue]:
    """The active values of the migrant-category list, in their order."""
    return list(DimensionValue.objects.filter(dimension__code="category", is_active=True))


def centres_of(organisation: Organisation) -> QuerySet[Centre]:
    """The centres where `organisation` gives its services."""
    return Centre.objects.filter(organisation=organisation)
