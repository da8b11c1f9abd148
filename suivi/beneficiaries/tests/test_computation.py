"""The computation engine and the recompute service on a small, known set."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.computation.store import EventStore
from suivi.beneficiaries.models import Centre, Person
from suivi.beneficiaries.services import computation
from suivi.beneficiaries.tests.factories import event, person
from suivi.core.models import AuditEvent
from suivi.indicators import cells
from suivi.indicators.models import Dimension, Measurement
from suivi.indicators.services import periods
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

SEX = cells.DimensionSpec("sex", ("women", "men"))
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


def test_unique_persons_by_school_year_and_sex(world):
    results = engine.evaluate(parse(ENROLLED), [SEX])
    assert set(results) == {2019}
    assert {k: r.value for k, r in results[2019].items()} == {"": 3, "sex=women": 2, "sex=men": 1}
    facts = engine.person_facts(parse(ENROLLED), engine.identities(), EventStore())
    assert sorted(f.year for f in facts) == [2019, 2019, 2019]


def test_a_rate_keeps_numerator_and_denominator(world):
    results = engine.evaluate(parse(SUCCESS_RATE), [SEX])
    total = results[2020][""]
    assert (total.numerator, total.denominator, total.value) == (1, 3, Decimal("33.33"))
    assert results[2020]["sex=women"].numerator == 1


def test_linked_records_count_once(world):
    _en, people = world
    centre = Centre.objects.get(code="en-rabat")
    anapec = OrganisationFactory(code="anapec")
    again = person(anapec, sex="women", registered_on=date(2019, 2, 1))
    # Link: the same person registered by a second partner shares the identity key.
    Person.objects.filter(pk=again.pk).update(identity_key=people[0].identity_key)
    again.refresh_from_db()
    event(people[0], "information_session", on=date(2020, 1, 5), centre=centre)
    event(again, "information_session", on=date(2020, 2, 5), centre=centre)
    spec = parse({"measure": "persons", "events": {"types": ["information_session"]}})
    assert engine.evaluate(spec, [SEX])[2020][""].value == 1
    events_spec = parse({"measure": "events", "events": {"types": ["information_session"]}})
    assert engine.evaluate(events_spec, [SEX])[2020][""].value == 2


def test_first_only_counts_a_person_in_the_year_of_the_first_match(world):
    _en, people = world
    grid = {"grid_score": 14, "eligible": True}
    event(
        people[0],
        "scholarship",
        on=date(2019, 11, 1),
        attributes={"school_year": "2019-2020", **grid},
    )
    event(
        people[0],
        "scholarship",
        on=date(2020, 11, 1),
        attributes={"school_year": "2020-2021", **grid},
    )
    spec = parse({"measure": "persons", "events": {"types": ["scholarship"]}, "first_only": True})
    results = engine.evaluate(spec, [])
    assert results[2019][""].value == 1 and 2020 not in results


def test_bad_definitions_are_refused():
    for raw in (
        {"measure": "mean"},
        {"measure": "persons", "events": {"types": []}},
        {"measure": "persons", "events": {"types": ["x"], "filters": {"colour": 1}}},
        {"measure": "rate", "events": {"types": ["x"]}},
    ):
        with pytest.raises(ValidationError):
            parse(raw)


def test_stating_the_definition_in_force_again_writes_nothing(
    world, django_capture_on_commit_callbacks
):
    item = indicator(code="Ind1.2", dimensions=[Dimension.objects.get(code="sex")])
    with django_capture_on_commit_callbacks() as first:
        computation.define_computation(
            actor=SYSTEM, indicator=item, spec=ENROLLED, reason="Counted from the records."
        )
    defined = AuditEvent.objects.filter(action="beneficiaries.computation.defined")
    assert (defined.count(), len(first)) == (1, 1)  # audited, a rebuild requested
    item.refresh_from_db()
    with django_capture_on_commit_callbacks() as again:
        computation.define_computation(actor=SYSTEM, indicator=item, spec=ENROLLED)
    assert (defined.count(), len(again)) == (1, 0)
    changed = {**ENROLLED, "first_only": True}
    with django_capture_on_commit_callbacks() as third:
        computation.define_computation(
            actor=SYSTEM, indicator=item, spec=changed, reason="Counted once over the years."
        )
    assert (defined.count(), len(third)) == (2, 1)


def test_recompute_writes_approved_computed_values_and_respects_locks(world):
    item = indicator(code="Ind1.2", dimensions=[Dimension.objects.get(code="sex")])
    computation.define_computation(
        actor=SYSTEM, indicator=item, spec=ENROLLED, reason="Counted from the records."
    )
    item.refresh_from_db()
    assert item.is_computed
    computation.recompute(actor=SYSTEM, intervention=item.intervention)
    measurement = Measurement.objects.get(indicator=item, period__year=2019)
    assert measurement.source == "computed" and measurement.status == "approved"
    assert {v.cell_key: v.value for v in measurement.values.all()} == {
        "": 3,
        "sex=women": 2,
        "sex=men": 1,
    }
    # 2020 has services (the exams), no enrolment: a measured zero.
    assert (
        Measurement.objects.get(indicator=item, period__year=2020).values.get(cell_key="").value
        == 0
    )
    periods.lock_period(actor=SYSTEM, period=measurement.period)
    en, _people = world
    targeted = Centre.objects.get(code="en-rabat")
    event(
        person(en),
        "training_enrolment",
        centre=targeted,
        on=date(2019, 10, 9),
        attributes={"school_year": "2019-2020"},
    )
    computation.recompute(actor=SYSTEM, intervention=item.intervention)
    assert (
        Measurement.objects.get(indicator=item, period__year=2019).values.get(cell_key="").value
        == 3
    )
