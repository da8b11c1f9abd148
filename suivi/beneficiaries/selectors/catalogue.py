"""Reads of the service catalogue and the scholarship grid (configuration,
not personal data: every signed-in partner user may read them)."""

from __future__ import annotations

from suivi.beneficiaries.models import EventType, VulnerabilityGrid


def service_types() -> list[EventType]:
    return list(EventType.objects.all())


def service_type(code: str) -> EventType | None:
    return EventType.objects.filter(code=code).first() if code else None


def active_grid() -> VulnerabilityGrid | None:
    """The vulnerability grid scholarships are decided on, with its criteria."""
    return VulnerabilityGrid.objects.filter(is_active=True).prefetch_related("criteria").first()
