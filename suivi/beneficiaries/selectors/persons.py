"""Reads of persons, scoped to what the acting user may open."""

from __future__ import annotations

from django.db.models import QuerySet

from suivi.beneficiaries import policies
from suivi.beneficiaries.models import Person
from suivi.core.actors import Actor


def persons_for(user: Actor) -> QuerySet[Person]:
    """Persons whose record `user` may open (names, services)."""
    return (
        Person.objects.filter(policies.visible_persons_q(user))
        .distinct()
        .select_related("organisation", "category")
    )
