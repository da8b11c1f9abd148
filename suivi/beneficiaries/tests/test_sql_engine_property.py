"""The SQL engine gives exactly the Python engine's facts (the reference), on
random registries and random valid definitions (Hypothesis).

A registry: persons of three partners, some sharing an identity key (linked),
some hidden in an unpublished import batch; services of four types with
attributes holding strings, numbers, booleans and nulls (``true`` and ``1``
on purpose), related to an earlier service, at centres targeted for a period
or not, in technical trades or not. The records are written straight to the
tables (the engine must agree on whatever is stored, not only on what the
services accept), with distinct creation times: the order of services on one
day is their creation order in both engines.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suivi.accounts.models import OrganisationKind
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory
from suivi.beneficiaries.computation import engine, sql, sql_stage
from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.computation.store import EventStore
from suivi.beneficiaries.models import Centre, JourneyEvent, Person, TargetingPeriod, Trade
from suivi.beneficiaries.services import catalogue as service_catalogue
from suivi.beneficiaries.tests.factories import categories
from suivi.indicators import cells
from suivi.indicators.models import DimensionValue

pytestmark = pytest.mark.django_db

TYPES = ["enrol", "exam", "support", "placement"]
ORGS = ["en", "anapec", "care"]
SEXES = ["women", "men"]
DIMENSIONS = [cells.DimensionSpec("sex", ("women", "men"))]
DAYS = st.dates(min_value=date(2018, 6, 1), max_value=date(2021, 6, 30))
VALUES = st.sampled_from(
    [True, False, 1, 0, 1.0, 2, 12, "12", "yes", "cooperative", "sarl", "1", "true", None]
)
SCHOOL_YEARS = st.sampled_from(
    ["2018-2019", "2019-2020", "2020-2021", "2020", 2019, 2020.0, "x2019", "", None, True, "12", 7]
)
ATTRIBUTE_NAMES = ["passed", "outcome", "months"]


@st.composite
def registries(draw: Any) -> dict[str, Any]:
    identities = draw(st.integers(1, 5))
    persons = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "identity": st.integers(0, identities - 1),
                    "org": st.sampled_from(ORGS),
                    "sex": st.sampled_from(SEXES),
                    "category": st.sampled_from(["regularised", "refugee"]),
                    "registered_on": st.dates(date(2018, 1, 1), date(2020, 12, 31)),
                    "hidden": st.integers(0, 3).map(lambda n: n == 0),
                }
            ),
            min_size=1,
            max_size=7,
        )
    )
    attributes = st.dictionaries(
        st.sampled_from([*ATTRIBUTE_NAMES, "school_year"]),
        st.one_of(VALUES, SCHOOL_YEARS),
        max_size=3,
    )
    events = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "person": st.integers(0, len(persons) - 1),
                    "type": st.sampled_from(TYPES),
                    "org": st.sampled_from(ORGS),
                    "on": DAYS,
                    "centre": st.none() | st.integers(0, 2),
                    "trade": st.none() | st.integers(0, 1),
                    "related": st.none() | st.integers(0, 30),
                    "attributes": attributes,
                    "hidden": st.integers(0, 7).map(lambda n: n == 0),
                }
            ),
            max_size=18,
        )
    )
    centres = draw(st.lists(st.tuples(st.none() | DAYS, st.none() | DAYS), min_size=3, max_size=3))
    technical = draw(st.lists(st.booleans(), min_size=2, max_size=2))
    order = draw(st.permutations(range(len(persons) + len(events))))
    return {
        "persons": persons,
        "events": events,
        "centres": centres,
        "technical": technical,
        "order": order,
    }


def filters(draw: Any, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if draw(st.integers(0, 3)) == 0:
        result["organisations"] = draw(st.lists(st.sampled_from(ORGS), min_size=1, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        result["centre_targeted"] = True
    if draw(st.integers(0, 4)) == 0:
        result["trade_technical"] = True
    if draw(st.integers(0, 4)) == 0:
        result["sex"] = draw(st.sampled_from(SEXES))
    if draw(st.integers(0, 2)) == 0:
        result["attributes"] = draw(
            st.dictionaries(
                st.sampled_from(ATTRIBUTE_NAMES),
                VALUES | st.lists(VALUES, max_size=3),
                min_size=1,
                max_size=2,
            )
        )
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        result["related"] = filters(draw, depth + 1) or {"sex": draw(st.sampled_from(SEXES))}
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        result["preceded_by"] = selection(draw, depth + 1)
    return result


def selection(draw: Any, depth: int) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "types": draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True))
    }
    chosen = filters(draw, depth)
    if chosen:
        raw["filters"] = chosen
    return raw


@st.composite
def definitions(draw: Any) -> dict[str, Any]:
    measure = draw(st.sampled_from(["persons", "events", "rate"]))
    count = 1 if measure == "rate" else draw(st.integers(1, 2))
    chosen = [selection(draw, 0) for _ in range(count)]
    raw: dict[str, Any] = {
        "measure": measure,
        "events": chosen[0] if count == 1 and draw(st.booleans()) else chosen,
        "year": draw(st.sampled_from(["event", "school_year_start", "school_year_end"])),
        "first_only": draw(st.booleans()),
    }
    if measure == "rate":
        raw["numerator"] = {
            **selection(draw, 0),
            "via": draw(st.sampled_from(["related", "after"])),
        }
    return raw


def _store(registry: dict[str, Any]) -> None:
    """Write the registry straight to the tables (see the module docstring)."""
    categories()
    orgs = {
        code: OrganisationFactory(code=code, kind=OrganisationKind.PUBLIC_AGENCY) for code in ORGS
    }
    owner = orgs["en"]
    values = {v.code: v for v in DimensionValue.objects.filter(dimension__code="category")}
    types = {
        code: service_catalogue.put_service_type(actor=SYSTEM, code=code, name=code)[0]
        for code in TYPES
    }
    centres = [
        Centre.objects.create(organisation=owner, code=f"c{i}", name=f"C{i}", city="")
        for i in range(len(registry["centres"]))
    ]
    for centre, (start, end) in zip(centres, registry["centres"], strict=True):
        # A period that ends before it starts targets nothing: no row.
        if start is not None and (end is None or end >= start):
            TargetingPeriod.objects.create(centre=centre, starts_on=start, ends_on=end)
    trades = [
        Trade.objects.create(code=f"t{i}", name=f"T{i}", is_technical=technical)
        for i, technical in enumerate(registry["technical"])
    ]
    keys = [uuid.uuid4() for _ in range(6)]
    batch = uuid.uuid4()
    persons = [
        Person.all_objects.create(
            organisation=orgs[item["org"]],
            registered_on=item["registered_on"],
            given_name="Test",
            family_name="Propriété",
            sex=item["sex"],
            category=values[item["category"]],
            identity_key=keys[item["identity"]],
            import_batch=batch if item["hidden"] else None,
        )
        for item in registry["persons"]
    ]
    events: list[JourneyEvent] = []
    for item in registry["events"]:
        related = item["related"]
        events.append(
            JourneyEvent.all_objects.create(
                person=persons[item["person"]],
                event_type=types[item["type"]],
                organisation=orgs[item["org"]],
                occurred_on=item["on"],
                centre=None if item["centre"] is None else centres[item["centre"]],
                trade=None if item["trade"] is None else trades[item["trade"]],
                related_event=events[related]
                if related is not None and related < len(events)
                else None,
                attributes=item["attributes"],
                import_batch=batch if item["hidden"] else None,
            )
        )
    # Distinct creation times in a drawn order (not the order of the dates).
    start = datetime(2021, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)
    records: list[Any] = [*persons, *events]
    for position, index in enumerate(registry["order"]):
        record = records[index]
        type(record).all_objects.filter(pk=record.pk).update(
            created_at=start + timedelta(seconds=position)
        )


def _python(spec_raw: dict[str, Any]) -> tuple[list[engine.Fact], dict[str, engine.Identity]]:
    people = engine.identities()
    return engine.person_facts(parse(spec_raw), people, EventStore()), people


@settings(
    # More with SUIVI_PROPERTY_EXAMPLES=1000 (a few minutes).
    max_examples=int(os.environ.get("SUIVI_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(registry=registries(), raw=definitions(), other=definitions())
def test_sql_engine_gives_the_python_engines_facts(registry, raw, other):
    with transaction.atomic():
        _store(registry)
        expected, people = _python(raw)
        # A rebuild: both definitions from one read of the services (a stage).
        staged, staged_other = sql_stage.staged_facts([parse(raw), parse(other)])
        assert sorted(map(repr, staged)) == sorted(map(repr, expected)), raw
        assert sorted(map(repr, staged_other)) == sorted(map(repr, _python(other)[0])), other
        rows = list(sql.fact_rows(parse(raw)))
        assert sorted(map(repr, (r.fact for r in rows))) == sorted(map(repr, expected)), raw
        for row in rows:  # the identity's cell: its earliest published registration
            identity = people[row.identity]
            assert (row.person_id, row.sex, row.category) == (
                identity.person_id,
                identity.sex,
                identity.category,
            )
        # A refresh's scope: a few identities give their own facts, the same.
        chosen = sorted(people)[:2]
        scoped = sql.person_facts(parse(raw), [uuid.UUID(key) for key in chosen])
        assert sorted(map(repr, scoped)) == sorted(
            repr(fact) for fact in expected if fact.identity in chosen
        )
        spec = parse(raw)
        assert engine.tally(sql.grouped(spec), spec.measure, DIMENSIONS) == engine.evaluate(
            spec, DIMENSIONS
        )
        transaction.set_rollback(True)
