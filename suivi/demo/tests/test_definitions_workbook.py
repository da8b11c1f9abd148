"""Amuddu's computed-indicator definitions come from the 2020 logframe
workbook's « Définitions » sheet, belong to the indicators' versions, and
travel back out of Suivi unchanged."""

import io

import pytest
from openpyxl import load_workbook

from suivi.accounts.tests.factories import SYSTEM
from suivi.beneficiaries.models import IndicatorComputation
from suivi.indicators.models import Indicator
from suivi.interop.logframe import template as t
from suivi.interop.logframe.exporter import write_workbook
from suivi.interop.logframe.importer import import_logframe
from suivi.interop.logframe.selectors import framework_for_export
from suivi.programmes.models import Intervention

pytestmark = pytest.mark.django_db


@pytest.fixture
def amuddu(demo_data):
    return Intervention.objects.get(code="MOR1605211")


def test_each_definition_in_force_is_its_indicators_newest_version(amuddu):
    computations = IndicatorComputation.objects.filter(indicator__intervention=amuddu)
    assert computations.count() == 14
    for computation in computations.select_related("version", "indicator"):
        newest = computation.indicator.current_version()
        assert computation.version == newest, computation.indicator.code
        assert newest.definition == computation.spec
        assert newest.revision.number == 2  # the 2020 framework states them
    typed = Indicator.objects.get(intervention=amuddu, code="MAR1605211_Ind1.6")
    assert typed.current_version().definition is None


def test_the_exported_workbook_imports_back_as_no_change(amuddu):
    exported = write_workbook(framework_for_export(SYSTEM, amuddu))
    sheet = load_workbook(io.BytesIO(exported))[t.DEFINITION_SHEET]
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(codes) == 14
    result = import_logframe(actor=SYSTEM, intervention=amuddu, source=io.BytesIO(exported))
    assert result.revision is None


def test_a_changed_rule_in_the_workbook_is_a_new_version_in_a_new_revision(amuddu):
    exported = load_workbook(io.BytesIO(write_workbook(framework_for_export(SYSTEM, amuddu))))
    sheet = exported[t.DEFINITION_SHEET]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "MAR1605211_Ind1.2" and row[2].value == "centre ciblé":
            row[3].value = "non"
    buffer = io.BytesIO()
    exported.save(buffer)
    buffer.seek(0)
    result = import_logframe(actor=SYSTEM, intervention=amuddu, source=buffer)
    assert result.changed == ["MAR1605211_Ind1.2"]
    indicator = Indicator.objects.get(intervention=amuddu, code="MAR1605211_Ind1.2")
    versions = list(indicator.versions.order_by("number"))
    assert versions[-1].revision == result.revision
    assert versions[-1].definition["events"]["filters"] == {"centre_targeted": False}
    assert versions[-2].definition["events"]["filters"] == {"centre_targeted": True}
    assert IndicatorComputation.objects.get(indicator=indicator).version == versions[-1]
