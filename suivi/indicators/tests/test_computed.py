"""Computed values written through the indicators app: registered sources,
the declaration, entered values kept, the audit of each cell, the history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.core.models import AuditEvent
from suivi.core.templatetags.audit import audit_changes
from suivi.indicators.models import Measurement, MeasurementTransition
from suivi.indicators.services import computed, measurements, periods, sources
from suivi.indicators.services.computed import ComputedFigure, Skip
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.services.sources import IndicatorSource
from suivi.indicators.tests.factories import indicator, sex_dimension

pytestmark = pytest.mark.django_db

TEST_SOURCE = IndicatorSource(name="tests", label="test records")
OTHER_SOURCE = IndicatorSource(name="other", label="other records")


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(
        sources, "registered_sources", lambda: {"tests": TEST_SOURCE, "other": OTHER_SOURCE}
    )


@pytest.fixture
def item():
    created = indicator(code="Ind1.2", dimensions=[sex_dimension()])
    return sources.declare_computed(
        actor=SYSTEM, indicator=created, source="tests", from_year=2019, reason="From records."
    )


def figure(item, year, total, women=None, men=None, definition="v1"):
    values = {"": total, "sex=women": women, "sex=men": men}
    return ComputedFigure(
        item,
        year,
        {k: CellValue(k, Decimal(v)) for k, v in values.items() if v is not None},
        definition,
    )


def write(*figures):
    return computed.write_computed(actor=SYSTEM, source="tests", figures=figures)


def cells_of(item, year):
    measurement = Measurement.objects.get(indicator=item, period__year=year)
    return {v.cell_key: v.value for v in measurement.values.all()}


def events(action="indicators.measurement.computed"):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_sources_are_what_the_apps_register(monkeypatch):
    monkeypatch.undo()
    sources.registered_sources.cache_clear()
    assert sources.registered_sources()["beneficiaries"].name == "beneficiaries"


def test_a_source_registered_under_another_name_is_refused(settings, monkeypatch):
    from django.apps import apps

    monkeypatch.undo()
    config = apps.get_app_config("indicators")
    monkeypatch.setattr(
        config,
        "indicator_sources",
        {"finance": "suivi.beneficiaries.computation.source.SOURCE"},
        raising=False,
    )
    sources.registered_sources.cache_clear()
    with pytest.raises(ImproperlyConfigured):
        sources.registered_sources()
    sources.registered_sources.cache_clear()


def test_an_unregistered_source_is_refused(item):
    with pytest.raises(ValidationError):
        computed.write_computed(actor=SYSTEM, source="finance", figures=[figure(item, 2020, 3)])
    with pytest.raises(ValidationError):
        sources.declare_computed(
            actor=SYSTEM, indicator=item, source="finance", from_year=2019, reason="Why not."
        )
    assert not Measurement.objects.exists()


def test_declaring_needs_the_right_a_reason_and_a_year_of_the_intervention(item):
    assert item.is_computed and item.computed_from_year == 2019
    declared = AuditEvent.objects.get(action="indicators.indicator.declared_computed")
    assert declared.changed_fields == sorted(
        ["is_computed", "computed_from_year", "computed_source", "computed_reason"]
    )
    assert declared.detail == {"source": "tests", "from_year": 2019, "system": "tests"}
    with pytest.raises(ValidationError, match="why"):
        sources.declare_computed(
            actor=SYSTEM, indicator=item, source="tests", from_year=2019, reason="  "
        )
    with pytest.raises(ValidationError, match="outside"):
        sources.declare_computed(
            actor=SYSTEM, indicator=item, source="tests", from_year=2031, reason="Later."
        )
    with pytest.raises(PermissionDenied):
        sources.declare_computed(
            actor=member(Role.PARTNER_FOCAL_POINT),
            indicator=item,
            source="tests",
            from_year=2019,
            reason="Mine.",
        )
    # Saying it again writes nothing.
    sources.declare_computed(
        actor=SYSTEM, indicator=item, source="tests", from_year=2019, reason="From records."
    )
    assert AuditEvent.objects.filter(action="indicators.indicator.declared_computed").count() == 1


def test_an_indicator_not_declared_by_the_source_is_not_written(item):
    plain = indicator(code="Ind1.3", result=item.versions.get().result)
    report = write(figure(plain, 2020, 5))
    assert report.skipped == [computed.Skipped("Ind1.3", 2020, Skip.NOT_DECLARED)]
    report = computed.write_computed(actor=SYSTEM, source="other", figures=[figure(item, 2020, 5)])
    assert report.skipped[0].reason == Skip.NOT_DECLARED
    assert not Measurement.objects.exists()


def test_a_first_write_is_approved_with_its_step_and_each_cell_audited(item):
    report = write(figure(item, 2020, 3, women=2, men=1))
    assert (report.created, report.changed, report.unchanged) == (1, 0, 0)
    measurement = Measurement.objects.get(indicator=item, period__year=2020)
    assert (measurement.status, measurement.source) == ("approved", "computed")
    assert measurement.computed_definition == "tests:v1"
    step = MeasurementTransition.objects.get(measurement=measurement)
    assert (step.from_status, step.to_status, step.actor) == ("draft", "approved", None)
    assert step.note == "Computed from test records (definition v1)."
    [event] = events()
    assert event.object_id == str(measurement.pk)
    assert event.changed_fields == ["sex=men", "sex=women", "total"]
    assert event.detail["cells"] == {
        "": [None, "3"],
        "sex=men": [None, "1"],
        "sex=women": [None, "2"],
    }
    assert (event.detail["indicator"], event.detail["year"]) == ("Ind1.2", 2020)
    assert event.detail["source"] == "tests" and event.detail["definition"] == "v1"


def test_a_later_write_changes_and_audits_only_the_cells_that_moved(item):
    write(figure(item, 2020, 3, women=2, men=1))
    report = write(figure(item, 2020, 3, women=2, men=1))
    assert (report.created, report.changed, report.unchanged) == (0, 0, 1)
    assert len(events()) == 1  # nothing changed, nothing recorded
    report = write(figure(item, 2020, 4, women=4))
    assert report.changed == 1
    assert cells_of(item, 2020) == {"": 4, "sex=women": 4}
    assert events()[-1].detail["cells"] == {
        "": ["3", "4"],
        "sex=men": ["1", None],
        "sex=women": ["2", "4"],
    }
    assert MeasurementTransition.objects.count() == 1  # the same definition: no new step
    write(figure(item, 2020, 4, women=4, definition="v2"))
    steps = MeasurementTransition.objects.order_by("created_at")
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("draft", "approved"),
        ("approved", "approved"),
    ]
    assert "v2" in steps[1].note


def test_entered_values_earlier_years_and_locked_periods_are_kept(item):
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2021)
    item.is_computed = False  # typed in before the declaration
    entered, _gaps = measurements.save_values(
        actor=SYSTEM, indicator=item, period=period, values=[CellValue(value=Decimal(9))]
    )
    item.is_computed = True
    write(figure(item, 2020, 3))
    periods.lock_period(
        actor=SYSTEM,
        period=Measurement.objects.get(indicator=item, period__year=2020).period,
    )
    report = write(
        figure(item, 2018, 1), figure(item, 2020, 4), figure(item, 2021, 5), figure(item, 2022, 6)
    )
    assert [(s.year, s.reason) for s in report.skipped] == [
        (2018, Skip.BEFORE_DECLARED_YEAR),
        (2020, Skip.LOCKED),
        (2021, Skip.ENTERED),
    ]
    assert report.conflicts() == {"entered": ["Ind1.2 2021"]}
    assert report.created == 1
    assert cells_of(item, 2020) == {"": 3}
    entered.refresh_from_db()
    assert entered.source == "entered" and cells_of(item, 2021) == {"": 9}
    assert not Measurement.objects.filter(indicator=item, period__year=2018).exists()


def test_not_measured_removes_a_computed_value_with_its_cells_audited(item):
    write(figure(item, 2020, 2, women=2))
    report = write(ComputedFigure(item, 2020, None, "v1"))
    assert report.removed == 1
    assert not Measurement.objects.filter(indicator=item).exists()
    [removed] = events("indicators.measurement.computed_removed")
    assert removed.detail["cells"] == {"": ["2", None], "sex=women": ["2", None]}
    # Not measured and nothing stored: nothing to do.
    assert write(ComputedFigure(item, 2021, None)).removed == 0


def test_a_rate_keeps_n_and_n_and_the_audit_shows_them(item):
    rate = indicator(code="OS2", unit="percentage", result=item.versions.get().result, targets=())
    sources.declare_computed(
        actor=SYSTEM, indicator=rate, source="tests", from_year=2019, reason="From records."
    )
    write(ComputedFigure(rate, 2020, {"": CellValue("", None, Decimal(30), Decimal(68))}))
    value = Measurement.objects.get(indicator=rate).values.get()
    assert (value.value, value.numerator, value.denominator) == (Decimal("44.12"), 30, 68)
    assert events()[-1].detail["cells"] == {"": [None, "30/68"]}


def test_a_bad_figure_is_refused_whole(item):
    with pytest.raises(ValueError, match="does not exist"):
        write(
            figure(item, 2020, 3),
            ComputedFigure(
                item,
                2021,
                {"": CellValue("", Decimal(1)), "age=old": CellValue("age=old", Decimal(1))},
            ),
        )
    with pytest.raises(ValueError, match="total"):
        write(ComputedFigure(item, 2020, {"sex=women": CellValue("sex=women", Decimal(1))}))
    assert not Measurement.objects.exists()


def test_writing_many_figures_costs_a_query_per_changed_value_at_most(item):
    result = item.versions.get().result
    many = [item] + [
        sources.declare_computed(
            actor=SYSTEM,
            indicator=indicator(code=f"Ind2.{n}", result=result, dimensions=[sex_dimension()]),
            source="tests",
            from_year=2019,
            reason="From records.",
        )
        for n in range(1, 8)
    ]
    for year in (2019, 2020, 2021):
        periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)

    def queries(figures):
        with CaptureQueriesContext(connection) as captured:
            write(*figures)
        return len(captured)

    one = queries([figure(item, 2019, 1, women=1)])
    all_new = queries([figure(i, y, 2, women=1, men=1) for i in many for y in (2020, 2021)])
    # One audit event per measurement written; everything else in bulk.
    assert all_new - one <= 2 * len(many) - 1
    unchanged = queries([figure(i, y, 2, women=1, men=1) for i in many for y in (2020, 2021)])
    assert unchanged <= one


def test_the_audit_trail_shows_the_cells_before_and_after(client, item):
    write(figure(item, 2020, 3, women=2, men=1))
    write(figure(item, 2020, 4, women=3, men=1))
    event = events()[-1]
    assert audit_changes(event) == "total 3 → 4 · sex=women 2 → 3"
    client.force_login(member(Role.INTERVENTION_MANAGER))
    body = client.get(reverse("core:audit_trail")).content.decode()
    assert "total 3 → 4 · sex=women 2 → 3" in body
    with translation.override("fr"):  # the manager reads Suivi in French
        assert translation.gettext("Computed value written") in body


def test_migration_0006_declares_indicators_already_holding_computed_values():
    from importlib import import_module

    from django.apps import apps

    from suivi.indicators.models import Indicator
    from suivi.indicators.tests.factories import computed_measurement

    migration = import_module("suivi.indicators.migrations.0006_computed_declaration")
    old = indicator(code="Ind1.1", is_computed=True)
    computed_measurement(old, 2020, {"": 3})
    computed_measurement(old, 2019, {"": 2})
    planned = indicator(code="Ind1.3", is_computed=True, result=old.versions.get().result)
    migration.declare_existing(apps, None)
    old, planned = Indicator.objects.get(pk=old.pk), Indicator.objects.get(pk=planned.pk)
    assert (old.computed_from_year, old.computed_source) == (2019, "beneficiaries")
    assert old.computed_reason and old.is_declared_computed
    assert planned.computed_from_year is None and not planned.is_declared_computed


def test_years_before_the_declared_one_still_take_entered_values(item, client):
    """Declared computed from 2019: 2018 is typed in (and reviewed), 2019 on is not."""
    from suivi.indicators import policies

    officer = member(Role.ME_OFFICER)
    assert item.intervention.years[0] < 2019
    first = item.intervention.years[0]
    assert policies.may_enter_values(officer, item, first)
    assert not policies.may_enter_values(officer, item, 2019)
    earlier = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=first)
    measurement, _gaps = measurements.save_values(
        actor=officer, indicator=item, period=earlier, values=[CellValue("", Decimal(12))]
    )
    assert measurement.source == "entered"
    later = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2019)
    with pytest.raises(PermissionDenied):
        measurements.save_values(
            actor=officer, indicator=item, period=later, values=[CellValue("", Decimal(12))]
        )
    client.force_login(officer)
    assert client.get(reverse("indicators:entry", args=[item.pk, first])).status_code == 200
    assert client.get(reverse("indicators:entry", args=[item.pk, 2019])).status_code == 404


def test_a_steps_note_isolates_the_definitions_name_for_right_to_left_reading():
    from suivi.indicators.services.sources import step_note

    message = {"source": "capacity", "definition": "e926554f0fea", "new": True}
    with translation.override("ar"):
        note = step_note(message)
    assert "\u2068e926554f0fea\u2069" in note
