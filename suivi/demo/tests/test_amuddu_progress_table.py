"""The demo's 2020 progress table against the 2020 results report (§3.2–3.5).

Every figure below is read from the report's tables (RR l.578–591, 620–629,
705–722, 891–899). Values of person-record indicators (marked `computed`)
come from person records (beneficiaries) or, for Ind1.6, 2.5–2.7, 3.1 and
3.3–3.5, from the capacity registers (suivi/capacity/README.md).
"""

import io
import json

import pytest
from django.core.management import call_command

from suivi.accounts.tests.factories import SYSTEM
from suivi.indicators.models import IndicatorVersion
from suivi.indicators.progress_export import as_records
from suivi.indicators.selectors.progress import progress_table
from suivi.programmes.models import Intervention, LogframeRevision

pytestmark = pytest.mark.django_db

N = None
# code: (baseline, 2019, 2020, 2020 target, final target, source)
REPORT_2020 = {
    "MAR1605211_OS1": (0, 0, 3, 15, 75, "computed"),
    # The report prints "+100 %", not a share (see suivi/beneficiaries/README.md):
    # computed as the 30 referred and supported among the 68 of the 2019-20 cohort.
    "MAR1605211_OS2": (0, 0, 44, 25, 25, "computed"),
    "MAR1605211_OS3": (0, 0, 9, 31, 52, "computed"),
    "MAR1605211_OS4": (N, 0, 0, 0, 80, "computed"),
    "MAR1605211_Ind1.1": (97, 338, 285, 150, 497, "computed"),
    "MAR1605211_Ind1.2": (2, 68, 185, 150, 200, "computed"),
    "MAR1605211_Ind1.3": (0, 0, 3, 0, 0, "computed"),
    "MAR1605211_Ind1.4": (0, 0, 30, 80, 150, "computed"),
    "MAR1605211_Ind1.5": (0, 50, 41, 50, 50, "computed"),
    "MAR1605211_Ind1.6": (0, 0, N, 70, 70, "computed"),
    "MAR1605211_Ind1.7": (13, 42, 28, 28, 62, "computed"),
    "MAR1605211_Ind1.8": (0, 51, 85, 40, 150, "computed"),
    "MAR1605211_Ind2.1": (368, 78, 245, 62, 204, "computed"),
    "MAR1605211_Ind2.2": (300, 117, 418, 200, 488, "computed"),
    "MAR1605211_Ind2.3": (0, 0, 5, 150, 300, "computed"),
    "MAR1605211_Ind2.4": (0, 0, 40, 40, 40, "entered"),
    "MAR1605211_Ind2.5": (0, 0, 0, 2, 6, "computed"),
    "MAR1605211_Ind2.6": (N, 0, 0, 30, 20, "computed"),
    "MAR1605211_Ind2.7": (N, 0, N, 15, 15, "computed"),
    "MAR1605211_Ind3.1": (4, 5, 6, 6, 21, "computed"),
    "MAR1605211_Ind3.2": (N, 30, 50, 65, 100, "entered"),
    "MAR1605211_Ind3.3": (6, 7, 5, 6, 18, "computed"),
    "MAR1605211_Ind3.4": (N, 0, 54, 70, 52.5, "computed"),
    "MAR1605211_Ind3.5": (0, 90, 100, 70, 56, "computed"),
    "MAR1605211_Ind3.6": (0, 50, 50, 70, 100, "entered"),
}
# Women and men where the report gives them (RR l.279–281, l.680): (women, men).
REPORT_2020_BY_SEX = {
    "MAR1605211_Ind1.2": (126, 59),
    "MAR1605211_Ind1.8": (53, 32),
}


@pytest.fixture
def demo(demo_data):
    return Intervention.objects.get(code="MOR1605211")


def test_2020_table_matches_the_report(demo):
    records = {r["code"]: r for r in as_records(progress_table(SYSTEM, demo, 2020))}
    assert set(records) == set(REPORT_2020)
    for code, (baseline, previous, reporting, year_target, final, source) in REPORT_2020.items():
        record = records[code]
        assert (
            record["baseline"],
            record["previous_year"],
            record["reporting_year"],
            record["year_target"],
            record["final_target"],
            record["source"],
        ) == (baseline, previous, reporting, year_target, final, source), code


def test_sex_breakdown_where_the_report_gives_it(demo):
    records = {r["code"]: r for r in as_records(progress_table(SYSTEM, demo, 2020))}
    for code, (women, men) in REPORT_2020_BY_SEX.items():
        assert records[code]["breakdown"]["sex"] == {"women": women, "men": men}, code


def test_table_order_and_levels(demo):
    records = as_records(progress_table(SYSTEM, demo, 2020))
    assert [r["level"] for r in records[:4]] == ["outcome"] * 4
    assert [r["output"] for r in records[4:12]] == ["OI1"] * 8
    assert [r["code"] for r in records[4:6]] == ["MAR1605211_Ind1.1", "MAR1605211_Ind1.2"]
    assert [r["output"] for r in records[12:19]] == ["OI2"] * 7
    assert [r["output"] for r in records[19:]] == ["OI3"] * 6


def test_both_framework_versions_are_kept(demo):
    revisions = LogframeRevision.objects.filter(intervention=demo).order_by("number")
    assert [r.number for r in revisions] == [1, 2]
    assert demo.indicators.filter(introduced_in=revisions[0]).count() == 15
    assert demo.indicators.filter(retired_in=revisions[1]).count() == 15
    assert demo.indicators.filter(retired_in__isnull=True).count() == 25
    ind_1_1 = demo.indicators.get(code="MAR1605211_Ind1.1")
    assert ind_1_1.replaces.code == "MAR1605211_DTF_OI1.1"
    dtf = IndicatorVersion.objects.get(indicator=ind_1_1.replaces)
    assert dtf.revision == revisions[0] and dtf.targets.filter(year=2021).exists()


def test_cli_prints_the_same_table(demo, capsys):
    out = io.StringIO()
    call_command("indicator_table", intervention="MOR1605211", year=2020, format="json", stdout=out)
    records = {r["code"]: r for r in json.loads(out.getvalue())}
    assert records["MAR1605211_Ind3.5"]["reporting_year"] == 100
    assert records["MAR1605211_Ind1.2"]["source"] == "computed"
    assert records["MAR1605211_Ind1.2"]["reporting_year"] == 185


def test_indicator_sheet_shows_the_dtf_predecessor(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="suivi"))
    indicator = demo.indicators.get(code="MAR1605211_Ind1.1")
    body = client.get(f"/indicateurs/{indicator.pk}/").content.decode()
    assert "MAR1605211_DTF_OI1.1" in body
    assert 'class="lineage"' in body


CAPACITY_2020 = {
    # code: (2020 value, n/N where a share)
    "MAR1605211_Ind1.6": (None, None),
    "MAR1605211_Ind2.5": (0, None),
    "MAR1605211_Ind2.6": (0, (0, 40)),
    "MAR1605211_Ind2.7": (None, None),
    "MAR1605211_Ind3.1": (6, None),
    "MAR1605211_Ind3.3": (5, None),
    "MAR1605211_Ind3.4": (54, (162, 300)),
    "MAR1605211_Ind3.5": (100, (15, 15)),
}


def test_cli_shows_the_capacity_indicators_computed_with_why_a_cell_is_empty(demo):
    from suivi.indicators.models import MeasurementValue

    out = io.StringIO()
    call_command("indicator_table", intervention="MOR1605211", year=2020, format="json", stdout=out)
    records = {r["code"]: r for r in json.loads(out.getvalue())}
    for code, (value, shares) in CAPACITY_2020.items():
        record = records[code]
        assert (record["source"], record["reporting_year"]) == ("computed", value), code
        if value is None:
            assert "Not measured" in record["note"] or "Non mesuré" in record["note"], code
        else:
            assert record["note"] is None, code
        if shares is not None:
            total = MeasurementValue.objects.get(
                measurement__indicator__code=code,
                measurement__period__year=2020,
                measurement__period__quarter=0,
                cell_key="",
            )
            assert (total.numerator, total.denominator) == shares, code
            assert total.measurement.source == "computed"
    assert "reportée aux 12–15 janvier 2021" in records["MAR1605211_Ind1.6"]["note"]
