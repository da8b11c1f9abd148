"""Reads of persons and of the records behind computed figures, scoped."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from suivi.accounts.models import User
from suivi.beneficiaries import policies
from suivi.beneficiaries.models import ComputedFact, IndicatorComputation, Person
from suivi.core import audit
from suivi.indicators import cells
from suivi.indicators.models import MeasurementValue
from suivi.indicators.policies import may_list_records


def persons_for(user: User | None) -> QuerySet[Person]:
    """Persons whose record `user` may open (names, services)."""
    return (
        Person.objects.filter(policies.visible_persons_q(user))
        .distinct()
        .select_related("organisation", "category")
    )


@dataclass(frozen=True)
class RecordLine:
    """One record behind a figure: pseudonymous unless the user may open it."""

    reference: str
    organisation: str
    sex: str
    category: str
    person: Person | None  # set only when the user may open the record


def records_behind(user: User, value: MeasurementValue, part: str = "") -> list[RecordLine]:
    """The persons counted in `value` (for a rate, `part` is numerator or
    denominator). Everyone allowed sees organisation, sex and category;
    names only for persons the user may open. The read is audited."""
    if not may_list_records(user):
        return []
    measurement = value.measurement
    computation = IndicatorComputation.objects.filter(indicator=measurement.indicator).first()
    if computation is None:
        return []
    key = part or ("numerator" if computation.spec.get("measure") == "rate" else "persons")
    # The stored facts are the records the figure adds up (frozen with a
    # locked period); the cell key names the sex and category they share.
    cell = cells.parse_key(value.cell_key)
    counted = ComputedFact.objects.filter(
        computation=computation,
        year=measurement.period.year,
        **{name: cell[name] for name in ("sex", "category") if name in cell},
    )
    if key == "numerator":
        counted = counted.filter(achieved=True)
    ids = counted.values("person_id")
    openable = set(persons_for(user).filter(pk__in=ids).values_list("pk", flat=True))
    lines = [
        RecordLine(
            reference=str(person.pk)[:8],
            organisation=person.organisation.short_name,
            sex=person.get_sex_display(),
            category=person.category.label,
            person=person if person.pk in openable else None,
        )
        for person in Person.objects.filter(pk__in=ids)
        .select_related("organisation", "category")
        .order_by("organisation__short_name", "registered_on")
    ]
    audit.record(
        actor=user,
        action="beneficiaries.records.listed",
        target=value.measurement,
        detail={"cell": value.cell_key, "part": key, "count": len(lines)},
    )
    return lines
