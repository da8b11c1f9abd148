"""The records behind a computed figure, scoped, suppressed and audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from suivi.accounts.models import User
from suivi.beneficiaries.models import ComputedFact, IndicatorComputation, Person
from suivi.beneficiaries.selectors.persons import persons_for
from suivi.core import audit
from suivi.indicators import cells
from suivi.indicators.models import MeasurementValue
from suivi.indicators.policies import may_list_records


@dataclass(frozen=True)
class RecordLine:
    """One record behind a figure: pseudonymous unless the user may open it."""

    reference: str
    organisation: str
    sex: str
    category: str
    person: Person | None  # set only when the user may open the record


# Lines listed per page: a figure can stand for hundreds of thousands of persons.
RECORDS_PER_PAGE = 500


@dataclass(frozen=True)
class RecordsPage:
    lines: list[RecordLine]
    page: Page[Person] | None  # None when nothing may be listed


def records_behind(
    user: User, value: MeasurementValue, part: str = "", page_number: str | int | None = None
) -> RecordsPage:
    """The persons counted in `value` (for a rate, `part` is numerator or
    denominator), a page at a time. Everyone allowed sees organisation, sex
    and category; names only for persons the user may open. The read is
    audited."""
    if not may_list_records(user):
        return RecordsPage([], None)
    measurement = value.measurement
    computation = IndicatorComputation.objects.filter(indicator=measurement.indicator).first()
    if computation is None:
        return RecordsPage([], None)
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
    persons = (
        Person.objects.filter(pk__in=counted.values("person_id"))
        .select_related("organisation", "category")
        .order_by("organisation__short_name", "registered_on", "pk")
    )
    page = Paginator(persons, RECORDS_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    openable = set(
        persons_for(user).filter(pk__in=[p.pk for p in shown]).values_list("pk", flat=True)
    )
    lines = [
        RecordLine(
            reference=str(person.pk)[:8],
            organisation=person.organisation.short_name,
            sex=person.get_sex_display(),
            category=person.category.label,
            person=person if person.pk in openable else None,
        )
        for person in shown
    ]
    audit.record(
        actor=user,
        action="beneficiaries.records.listed",
        target=value.measurement,
        detail={
            "cell": value.cell_key,
            "part": key,
            "page": page.number,
            "count": len(lines),
            "total": page.paginator.count,
        },
    )
    return RecordsPage(lines, page)
