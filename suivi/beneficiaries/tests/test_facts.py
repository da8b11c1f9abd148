"""Stored facts: a refresh moves exactly what a rebuild would give."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.computation import sql_write
from suivi.beneficiaries.models import (
    Centre,
    ComputedFact,
    MatchCandidate,
    MatchReason,
    Person,
    StaleIdentity,
)
from suivi.beneficiaries.services import computation, duplicates, facts
from suivi.beneficiaries.tests.factories import event, person
from suivi.indicators.models import Dimension, Measurement
from suivi.indicators.services import periods
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

SPECS = {
    "Ind1.2": {
        "measure": "persons",
        "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
        "year": "school_year_start",
    },
    "Ind1.5": {
        "measure": "rate",
        "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
        "year": "school_year_end",
        "numerator": {
            "types": ["exam_result"],
            "filters": {"attributes": {"passed": True}},
            "via": "related",
        },
    },
    "Ind1.1": {"measure": "persons", "events": {"types": ["information_session"]}},
    "Sessions": {"measure": "events", "events": {"types": ["information_session"]}},
    "Ind1.8": {
        "measure": "persons",
        "events": {"types": ["scholarship"]},
        "year": "school_year_start",
        "first_only": True,
    },
}


@pytest.fixture
def computed(world):
    sex, category = Dimension.objects.get(code="sex"), Dimension.objects.get(code="category")
    first, result = None, None
    for code, spec in SPECS.items():
        # A rate is written to a percentage indicator (the service checks the unit).
        unit = {"unit": "percentage", "targets": ()} if spec["measure"] == "rate" else {}
        item = indicator(code=code, dimensions=[sex, category], result=result, **unit)
        first = first or item
        result = result or item.versions.get().result
        computation.define_computation(
            actor=SYSTEM, indicator=item, spec=spec, reason="Counted from the records."
        )
    computation.recompute(actor=SYSTEM, intervention=first.intervention)
    return first.intervention


def figures(intervention) -> dict:
    return {
        (m.indicator.code, m.period.year, v.cell_key): (v.value, v.numerator, v.denominator)
        for m in Measurement.objects.filter(indicator__intervention=intervention)
        for v in m.values.all()
    }


def test_recording_services_moves_the_figures_a_rebuild_gives(world, computed):
    en, people = world
    targeted = Centre.objects.get(code="en-rabat")
    before = figures(computed)
    newcomer = person(en, sex="men", category="refugee")
    enrolment = event(
        newcomer,
        "training_enrolment",
        centre=targeted,
        on=date(2019, 10, 5),
        attributes={"school_year": "2019-2020"},
    )
    event(
        newcomer,
        "exam_result",
        on=date(2020, 6, 30),
        related_event=enrolment,
        attributes={"passed": True},
    )
    event(people[1], "information_session", on=date(2020, 1, 5), centre=targeted)
    event(people[1], "information_session", on=date(2020, 2, 5), centre=targeted)
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
    assert StaleIdentity.objects.count() == 3

    assert computation.refresh_stale(actor=SYSTEM) > 0
    refreshed = figures(computed)
    assert StaleIdentity.objects.count() == 0
    assert refreshed != before
    assert refreshed[("Ind1.2", 2019, "")][0] == 4
    assert refreshed[("Ind1.5", 2020, "")][1:] == (2, 4)
    assert refreshed[("Sessions", 2020, "sex=women")][0] == 2
    assert refreshed[("Ind1.1", 2020, "sex=women")][0] == 1
    assert ("Ind1.8", 2020, "") not in refreshed or refreshed[("Ind1.8", 2020, "")][0] == 0

    # A second round on the same persons: their facts that did not change
    # the first time must still be there (counted once, not lost or doubled).
    event(people[1], "information_session", on=date(2020, 3, 5), centre=targeted)
    event(newcomer, "information_session", on=date(2020, 4, 5), centre=targeted)
    computation.refresh_stale(actor=SYSTEM)
    again = figures(computed)
    assert again[("Ind1.1", 2020, "")][0] == 2 and again[("Sessions", 2020, "")][0] == 4
    assert again[("Ind1.2", 2019, "")][0] == 4

    computation.recompute(actor=SYSTEM, intervention=computed, rebuild=True)
    assert figures(computed) == again


def test_linking_two_records_counts_the_person_once(world, computed):
    en, people = world
    centre = Centre.objects.get(code="en-rabat")
    other = person(en, sex="women", given_name="Awa", family_name="Diallo")
    event(people[0], "information_session", on=date(2020, 1, 5), centre=centre)
    event(other, "information_session", on=date(2020, 1, 9), centre=centre)
    computation.refresh_stale(actor=SYSTEM)
    assert figures(computed)[("Ind1.1", 2020, "")][0] == 2
    candidate = MatchCandidate.objects.create(
        person_a=people[0], person_b=other, reason=MatchReason.PHONE, probability=1.0
    )
    duplicates.link(actor=SYSTEM, candidate=candidate, reason="Same phone, same person.")
    computation.refresh_stale(actor=SYSTEM)
    assert figures(computed)[("Ind1.1", 2020, "")][0] == 1
    assert figures(computed)[("Sessions", 2020, "")][0] == 2
    duplicates.reject(actor=SYSTEM, candidate=candidate, reason="Sisters, not one person.")
    computation.refresh_stale(actor=SYSTEM)
    assert figures(computed)[("Ind1.1", 2020, "")][0] == 2


def test_a_locked_year_keeps_its_figures_and_the_records_behind_them(world, computed):
    en, _people = world
    targeted = Centre.objects.get(code="en-rabat")
    period = periods.ensure_period(actor=SYSTEM, intervention=computed, year=2019)
    periods.lock_period(actor=SYSTEM, period=period)
    frozen = set(ComputedFact.objects.filter(year=2019).values_list("pk", flat=True))
    event(
        person(en),
        "training_enrolment",
        centre=targeted,
        on=date(2019, 10, 9),
        attributes={"school_year": "2019-2020"},
    )
    computation.refresh_stale(actor=SYSTEM)
    assert figures(computed)[("Ind1.2", 2019, "")][0] == 3
    computation.recompute(actor=SYSTEM, intervention=computed, rebuild=True)
    assert figures(computed)[("Ind1.2", 2019, "")][0] == 3
    assert set(ComputedFact.objects.filter(year=2019).values_list("pk", flat=True)) == frozen


def test_a_rebuild_with_the_sql_engine_writes_the_python_engines_facts(world, computed):
    """The rebuild (SQL engine) writes, row for row, what the refresh (Python
    engine, the reference) writes for the same identities."""

    def stored():
        return sorted(
            ComputedFact.objects.values_list(
                "computation_id",
                "identity_key",
                "person_id",
                "year",
                "sex",
                "category",
                "events",
                "achieved",
            ),
            key=repr,
        )

    whole = figures(computed)
    progress: list[tuple[int, int]] = []
    plan = facts.computed_indicators(computed)
    # Stored facts gone wrong: only the differences are rewritten, and rightly.
    first, second = ComputedFact.objects.order_by("pk")[:2]
    ComputedFact.objects.filter(pk=first.pk).update(events=99, sex="x")
    second.delete()
    facts.rebuild(plan, lambda done, total: progress.append((done, total)))
    by_sql = stored()
    assert by_sql and any(row[-1] for row in by_sql)  # a rate reached its numerator
    ComputedFact.objects.all().delete()
    keys = set(Person.objects.values_list("identity_key", flat=True))
    facts.refresh(plan, keys, actor=SYSTEM)
    assert stored() == by_sql
    facts.write_values(plan, SYSTEM)
    assert figures(computed) == whole
    assert progress == [(n, len(SPECS)) for n in range(1, len(SPECS) + 1)]


def _schema() -> list[tuple[str, str]]:
    """The facts table's indexes and constraints (PostgreSQL), as defined."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass ORDER BY 1",
            [ComputedFact._meta.db_table] * 2,
        )
        return cursor.fetchall()


def test_a_first_rebuild_writes_every_fact_then_builds_the_indexes(world, computed, monkeypatch):
    """When most facts are missing, PostgreSQL writes them into the table
    without its indexes and constraints, built again after: emptied whole
    when it holds nothing else, else only the rebuild's facts deleted (a
    locked year's stay, the same rows). The facts are those written in place."""
    plan = facts.computed_indicators(computed)
    rows = ("computation_id", "identity_key", "person_id", "year", "sex", "category", "events")
    in_place = sorted(ComputedFact.objects.values_list(*rows, "achieved"), key=repr)
    schema = _schema()
    monkeypatch.setattr(sql_write, "_mostly_missing", lambda *_args: True)
    emptied: list[bool] = []
    only_scope = sql_write._only_scope
    monkeypatch.setattr(
        sql_write, "_only_scope", lambda *args: emptied.append(only_scope(*args)) or emptied[-1]
    )
    ComputedFact.objects.filter(year=2020).delete()
    facts.rebuild(plan)  # nothing else stored: emptied whole, then written
    assert sorted(ComputedFact.objects.values_list(*rows, "achieved"), key=repr) == in_place
    assert _schema() == schema
    period = periods.ensure_period(actor=SYSTEM, intervention=computed, year=2019)
    periods.lock_period(actor=SYSTEM, period=period)
    frozen = set(ComputedFact.objects.filter(year=2019).values_list("pk", flat=True))
    facts.rebuild(facts.computed_indicators(computed))  # the locked year's facts stay
    assert set(ComputedFact.objects.filter(year=2019).values_list("pk", flat=True)) == frozen
    assert sorted(ComputedFact.objects.values_list(*rows, "achieved"), key=repr) == in_place
    assert _schema() == schema
    assert emptied == ([True, False] if connection.vendor == "postgresql" else [])


def test_the_recompute_command_refreshes_or_rebuilds_with_progress(world, computed):
    _en, people = world
    centre = Centre.objects.get(code="en-rabat")
    event(people[2], "information_session", on=date(2020, 3, 5), centre=centre)
    out = io.StringIO()
    call_command("recompute", "--intervention", computed.code, stdout=out)
    assert figures(computed)[("Ind1.1", 2020, "sex=men")][0] == 1
    assert f"{computed.code}: " in out.getvalue()
    ComputedFact.objects.all().delete()
    out = io.StringIO()
    call_command("recompute", "--rebuild", stdout=out)
    assert "Indicators [" in out.getvalue()
    assert figures(computed)[("Ind1.1", 2020, "sex=men")][0] == 1
    with pytest.raises(CommandError):
        call_command("recompute", "--intervention", "NOPE", stdout=io.StringIO())


def test_a_service_before_the_registration_counts_in_its_year(world, computed):
    """Last year's session entered late: recorded, the person registered at
    its date, and the year's figure follows (as a rebuild gives it)."""
    en, _people = world
    targeted = Centre.objects.get(code="en-rabat")
    late = person(en, sex="women", registered_on=date(2020, 1, 10))
    computation.refresh_stale(actor=SYSTEM)
    before = figures(computed).get(("Ind1.1", 2019, "sex=women"), (0,))[0]
    event(late, "information_session", on=date(2019, 11, 5), centre=targeted)
    late.refresh_from_db()
    assert late.registered_on == date(2019, 11, 5)
    computation.refresh_stale(actor=SYSTEM)
    after = figures(computed)
    assert after[("Ind1.1", 2019, "sex=women")][0] == before + 1
    computation.recompute(actor=SYSTEM, intervention=computed, rebuild=True)
    assert figures(computed) == after
