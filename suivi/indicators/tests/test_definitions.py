from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.indicators.models import IndicatorVersion, MeasurementValue
from suivi.indicators.services import definitions, measurements, periods
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.indicators.tests.factories import indicator, sex_dimension
from suivi.programmes.services import open_revision
from suivi.programmes.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db


def _spec(result, **overrides):
    fields = {
        "code": "X1",
        "result": result,
        "title": "Titre",
        "unit": "count",
        "aggregation": "periodic",
        "targets": [TargetSpec(2020, Decimal(10)), TargetSpec(0, Decimal(50))],
    }
    return IndicatorSpec(**(fields | overrides))


def test_putting_the_same_definition_twice_changes_nothing():
    result = ResultFactory()
    revision = result.introduced_in
    definitions.put_indicator(actor=SYSTEM, revision=revision, spec=_spec(result))
    again, changed = definitions.put_indicator(actor=SYSTEM, revision=revision, spec=_spec(result))
    assert changed == []
    assert again.versions.count() == 1


def test_a_changed_target_makes_a_new_version_and_keeps_values():
    result = ResultFactory()
    first = result.introduced_in
    item, _ = definitions.put_indicator(actor=SYSTEM, revision=first, spec=_spec(result))
    period = periods.ensure_period(actor=SYSTEM, intervention=first.intervention, year=2020)
    measurements.save_values(
        actor=SYSTEM,
        indicator=item,
        period=period,
        values=[measurements.CellValue(value=Decimal(7))],
    )
    second = open_revision(
        actor=SYSTEM, intervention=first.intervention, label="2020", reason="Étude de base"
    )
    new_targets = [TargetSpec(2020, Decimal(12)), TargetSpec(0, Decimal(50))]
    _, changed = definitions.put_indicator(
        actor=SYSTEM,
        revision=second,
        spec=_spec(result, targets=new_targets),
        decision_reference="COPIL 3",
    )
    assert changed == ["targets"]
    versions = list(IndicatorVersion.objects.filter(indicator=item).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].decision_reference == "COPIL 3" and versions[1].revision == second
    assert MeasurementValue.objects.get(measurement__indicator=item).value == Decimal(7)


def test_target_year_outside_the_intervention_is_refused():
    result = ResultFactory()  # intervention 2018–2022
    with pytest.raises(ValidationError) as error:
        definitions.put_indicator(
            actor=SYSTEM,
            revision=result.introduced_in,
            spec=_spec(result, targets=[TargetSpec(2030, Decimal(1))]),
        )
    assert "2030" in str(error.value)


def test_percentage_target_above_100_is_refused():
    result = ResultFactory()
    with pytest.raises(ValidationError):
        definitions.put_indicator(
            actor=SYSTEM,
            revision=result.introduced_in,
            spec=_spec(result, unit="percentage", targets=[TargetSpec(2020, Decimal(140))]),
        )


def test_targets_per_disaggregation_cell_must_exist():
    result = ResultFactory()
    sex = sex_dimension()
    definitions.put_indicator(
        actor=SYSTEM,
        revision=result.introduced_in,
        spec=_spec(result, dimensions=[sex], targets=[TargetSpec(2020, Decimal(5), "sex=women")]),
    )
    with pytest.raises(ValidationError):
        definitions.put_indicator(
            actor=SYSTEM,
            revision=result.introduced_in,
            spec=_spec(
                result,
                code="X2",
                dimensions=[sex],
                targets=[TargetSpec(2020, Decimal(5), "sex=other")],
            ),
        )


def test_partners_cannot_define_indicators():
    result = ResultFactory()
    with pytest.raises(PermissionDenied):
        definitions.put_indicator(
            actor=member(Role.PARTNER_FOCAL_POINT),
            revision=result.introduced_in,
            spec=_spec(result),
        )


def test_retired_indicator_keeps_its_versions():
    item = indicator()
    revision = open_revision(actor=SYSTEM, intervention=item.intervention, label="v2", reason="r")
    definitions.retire_indicator(actor=SYSTEM, revision=revision, indicator=item)
    item.refresh_from_db()
    assert item.retired_in == revision and item.versions.count() == 1


def test_a_translation_is_set_on_the_version_without_a_new_one():
    from django.utils import translation

    from suivi.core.models import AuditEvent

    result = ResultFactory()
    revision = result.introduced_in
    item, _ = definitions.put_indicator(actor=SYSTEM, revision=revision, spec=_spec(result))
    version = item.current_version()
    changed = definitions.translate_version(
        actor=SYSTEM, version=version, title_ar=" العنوان ", title_en="Title"
    )
    assert changed == ["title_ar", "title_en"]
    assert item.versions.count() == 1
    version.refresh_from_db()
    assert (version.title_ar, version.title_en) == ("العنوان", "Title")
    with translation.override("ar"):
        assert version.shown_title == "العنوان"
    event = AuditEvent.objects.get(action="indicators.version.translated")
    assert set(event.changed_fields) == {"title_ar", "title_en"}
    # The same again, or None: nothing written, nothing recorded.
    assert definitions.translate_version(actor=SYSTEM, version=version, title_ar="العنوان") == []
    assert definitions.translate_version(actor=SYSTEM, version=version) == []
    assert AuditEvent.objects.filter(action="indicators.version.translated").count() == 1
    # Blank shows the French wording.
    definitions.translate_version(actor=SYSTEM, version=version, title_en="")
    with translation.override("en"):
        assert version.shown_title == "Titre"
    with pytest.raises(ValidationError) as refused:
        definitions.translate_version(actor=SYSTEM, version=version, title_ar="\u202eبديل")
    assert "title_ar" in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        definitions.translate_version(
            actor=member(Role.PARTNER_FOCAL_POINT), version=version, title_ar="x"
        )
    version.refresh_from_db()
    assert version.title_ar == "العنوان"


def test_a_new_version_keeps_the_translations_while_the_wording_stays():
    result = ResultFactory()
    revision = result.introduced_in
    item, _ = definitions.put_indicator(
        actor=SYSTEM,
        revision=revision,
        spec=_spec(result, title_ar="عنوان", title_en="Title"),
    )
    # Translations alone make no version (put_indicator leaves them to translate_version).
    assert definitions.put_indicator(
        actor=SYSTEM, revision=revision, spec=_spec(result, title_en="Other")
    ) == (item, [])
    definitions.put_indicator(actor=SYSTEM, revision=revision, spec=_spec(result, unit="scale"))
    assert (item.current_version().number, item.current_version().title_en) == (2, "Title")
    definitions.put_indicator(
        actor=SYSTEM, revision=revision, spec=_spec(result, unit="scale", title="Autre titre")
    )
    assert (item.current_version().number, item.current_version().title_ar) == (3, "")
