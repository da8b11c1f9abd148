"""The records behind a computed figure, scoped, suppressed and audited."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.utils.crypto import salted_hmac

from suivi.beneficiaries.models import ComputedFact, IndicatorComputation, Person
from suivi.beneficiaries.selectors.persons import persons_for
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.indicators import cells, disclosure
from suivi.indicators.models import Indicator, MeasurementSource, MeasurementValue, UnitType
from suivi.indicators.policies import may_list_records
from suivi.indicators.selectors.sheets import cell_label, indicators_for

# Lines listed per page: a figure can stand for hundreds of thousands of persons.
RECORDS_PER_PAGE = 500
PARTS = ("numerator", "denominator")
LINE_FIELDS = (
    "pk",
    "given_name",
    "family_name",
    "sex",
    "registered_on",
    "organisation__short_name",
    "category__name",
    "category__name_ar",
    "category__name_en",
)


@dataclass(frozen=True)
class RecordLine:
    """One record behind a figure: pseudonymous unless the user may open it."""

    reference: str
    organisation: str
    sex: str
    category: str
    person: Person | None  # set only when the user may open the record


@dataclass(frozen=True)
class RecordsPage:
    value: MeasurementValue
    indicator: Indicator
    cell: str  # the cell's label in the reader's language
    part: str  # "" for a count, numerator or denominator for a rate
    lines: list[RecordLine]
    page: Page[Person]


def pseudonyms(value: MeasurementValue, part: str) -> Callable[[Person], str]:
    """References for persons that hold within one figure (across its pages)
    and differ from one figure to the next, so lists of several figures
    cannot be joined to follow a person. The figure's key is derived once
    (from the secret key), then each person costs one HMAC."""
    key = salted_hmac("suivi.records_behind", f"{value.pk}:{part}", algorithm="sha256").digest()
    return lambda person: hmac.new(key, person.pk.bytes, hashlib.sha256).hexdigest()[:10]


def _figure(user: Actor, value_id: UUID | str) -> MeasurementValue | None:
    return (
        MeasurementValue.objects.select_related(
            "measurement", "measurement__indicator", "measurement__period"
        )
        .filter(
            pk=value_id,
            measurement__indicator__in=indicators_for(user),
            measurement__source=MeasurementSource.COMPUTED,
        )
        .first()
    )


def _is_hidden(value: MeasurementValue, unit: str) -> bool:
    """Whether the reader outside the M&E staff sees this figure as "< 5"
    (itself small, or hidden so that no small one can be worked back)."""
    if unit != UnitType.COUNT:
        return False
    numbers = dict(value.measurement.values.values_list("cell_key", "value"))
    return value.cell_key in disclosure.suppressed_cells(numbers)


def records_behind(
    user: Actor, value_id: UUID | str, part: str = "", page_number: str | int | None = None
) -> RecordsPage | None:
    """The persons counted in a figure (for a rate, `part` is numerator or
    denominator), a page at a time; None when `user` may not list them — the
    figure is not theirs, they may not list records, or the figure is hidden
    from them as a small count (a list of 1 to 4 lines would give the count
    back just as well). Everyone allowed sees organisation, sex and category,
    a per-figure pseudonym, and names only of persons they may open. The read
    is audited."""
    if not may_list_records(user):
        return None
    value = _figure(user, value_id)
    if value is None:
        return None
    measurement = value.measurement
    indicator = measurement.indicator
    version = indicator.current_version()
    computation = IndicatorComputation.objects.filter(indicator=indicator).first()
    if version is None or computation is None:
        return None
    exact = disclosure.sees_exact_counts(user)
    if not exact and _is_hidden(value, version.unit):
        return None
    is_rate = computation.spec.get("measure") == "rate"
    part = (part if part in PARTS else "numerator") if is_rate else ""
    # The stored facts are the records the figure adds up (frozen with a
    # locked period); the cell key names the sex and category they share.
    cell = cells.parse_key(value.cell_key)
    counted = ComputedFact.objects.filter(
        computation=computation,
        year=measurement.period.year,
        **{name: cell[name] for name in ("sex", "category") if name in cell},
    )
    if part == "numerator":
        counted = counted.filter(achieved=True)
    persons = (
        Person.objects.filter(pk__in=counted.values("person_id"))
        .select_related("organisation", "category")
        # Only what a line shows: a figure's page holds hundreds of persons.
        .only(*LINE_FIELDS)
        .order_by("organisation__short_name", "registered_on", "pk")
    )
    page = Paginator(persons, RECORDS_PER_PAGE).get_page(page_number)
    if not exact and 0 < page.paginator.count < disclosure.THRESHOLD:
        return None
    shown = list(page.object_list)
    reference = pseudonyms(value, part)
    openable = set(
        persons_for(user).filter(pk__in=[p.pk for p in shown]).values_list("pk", flat=True)
    )
    lines = [
        RecordLine(
            reference=reference(person),
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
        target=measurement,
        detail={
            "cell": value.cell_key,
            "part": part or "persons",
            "page": page.number,
            "count": len(lines),
            "total": page.paginator.count,
        },
    )
    dimensions = list(version.dimensions.prefetch_related("values"))
    return RecordsPage(
        value=value,
        indicator=indicator,
        cell=cell_label(value.cell_key, dimensions),
        part=part,
        lines=lines,
        page=page,
    )
