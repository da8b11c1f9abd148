"""Placements that name their employer: for each employer code, how many
distinct persons were placed and on which dates. Figures only, never a
person: the capacity app reads them to know which companies recruited
migrants (its outreach register's company codes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import JourneyEvent
from suivi.core.actors import Actor, is_system
from suivi.programmes.models import Intervention

# The detail of a service type that names the employer: the company's code in
# the outreach register (a text detail of the catalogue, e.g. on job_placement).
EMPLOYER_DETAIL = "employer"


@dataclass(frozen=True)
class EmployerPlacements:
    persons: int
    # The date each distinct person was first placed with the employer.
    dates: tuple[date, ...]

    @property
    def first_on(self) -> date:
        return min(self.dates)


def employer_key(code: str) -> str:
    """Codes are compared without case or surrounding spaces."""
    return " ".join(str(code).casefold().split())


def placements_by_employer(
    user: Actor, intervention: Intervention
) -> dict[str, EmployerPlacements]:
    """Published services whose type declares an `employer` detail and that
    name one, for the intervention (service types serving its outputs, or
    serving no output in particular), grouped by employer code (see
    `employer_key`): distinct persons (identity keys, so a person recorded
    by two partners counts once) and the date of each one's first placement.
    Readers of programme-wide figures only; nobody else gets anything."""
    if not (is_system(user) or has_capability(user, Capability.VIEW_PROGRAMME_WIDE)):
        return {}
    rows = (
        JourneyEvent.objects.filter(
            attributes__has_key=EMPLOYER_DETAIL,
            import_batch__isnull=True,
        )
        .filter(
            Q(event_type__outputs__intervention=intervention) | Q(event_type__outputs__isnull=True)
        )
        .values_list("attributes", "person__identity_key", "occurred_on")
        .distinct()
    )
    first: dict[str, dict[object, date]] = {}
    for attributes, identity, occurred_on in rows:
        key = employer_key(attributes.get(EMPLOYER_DETAIL) or "")
        if not key:
            continue
        persons = first.setdefault(key, {})
        if identity not in persons or occurred_on < persons[identity]:
            persons[identity] = occurred_on
    return {
        key: EmployerPlacements(persons=len(persons), dates=tuple(sorted(persons.values())))
        for key, persons in first.items()
    }
