"""Amuddu's budget (DTF §7.1.2) and the 2020 follow-up table (report §4),
from the demo data loaded through the imports."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from suivi.demo.programme import DATA
from suivi.finance.models import BudgetLine
from suivi.programmes.models import Intervention

pytestmark = pytest.mark.django_db

# The report's §4 table: row → budget, previous years, 2020, balance, rate (rounded), execution.
REPORT_2020 = {
    "total": ("4600000.00", "939968.59", "783288.81", "2876742.60", 37, "1723257.40"),
    "A01": ("1005500.00", "191917.33", "267458.25", "546124.42", 46, "459375.58"),
    "A02": ("1488800.00", "228541.68", "207060.76", "1053197.56", 29, "435602.44"),
    "A03": ("543800.00", "112828.47", "73461.83", "357509.70", 34, "186290.30"),
    "Z": ("1312740.00", "406681.11", "235307.97", "670750.92", 49, "641989.08"),
}


def _lines() -> list[BudgetLine]:
    amuddu = Intervention.objects.get(code="MOR1605211")
    version = amuddu.budget_versions.get(number=1)
    return list(version.lines.order_by("order"))


def test_the_dtf_budget_has_33_lines_18_under_a_x01_and_14_under_z(demo_data):
    lines = [line for line in _lines() if not line.is_heading]
    assert len(lines) == 33
    assert len([x for x in lines if x.group == "A"]) == 18
    assert [x.code for x in lines if x.group == "X"] == ["X 01"]
    assert len([x for x in lines if x.group == "Z"]) == 14
    by_group = {g: sum(x.amount for x in lines if x.group == g) for g in "AXZ"}
    assert by_group == {
        "A": Decimal("3038100"),
        "X": Decimal("249160"),
        "Z": Decimal("1312740"),
    }
    assert sum(by_group.values()) == Decimal("4600000")


def test_every_printed_subtotal_of_the_workbook_equals_the_sum_of_its_lines(demo_data):
    sheet = openpyxl.load_workbook(DATA / "amuddu_budget_dtf.xlsx")["Budget"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    lines = {code: Decimal(amount) for code, _t, mode, amount in rows if mode}
    headings = [(code, Decimal(amount)) for code, _t, mode, amount in rows if not mode]
    assert len(headings) == 11  # A, A 01–03, X, Z, Z 01–04 and TOTAL
    for code, printed in headings:
        if code == "TOTAL":
            assert printed == sum(lines.values()) == Decimal("4600000")
            continue
        under = [v for c, v in lines.items() if c.startswith(code + " ")]
        assert under, code
        assert printed == sum(under), code
    # The stored lines are the workbook's.
    stored = {x.code: x.amount for x in _lines() if not x.is_heading}
    assert stored == lines


def test_lines_are_linked_to_the_logframe_by_their_budget_code(demo_data):
    lines = {x.code: x for x in _lines()}
    assert lines["A 01 03"].activity.code == "A0103"
    assert lines["A 01 03"].output.code == "OI1"
    assert lines["Z 01 01"].activity is None


def test_the_2020_follow_up_table_equals_the_report_to_the_cent(demo_data):
    out = io.StringIO()
    call_command("budget_table", intervention="MOR1605211", year=2020, format="json", stdout=out)
    rows = {row["row"]: row for row in json.loads(out.getvalue())}
    assert list(rows) == ["total", "A01", "A02", "A03", "Z"]
    for key, (budget, previous, year, balance, rate, execution) in REPORT_2020.items():
        row = rows[key]
        assert row["budget"] == budget, key
        assert row["expenses_previous_years"] == previous, key
        assert row["expenses_year"] == year, key
        assert row["balance"] == balance, key
        assert round(row["disbursement_rate"]) == rate, key
        assert row["execution"] == execution, key
    assert rows["total"]["disbursement_rate"] == 37.46


def test_the_table_in_csv_and_xlsx(demo_data, tmp_path):
    out = io.StringIO()
    call_command("budget_table", intervention="MOR1605211", year=2020, format="csv", stdout=out)
    assert out.getvalue().splitlines()[1].startswith('"total",')
    assert ",4600000.00,939968.59,783288.81,2876742.60,37.46,1723257.40" in (out.getvalue())
    target = tmp_path / "table.xlsx"
    call_command(
        "budget_table",
        intervention="MOR1605211",
        year=2020,
        format="xlsx",
        output=str(target),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(target).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0][0] == "total" and Decimal(str(values[0][7])) == Decimal("1723257.40")


def test_importing_the_demo_extract_again_changes_nothing(demo_data, tmp_path):
    from suivi.finance.models import Expense

    before = sorted(Expense.objects.values_list("document_number", "amount", "updated_at"))
    out = io.StringIO()
    call_command("import_expenses", str(DATA / "amuddu_depenses_2018_2020.csv"), stdout=out)
    assert sorted(Expense.objects.values_list("document_number", "amount", "updated_at")) == before
    assert len(before) == 287  # 285 expenses and 2 commitments


def test_cost_per_output_divides_the_year_spending_by_what_the_output_counted(demo_data):
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.finance.selectors.cost import cost_per_output
    from suivi.finance.selectors.table import budget_table

    amuddu = Intervention.objects.get(code="MOR1605211")
    table = budget_table(SYSTEM, amuddu, 2020)
    costs = {cost.row: cost for cost in cost_per_output(SYSTEM, table)}
    assert sorted(costs) == ["A01", "A02", "A03"]
    assert costs["A01"].output_code == "OI1"
    assert costs["A01"].spent_year == Decimal("267458.25")
    units = [unit for cost in costs.values() for unit in cost.units]
    assert units, "no count indicator of an output measured in 2020"
    for cost in costs.values():
        for unit in cost.units:
            assert unit.value > 0
            assert abs(unit.cost * unit.value - cost.spent_year) <= unit.value / 200


def test_the_output_page_gives_its_cost_per_year_and_the_logframe_links_to_it(demo_data):
    from django.test import Client
    from django.utils import translation

    from suivi.accounts.models import User
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.finance.selectors.cost import cost_per_output, output_costs
    from suivi.finance.selectors.table import budget_table

    amuddu = Intervention.objects.get(code="MOR1605211")
    years = {item.year: item for item in output_costs(SYSTEM, amuddu, "OI1")}
    assert {2018, 2019, 2020} <= set(years)
    [a01] = [
        c for c in cost_per_output(SYSTEM, budget_table(SYSTEM, amuddu, 2020)) if c.row == "A01"
    ]
    assert years[2020].cost == a01 and years[2020].budget > 0
    # A steering reader sees the costs of the values they may see (small counts withheld).
    reader = User.objects.get(username="copil")
    [seen] = [
        c for c in cost_per_output(reader, budget_table(reader, amuddu, 2020)) if c.row == "A01"
    ]
    assert seen.units and len(seen.units) <= len(a01.units)
    with translation.override("fr"):
        client = Client()
        client.force_login(reader)
        page = client.get("/finances/MOR1605211/produits/OI1/").content.decode()
        for unit in seen.units:
            assert f'data-indicator="{unit.indicator_code}" data-cost="{unit.cost}"' in page
        for unit in set(a01.units) - set(seen.units):
            assert f'data-indicator="{unit.indicator_code}"' not in page
        logframe = client.get("/interventions/MOR1605211/").content.decode()
        assert "/finances/MOR1605211/produits/OI1/" in logframe
        assert client.get("/finances/MOR1605211/produits/A0101/").status_code == 404
        partner = Client()
        partner.force_login(User.objects.get(username="pf.en"))
        assert partner.get("/finances/MOR1605211/produits/OI1/").status_code == 404
        assert "/produits/" not in partner.get("/interventions/MOR1605211/").content.decode()
