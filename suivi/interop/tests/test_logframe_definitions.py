"""The logframe workbook's « Définitions » sheet: computed indicators'
rules, one condition per row, checked against the catalogue, versioned."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import IndicatorComputation
from suivi.beneficiaries.tests.factories import event_type
from suivi.indicators.models import Indicator
from suivi.interop.logframe import template as t
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.reader import LogframeFileError
from suivi.interop.tests.test_logframe import INDICATORS, setting, workbook  # noqa: F401
from suivi.programmes.models import LogframeRevision

pytestmark = pytest.mark.django_db

RULES = [
    ["Ind1.2", "règle", "mesure", "personnes"],
    ["Ind1.2", "règle", "année", "début d'année scolaire"],
    ["Ind1.2", "services 1", "types", "training_enrolment"],
    ["Ind1.2", "services 1", "centre ciblé", "oui"],
]


def with_rules(rules, computed=("Ind1.2",)):
    book = load_workbook(workbook())
    sheet = book[t.INDICATOR_SHEET]
    column = [c.value for c in sheet[1]].index("Calculé") + 1
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in computed:
            sheet.cell(row[0].row, column).value = "oui"
    rules_sheet = book.create_sheet(t.DEFINITION_SHEET)
    rules_sheet.append([c.header for c in t.DEFINITION_COLUMNS])
    for row in rules:
        rules_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def catalogued(setting):  # noqa: F811
    event_type("training_enrolment")  # the demo catalogue, as a programme imports it
    return setting


def test_a_rule_in_the_sheet_is_the_indicators_version_and_the_one_in_force(catalogued):
    result = import_logframe(actor=SYSTEM, intervention=catalogued, source=with_rules(RULES))
    indicator = Indicator.objects.get(intervention=catalogued, code="Ind1.2")
    assert indicator.is_declared_computed and indicator.computed_source == "beneficiaries"
    version = indicator.current_version()
    assert version.revision == result.revision
    assert version.definition == {
        "measure": "persons",
        "events": {"types": ["training_enrolment"], "filters": {"centre_targeted": True}},
        "year": "school_year_start",
    }
    assert IndicatorComputation.objects.get(indicator=indicator).version == version
    again = import_logframe(actor=SYSTEM, intervention=catalogued, source=with_rules(RULES))
    assert again.revision is None


def test_without_the_sheet_the_rules_in_force_stay(catalogued):
    import_logframe(actor=SYSTEM, intervention=catalogued, source=with_rules(RULES))
    book = load_workbook(with_rules(RULES))
    del book[t.DEFINITION_SHEET]
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert import_logframe(actor=SYSTEM, intervention=catalogued, source=buffer).revision is None
    indicator = Indicator.objects.get(intervention=catalogued, code="Ind1.2")
    assert indicator.current_version().definition["measure"] == "persons"


def test_every_problem_of_the_sheet_is_named_and_nothing_is_written(catalogued):
    bad = [
        ["Ind9.9", "règle", "mesure", "personnes"],
        ["Ind1.5", "règle", "mesure", "taux"],
        ["Ind1.2", "règle", "mesure", "moyenne"],
        ["Ind1.2", "résultat", "types", "training_enrolment"],
        ["Ind1.2", "services 1", "types", "training_enrolmnt"],
        ["Ind1.2", "services 1", "détail colour", ""],
    ]
    with translation.override("fr"), pytest.raises(LogframeFileError) as refused:
        import_logframe(actor=SYSTEM, intervention=catalogued, source=with_rules(bad))
    found = {(i.sheet, i.row, i.column) for i in refused.value.issues}
    assert found >= {
        (t.DEFINITION_SHEET, 2, "Indicateur"),  # no such indicator
        (t.DEFINITION_SHEET, 3, "Indicateur"),  # not marked computed
        (t.DEFINITION_SHEET, 4, "Valeur"),  # unknown measure
        (t.DEFINITION_SHEET, 5, "Partie"),  # unknown part
        (t.DEFINITION_SHEET, 7, "Valeur"),  # no value
    }
    assert not LogframeRevision.objects.filter(intervention=catalogued).exists()


def test_a_service_the_catalogue_does_not_hold_is_refused_naming_it(catalogued):
    bad = [*RULES[:2], ["Ind1.2", "services 1", "types", "training_enrolmnt"]]
    with translation.override("fr"), pytest.raises(LogframeFileError) as refused:
        import_logframe(actor=SYSTEM, intervention=catalogued, source=with_rules(bad))
    (issue,) = refused.value.issues
    assert (issue.sheet, issue.row, issue.column) == (t.DEFINITION_SHEET, 2, "Partie")
    assert "training_enrolmnt" in issue.message
    assert not LogframeRevision.objects.filter(intervention=catalogued).exists()
