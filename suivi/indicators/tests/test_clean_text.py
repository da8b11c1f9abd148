"""Clean text at the indicators services: definitions, values, comments,
review notes and reasons refuse invisible control characters by field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.indicators.models import Dimension, Indicator, Measurement
from suivi.indicators.services import definitions, measurements, periods, sources
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator

pytestmark = pytest.mark.django_db

RLO = "Remove the invisible control character U+202E (right-to-left override)."


def _errors(call) -> dict[str, list[str]] | list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict if hasattr(error.value, "error_dict") else error.value.messages


def test_an_indicator_definition_is_cleaned_and_refused_by_field():
    created = indicator(title=" Migrant·e·s  inscrit·e·s ", baseline_comment="Enquête\r\n2017 ")
    version = created.current_version()
    assert version.title == "Migrant·e·s  inscrit·e·s"  # one line: trimmed, spaces kept
    assert version.baseline_comment == "Enquête\n2017"
    errors = _errors(
        lambda: indicator(
            code="Ind9",
            title="Titre\u202e",
            source_of_verification="Registre\x07",
            baseline_comment="a\u200bb",
        )
    )
    assert set(errors) == {"title", "source_of_verification", "baseline_comment"}
    assert errors["title"] == [RLO]
    assert not Indicator.objects.filter(code="Ind9").exists()


def test_a_title_is_one_line():
    errors = _errors(lambda: indicator(code="Ind9", title="Première\nseconde"))
    assert errors == {"title": ["Write this on one line: remove the line break."]}


def test_dimension_names_are_clean_lines():
    errors = _errors(
        lambda: definitions.put_dimension(actor=SYSTEM, code="age", name="Âge\u2066", values=[])
    )
    assert errors == {
        "name": ["Remove the invisible control character U+2066 (left-to-right isolate)."]
    }
    errors = _errors(
        lambda: definitions.put_dimension(
            actor=SYSTEM, code="age", name="Âge", values=[("young", "Jeunes", "شباب\u200b", "")]
        )
    )
    assert "U+200B" in errors["name_ar"][0]
    assert not Dimension.objects.filter(code="age").exists()


def test_values_comments_and_review_notes_are_clean_free_text():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    officer, manager = member(Role.ME_OFFICER, enabel), member(Role.INTERVENTION_MANAGER, enabel)
    item = indicator()
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    values = [CellValue(value=Decimal(185))]
    errors = _errors(
        lambda: measurements.save_values(
            actor=officer, indicator=item, period=period, values=values, comment="Voir\u202e"
        )
    )
    assert errors == {"comment": [RLO]}
    assert not Measurement.objects.exists()
    measurement, _gaps = measurements.save_values(
        actor=officer, indicator=item, period=period, values=values, comment="Source :\r\nEN "
    )
    assert measurement.comment == "Source :\nEN"
    measurements.submit(actor=officer, measurement=measurement)
    errors = _errors(
        lambda: measurements.return_for_revision(
            actor=manager, measurement=measurement, note="Corriger\x07"
        )
    )
    assert errors == {"note": ["Remove the invisible control character U+0007."]}
    returned = measurements.return_for_revision(
        actor=manager, measurement=measurement, note="Corriger\r\nles hommes"
    )
    assert returned.transitions.get(to_status="returned").note == "Corriger\nles hommes"


def test_a_text_value_is_clean_free_text():
    officer = member(Role.ME_OFFICER, OrganisationFactory(kind=OrganisationKind.ENABEL))
    item = indicator(code="Ind3", unit="text", targets=())
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    errors = _errors(
        lambda: measurements.save_values(
            actor=officer, indicator=item, period=period, values=[CellValue(text="Oui\u202e")]
        )
    )
    assert errors == [f"total: {RLO}"]


def test_the_reason_for_computing_an_indicator_is_clean_free_text():
    item = indicator()
    errors = _errors(
        lambda: sources.declare_computed(
            actor=SYSTEM,
            indicator=item,
            source="beneficiaries",
            from_year=2019,
            reason="Décision\ufeff",
        )
    )
    assert errors == {
        "computed_reason": ["Remove the invisible control character U+FEFF (byte order mark)."]
    }
