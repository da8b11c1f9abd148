import os
import re
import stat
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.core.models import AuditEvent
from suivi.indicators.models import MeasurementStatus
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator, sex_dimension

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def team():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    return member(Role.ME_OFFICER, enabel), member(Role.INTERVENTION_MANAGER, enabel)


@pytest.fixture
def enrolled():
    return indicator(dimensions=[sex_dimension()])


def _period(item, year=2020):
    return periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)


def test_full_workflow_with_return_and_four_eyes(team, enrolled):
    officer, manager = team
    period = _period(enrolled)
    values = [CellValue(value=D(185)), CellValue("sex=women", D(126)), CellValue("sex=men", D(58))]
    # Parts that do not add up: refused without a comment, saved with one.
    with pytest.raises(ValidationError, match="184"):
        measurements.save_values(actor=officer, indicator=enrolled, period=period, values=values)
    measurement, gaps = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=values, comment="One man unknown"
    )
    assert [(g.whole, g.parts_sum) for g in gaps] == [(D(185), D(184))]  # a warning, not an error
    measurements.submit(actor=officer, measurement=measurement)
    with pytest.raises(PermissionDenied):  # nobody reviews their own submission
        measurements.approve(actor=officer, measurement=measurement)
    with pytest.raises(ValidationError):
        measurements.return_for_revision(actor=manager, measurement=measurement, note=" ")
    measurements.return_for_revision(actor=manager, measurement=measurement, note="59 hommes")
    values[2] = CellValue("sex=men", D(59))
    _, gaps = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=values
    )
    assert gaps == []
    measurements.submit(actor=officer, measurement=measurement)
    measurements.approve(actor=manager, measurement=measurement)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED
    assert [t.to_status for t in measurement.transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert measurement.transitions.get(to_status="returned").note == "59 hommes"
    assert AuditEvent.objects.filter(
        action="indicators.measurement.approved", actor=manager
    ).exists()


def test_locked_period_refuses_changes(team, enrolled):
    officer, manager = team
    period = _period(enrolled)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=[CellValue(value=D(3))]
    )
    with pytest.raises(ValidationError):  # not everything approved yet
        periods.lock_period(actor=officer, period=period)
    measurements.submit(actor=officer, measurement=measurement)
    measurements.approve(actor=manager, measurement=measurement)
    with pytest.raises(PermissionDenied):  # the M&E officer locks, not the manager
        periods.lock_period(actor=manager, period=period)
    periods.lock_period(actor=officer, period=period)
    with pytest.raises(ValidationError, match="locked"):
        measurements.save_values(
            actor=officer, indicator=enrolled, period=period, values=[CellValue(value=D(4))]
        )


@pytest.mark.parametrize(
    ("unit", "cell", "message"),
    [
        ("count", CellValue(value=D(-1)), "negative"),
        ("count", CellValue(text="beaucoup"), "number is expected"),
        ("percentage", CellValue(value=D(140)), "between 0 and 100"),
        ("percentage", CellValue(numerator=D(30), denominator=D(28)), "cannot exceed"),
        ("percentage", CellValue(numerator=D(3)), "both numerator and denominator"),
        ("yes_no", CellValue(value=D(2)), "yes (1) or no (0)"),
        ("text", CellValue(), "text is required"),
    ],
)
def test_bad_values_are_refused_with_a_precise_message(unit, cell, message):
    item = indicator(unit=unit, code=f"T-{unit}", targets=())
    with pytest.raises(ValidationError, match=re.escape(message)):
        measurements.save_values(actor=SYSTEM, indicator=item, period=_period(item), values=[cell])
    assert not item.measurements.exists()


def test_percentage_keeps_numerator_and_denominator():
    item = indicator(unit="percentage", code="Ind1.5", targets=())
    measurement, _ = measurements.save_values(
        actor=SYSTEM,
        indicator=item,
        period=_period(item),
        values=[CellValue(numerator=D(28), denominator=D(68))],
    )
    value = measurement.values.get()
    assert (value.numerator, value.denominator, value.value) == (D(28), D(68), D("41.18"))


def test_unknown_cell_and_missing_total_are_refused(enrolled):
    with pytest.raises(ValidationError, match="does not exist"):
        measurements.save_values(
            actor=SYSTEM,
            indicator=enrolled,
            period=_period(enrolled),
            values=[CellValue(value=D(1)), CellValue("sex=other", D(1))],
        )
    with pytest.raises(ValidationError, match="total is required"):
        measurements.save_values(
            actor=SYSTEM,
            indicator=enrolled,
            period=_period(enrolled),
            values=[CellValue("sex=women", D(1))],
        )


def test_partner_enters_only_their_organisations_indicators():
    en = OrganisationFactory(kind=OrganisationKind.PUBLIC_AGENCY)
    theirs = indicator(code="EN-1", responsible_organisation=en)
    other = indicator(code="OTHER-1")
    focal_point = member(Role.PARTNER_FOCAL_POINT, en)
    measurements.save_values(
        actor=focal_point, indicator=theirs, period=_period(theirs), values=[CellValue(value=D(1))]
    )
    with pytest.raises(PermissionDenied):
        measurements.save_values(
            actor=focal_point,
            indicator=other,
            period=_period(other),
            values=[CellValue(value=D(1))],
        )


def test_year_outside_the_intervention_has_no_period(enrolled):
    with pytest.raises(ValidationError):
        periods.ensure_period(actor=SYSTEM, intervention=enrolled.intervention, year=2031)


def test_evidence_is_stored_privately_and_checked(team, enrolled):
    officer, _ = team
    measurement, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=_period(enrolled), values=[CellValue(value=D(2))]
    )
    pdf = SimpleUploadedFile("liste présence.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    evidence = measurements.add_evidence(actor=officer, measurement=measurement, upload=pdf)
    assert evidence.original_name == "liste présence.pdf"
    assert evidence.file.name == f"evidence/{measurement.pk}/{evidence.pk}"
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018 — private files have no URL
    assert evidence.file.read() == b"%PDF-1.4 test"
    # Kept (not sealed: it is the record's proof), readable by the server account only.
    assert stat.S_IMODE(os.stat(evidence.file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(evidence.file.path)).st_mode) == 0o700
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    with pytest.raises(ValidationError):
        measurements.add_evidence(actor=officer, measurement=measurement, upload=exe)
    disguised = SimpleUploadedFile("pv.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError):
        measurements.add_evidence(actor=officer, measurement=measurement, upload=disguised)
    csv = SimpleUploadedFile("liste.csv", "nom;présent\n".encode(), content_type="text/csv")
    measurements.add_evidence(actor=officer, measurement=measurement, upload=csv)


def test_rates_are_checked_on_numerators_and_denominators_not_percentages():
    item = indicator(unit="percentage", code="Ind1.5b", targets=(), dimensions=[sex_dimension()])
    values = [
        CellValue(numerator=D(28), denominator=D(68)),
        CellValue("sex=women", numerator=D(16), denominator=D(44)),
        CellValue("sex=men", numerator=D(12), denominator=D(24)),
    ]
    _measurement, gaps = measurements.save_values(
        actor=SYSTEM, indicator=item, period=_period(item), values=values
    )
    assert gaps == []  # 36 % and 50 % do not "add up" to 41 %, and need not
    values[2] = CellValue("sex=men", numerator=D(11), denominator=D(24))
    _measurement, gaps = measurements.save_values(
        actor=SYSTEM, indicator=item, period=_period(item), values=values, comment="Checked"
    )
    assert [(g.whole, g.parts_sum) for g in gaps] == [(D(28), D(27))]
