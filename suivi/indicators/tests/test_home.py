"""The review work on the home page, the glance at the results, review with
context and plausibility warnings, the charts of the sheet and the progress
table — computed from the values, in queries that do not grow with them."""

import xml.etree.ElementTree as ElementTree
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.core import charts
from suivi.indicators.selectors import home
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import indicator, sex_dimension
from suivi.programmes.tests.factories import ResultFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def team():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    return (
        member(Role.ME_OFFICER, enabel, preferred_language="en"),
        member(Role.INTERVENTION_MANAGER, enabel, preferred_language="en"),
    )


def _approved(item, officer, manager, year, total, comment=""):
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)
    measurement, _ = measurements.save_values(
        actor=officer,
        indicator=item,
        period=period,
        values=[CellValue(value=D(total))],
        comment=comment,
    )
    measurements.submit(actor=officer, measurement=measurement)
    return measurements.approve(actor=manager, measurement=measurement)


def test_a_value_far_above_the_target_needs_a_comment(team):
    officer, _manager = team
    item = indicator()  # 2020 target 150
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    with pytest.raises(ValidationError, match="more than twice the year's target"):
        measurements.save_values(
            actor=officer, indicator=item, period=period, values=[CellValue(value=D(301))]
        )
    assert not item.measurements.exists()  # nothing stored silently
    measurement, _ = measurements.save_values(
        actor=officer,
        indicator=item,
        period=period,
        values=[CellValue(value=D(301))],
        comment="Two cohorts this year",
    )
    assert measurement.comment == "Two cohorts this year"


def test_a_value_below_half_of_last_year_needs_a_comment(team):
    officer, manager = team
    item = indicator(targets=((2020, "100"), (2021, "100"), (0, "300")))
    _approved(item, officer, manager, 2020, 100)
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2021)
    with pytest.raises(ValidationError, match="less than half of last year"):
        measurements.save_values(
            actor=officer, indicator=item, period=period, values=[CellValue(value=D(49))]
        )
    measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=D(50))]
    )


def _pdf():
    return SimpleUploadedFile("pv.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def test_evidence_on_a_submitted_value_not_on_an_approved_one(team):
    officer, manager = team
    item = indicator()
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=D(100))]
    )
    measurements.submit(actor=officer, measurement=measurement)
    measurements.add_evidence(actor=officer, measurement=measurement, upload=_pdf())
    measurements.approve(actor=manager, measurement=measurement)
    with pytest.raises(ValidationError, match="approved"):
        measurements.add_evidence(actor=officer, measurement=measurement, upload=_pdf())
    assert measurement.evidence.count() == 1


def test_returned_values_reach_their_author_with_the_note(team):
    officer, manager = team
    item = indicator()
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=D(100))]
    )
    measurements.submit(actor=officer, measurement=measurement)
    assert home.returned_to(officer) == (0, [])
    measurements.return_for_revision(actor=manager, measurement=measurement, note="Source ?")
    count, returned = home.returned_to(officer)
    assert count == 1 and returned[0].note == "Source ?"
    assert home.returned_to(manager) == (0, [])


def test_periods_to_lock_and_indicators_off_track(team):
    officer, manager = team
    result = ResultFactory()
    behind = indicator(code="A-1", result=result)  # target 150
    _approved(behind, officer, manager, 2020, 100)  # 67 % of 150
    to_lock = home.periods_to_lock(officer, today=date(2021, 1, 5))
    assert [p.period.year for p in to_lock] == [2020] and to_lock[0].approved == 1
    assert home.periods_to_lock(manager) == []  # the manager does not lock periods
    [glance] = home.glances(manager)
    assert glance.year == 2020
    assert [row.indicator.code for row in glance.off_track()] == ["A-1"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _submitted(item, officer, total=10):
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=D(total))]
    )
    return measurements.submit(actor=officer, measurement=measurement)


def test_the_managers_home_is_live_and_its_queries_constant(client, team):
    officer, manager = team
    result = ResultFactory()
    _approved(indicator(code="A-1", result=result), officer, manager, 2020, 140)
    _submitted(indicator(code="B-1", result=result), officer)
    client.force_login(manager)
    client.get("/")
    before = _queries(client, "/")
    panels = {p.key: p for p in client.get("/").context["panels"]}
    # To review, returned to me, off track, without a value (the page's language).
    work = [f.value for f in panels["review-work"].figures]
    assert work[0] == 1 and work[-1] == 1
    for number in range(2, 6):
        _approved(indicator(code=f"A-{number}", result=result), officer, manager, 2020, 140)
        _submitted(indicator(code=f"B-{number}", result=result), officer)
    assert _queries(client, "/") == before
    panels = {p.key: p for p in client.get("/").context["panels"]}
    work = [f.value for f in panels["review-work"].figures]
    assert work[0] == 5 and work[-1] == 5  # the B-n are submitted, not approved
    # Nobody reviews their own submissions: the officer has none to review.
    assert home.count_to_review(officer) == 0 and home.count_to_review(manager) == 5


def test_the_sheet_and_the_progress_table_open_on_the_latest_year_with_a_chart(client, team):
    officer, manager = team
    item = indicator(dimensions=[sex_dimension()])
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer,
        indicator=item,
        period=period,
        values=[
            CellValue(value=D(120)),
            CellValue("sex=women", D(70)),
            CellValue("sex=men", D(50)),
        ],
    )
    measurements.submit(actor=officer, measurement=measurement)
    measurements.approve(actor=manager, measurement=measurement)
    client.force_login(manager)
    sheet = client.get(reverse("indicators:sheet", args=[item.pk]))
    body = sheet.content.decode()
    assert 'data-testid="sheet-chart"' in body and "data:image/svg+xml;base64," in body
    assert sheet.context["chart"].table.rows[0] == ["2020", 150, 120, 70, 50]
    progress = client.get(reverse("indicators:progress", args=[item.intervention.code]))
    assert progress.context["year"] == 2020
    assert progress.context["shares"][item.pk] == (80, 60)  # 120 of 150, of 200


def test_charts_are_plain_svg_mirrored_for_arabic():
    # Another library may name SVG's namespace in ElementTree's global table.
    ElementTree.register_namespace("svg", charts.SVG_NS)
    series = [charts.Series("Valeur", [2019, 2020]), charts.Series("Cible", [1, None], True)]
    chart = charts.bars(labels=["2019", "2020"], series=series, alt="Les années")
    plain = chart.svg.replace(charts.SVG_NS, "").replace(charts.XLINK_NS, "")
    assert "<script" not in chart.svg and "http" not in plain  # nothing fetched, nothing run
    assert "<title>Les années</title>" in chart.svg and "<svg:" not in chart.svg
    assert "2 019" not in chart.svg and "2,019" not in chart.svg
    assert "matrix(-1" not in chart.svg
    mirrored = charts.bars(labels=["2019", "2020"], series=series, alt="x", right_to_left=True)
    assert "matrix(-1 0 0 1" in mirrored.svg and 'direction="rtl"' in mirrored.svg
    assert 'alt="Les années"' in str(chart.as_img())


def test_left_to_right_labels_are_isolated_in_mirrored_charts():
    """ "< 5", a percentage or a code reads left to right on an Arabic chart;
    Arabic labels stay right to left."""
    series = [charts.Series("القيمة", [3, 12.5])]
    mirrored = charts.bars(
        labels=["< 5", "MAR_Ind1.2"], series=series, alt="x", right_to_left=True, percent=True
    )
    root = ElementTree.fromstring(mirrored.svg)  # noqa: S314 - our own chart
    ns = {"svg": charts.SVG_NS}
    texts = {t.text for t in root.iterfind(".//svg:text", ns) if t.text}
    for label in ("< 5", "MAR_Ind1.2", "12.5 %"):
        assert f"\u2066{label}\u2069" in texts  # isolated; the line stays right to left
    assert "القيمة" in texts  # right to left: not wrapped
    assert all(t.get("direction") == "rtl" for t in root.iterfind(".//svg:text", ns))
    left_to_right = charts.bars(labels=["< 5"], series=series, alt="x")
    assert "\u2066" not in left_to_right.svg


def _axis_labels(chart: charts.Chart) -> set[str]:
    root = ElementTree.fromstring(chart.svg)  # noqa: S314 - our own chart
    ns = {"svg": charts.SVG_NS}
    return {
        "".join(text.itertext()).strip()
        for axis in root.iterfind(".//svg:g", ns)
        if "axis y" in axis.get("class", "")
        for text in axis.iterfind(".//svg:text", ns)
    }


def test_an_axis_never_reads_nearly_nothing_nor_half_a_person():
    zeros = charts.bars(labels=["Ind2.6"], series=[charts.Series("%", [0])], alt="x", percent=True)
    assert "100 %" in _axis_labels(zeros) and "0.1 %" not in _axis_labels(zeros)
    few = charts.bars(labels=["2020"], series=[charts.Series("Femmes", [3])], alt="x")
    assert {"0", "1", "2", "3"} <= _axis_labels(few) and "0.5" not in _axis_labels(few)
