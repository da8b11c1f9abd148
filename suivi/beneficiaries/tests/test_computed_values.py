"""Computed values and what they must never do: overwrite an entered value,
or turn a year without records into a measured 0."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import Centre
from suivi.beneficiaries.services import computation
from suivi.beneficiaries.tests.factories import event, person
from suivi.core.models import AuditEvent
from suivi.core.templatetags.audit import audit_changes
from suivi.indicators.models import Dimension, Measurement
from suivi.indicators.selectors.progress import progress_table
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

ENROLLED = {
    "measure": "persons",
    "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
    "year": "school_year_start",
}
SUCCESS_RATE = {
    "measure": "rate",
    "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
    "year": "school_year_end",
    "numerator": {
        "types": ["exam_result"],
        "filters": {"attributes": {"passed": True}},
        "via": "related",
    },
}
PLACED_RATE = {  # nobody in the world is placed: 0 of n
    "measure": "rate",
    "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
    "year": "school_year_end",
    "numerator": {"types": ["job_placement"], "via": "after"},
}


def total(item, year):
    measurement = Measurement.objects.filter(indicator=item, period__year=year).first()
    if measurement is None:
        return None
    value = measurement.values.get(cell_key="")
    return (measurement.source, value.value, value.numerator, value.denominator)


def _entered(item, year: int, value: int) -> Measurement:
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)
    measurement, _gaps = measurements.save_values(
        actor=SYSTEM, indicator=item, period=period, values=[CellValue(value=Decimal(value))]
    )
    measurements.submit(actor=SYSTEM, measurement=measurement)
    return measurements.approve(actor=SYSTEM, measurement=measurement)


def test_a_recompute_never_overwrites_an_entered_value(world):
    item = indicator(code="Ind1.2", dimensions=[Dimension.objects.get(code="sex")])
    _entered(item, 2019, 7)  # typed in before the indicator was computed
    computation.define_computation(
        actor=SYSTEM, indicator=item, spec=ENROLLED, reason="Counted from the records."
    )
    computation.recompute(actor=SYSTEM, intervention=item.intervention)
    assert total(item, 2019) == ("entered", 7, None, None)
    assert total(item, 2020) == ("computed", 0, None, None)
    # Reported: the recomputation's audit event names the entered value it kept…
    run = AuditEvent.objects.filter(action="beneficiaries.indicators.computed").first()
    assert run.detail["kept"] == {"entered": ["Ind1.2 2019"]}
    assert audit_changes(run) == "entered values kept: Ind1.2 2019"
    # …and the computed value has its workflow step, as an entered one has.
    step = Measurement.objects.get(indicator=item, period__year=2020).transitions.get()
    assert (step.to_status, step.actor) == ("approved", None)
    assert step.note.startswith("Computed from person records by the rule of version ")

    # A service of that year, refreshed: the entered value still stands.
    en, _people = world
    targeted = Centre.objects.get(code="en-rabat")
    event(
        person(en),
        "training_enrolment",
        centre=targeted,
        on=date(2019, 10, 9),
        attributes={"school_year": "2019-2020"},
    )
    computation.refresh_stale(actor=SYSTEM)
    assert total(item, 2019) == ("entered", 7, None, None)
    computation.recompute(actor=SYSTEM, intervention=item.intervention, rebuild=True)
    assert total(item, 2019) == ("entered", 7, None, None)


@pytest.fixture
def three(world):
    """A count and two rates computed over the world (services in 2019 and
    2020 only; the intervention runs 2018–2022)."""
    sex = Dimension.objects.get(code="sex")
    enrolled = indicator(code="Ind1.2", dimensions=[sex])
    result = enrolled.versions.get().result
    rate = {"unit": "percentage", "dimensions": [sex], "result": result, "targets": ()}
    success = indicator(code="Ind1.5", **rate)
    placed = indicator(code="OS3", **rate)
    for item, spec in ((enrolled, ENROLLED), (success, SUCCESS_RATE), (placed, PLACED_RATE)):
        computation.define_computation(
            actor=SYSTEM, indicator=item, spec=spec, reason="Counted from the records."
        )
    return enrolled, success, placed


def _session_in_2022(world):
    _en, people = world
    centre = Centre.objects.get(code="en-fes")
    event(people[0], "information_session", on=date(2022, 3, 1), centre=centre)


def test_a_year_without_records_stays_not_measured(world, three):
    enrolled, success, placed = three
    _session_in_2022(world)  # a partner reported in 2022: nobody did in 2021
    computation.recompute(actor=SYSTEM, intervention=enrolled.intervention)

    # A count: measured where it has records, 0 where partners reported, blank otherwise.
    assert total(enrolled, 2018) is None
    assert total(enrolled, 2019) == ("computed", 3, None, None)
    assert total(enrolled, 2020) == ("computed", 0, None, None)
    assert total(enrolled, 2021) is None
    assert total(enrolled, 2022) == ("computed", 0, None, None)
    # A rate: measured when it has a population (0 of n too), never 0 without one.
    assert total(success, 2020)[2:] == (1, 3)
    assert total(placed, 2020) == ("computed", 0, 0, 3)
    for year in (2019, 2021, 2022):
        assert total(success, year) is None and total(placed, year) is None

    # The steering committee's table shows blanks, not 0.
    rows = {r.indicator.code: r for r in progress_table(SYSTEM, enrolled.intervention, 2021)}
    assert rows["Ind1.2"].reporting_year is None
    assert rows["Ind1.2"].previous_year.total == 0
    assert rows["Ind1.5"].reporting_year is None


def test_a_refresh_leaves_the_same_blanks_and_zeros_as_a_rebuild(world, three):
    enrolled = three[0]
    computation.recompute(actor=SYSTEM, intervention=enrolled.intervention)
    assert total(enrolled, 2021) is None and total(enrolled, 2022) is None
    _session_in_2022(world)  # the first service of 2022, refreshed
    computation.refresh_stale(actor=SYSTEM)
    refreshed = {
        (item.code, year): total(item, year) for item in three for year in range(2018, 2023)
    }
    assert refreshed[("Ind1.2", 2021)] is None
    assert refreshed[("Ind1.2", 2022)] == ("computed", 0, None, None)
    computation.recompute(actor=SYSTEM, intervention=enrolled.intervention, rebuild=True)
    assert {
        (item.code, year): total(item, year) for item in three for year in range(2018, 2023)
    } == refreshed


def test_a_computation_is_defined_only_with_a_declaration(world):
    item = indicator(code="Ind1.2")
    with pytest.raises(ValidationError, match="why"):
        computation.define_computation(actor=SYSTEM, indicator=item, spec=ENROLLED)
    item.refresh_from_db()
    assert not item.is_computed
    computation.define_computation(
        actor=SYSTEM,
        indicator=item,
        spec=ENROLLED,
        computed_from_year=2020,
        reason="The 2020 framework counts it from the records.",
    )
    item.refresh_from_db()
    assert (item.computed_from_year, item.computed_source) == (2020, "beneficiaries")
    # Restating the definition keeps the declaration (and writes no new one).
    computation.define_computation(actor=SYSTEM, indicator=item, spec=ENROLLED)
    assert AuditEvent.objects.filter(action="indicators.indicator.declared_computed").count() == 1
    computation.recompute(actor=SYSTEM, intervention=item.intervention)
    assert total(item, 2019) is None  # before the declared year: not computed
    assert total(item, 2020) == ("computed", 0, None, None)
