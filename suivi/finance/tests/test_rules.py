"""The budget-change rules of DTF §8.3.4.3: one case on each side of every
threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from suivi.finance import rules
from suivi.finance.rules import Line

D = Decimal


def _rules_of(breaches: list[rules.Breach]) -> set[tuple[str, str]]:
    return {(b.rule, b.scope) for b in breaches}


# A budget where the tested figure moves alone: two results, general means,
# the reserve; two modes of execution so that moving money between lines of
# one result keeps the mode totals.
APPROVED = [
    Line("A 01 01", D("100000"), "regie"),
    Line("A 01 02", D("300000"), "regie"),
    Line("A 02 01", D("400000"), "regie"),
    Line("A 02 02", D("200000"), "cogestion"),
    Line("X 01", D("50000"), "regie"),
    Line("Z 01 01", D("80000"), "regie"),
    Line("Z 01 02", D("20000"), "regie"),
]


def _with(changes: dict[str, str]) -> list[Line]:
    return [Line(x.code, D(changes.get(x.code, x.amount)), x.mode) for x in APPROVED]


@pytest.mark.parametrize(
    ("new_a0101", "breach"),
    [
        # A 01 approved 400,000: an overrun of 40,000 (10 %) is within the rule.
        ("140000.00", False),
        ("140000.01", True),
    ],
)
def test_result_overrun_above_ten_percent(new_a0101, breach):
    found = _rules_of(rules.compare(APPROVED, _with({"A 01 01": new_a0101})))
    assert (("rubric", "A 01") in found) is breach


@pytest.mark.parametrize(
    ("z0101", "breach"),
    [("90000.00", False), ("90000.01", True)],  # Z 01 approved 100,000
)
def test_general_means_rubric_overrun_above_ten_percent(z0101, breach):
    found = _rules_of(rules.compare(APPROVED, _with({"Z 01 01": z0101})))
    assert (("rubric", "Z 01") in found) is breach


@pytest.mark.parametrize(
    ("changes", "breach"),
    [
        # A 02 01 approved 400,000: 20 % is 80,000 (above €50,000).
        ({"A 02 01": "480000.00"}, False),
        ({"A 02 01": "480000.01"}, True),
        # A 01 01 approved 100,000: 60 % over, but the €50,000 floor decides.
        ({"A 01 01": "150000.00"}, False),
        ({"A 01 01": "150000.01"}, True),
    ],
)
def test_line_overrun_above_twenty_percent_and_strictly_above_50000(changes, breach):
    code = next(iter(changes))
    found = _rules_of(rules.compare(APPROVED, _with(changes)))
    assert (("line", code) in found) is breach


def test_a_line_overrun_above_50000_but_within_twenty_percent_is_allowed():
    # A 02 01: +60,000 is 15 % of 400,000.
    found = _rules_of(rules.compare(APPROVED, _with({"A 02 01": "460000"})))
    assert ("line", "A 02 01") not in found


@pytest.mark.parametrize(("a0202", "breach"), [("200000.00", False), ("200000.01", True)])
def test_total_of_a_mode_of_execution_is_not_overrun(a0202, breach):
    # Money taken from a régie line, an overrun of the cogestion total.
    new = _with({"A 02 02": a0202, "A 02 01": "390000"})
    found = _rules_of(rules.compare(APPROVED, new))
    assert (("mode_total", "cogestion") in found) is breach


@pytest.mark.parametrize(("z0102", "breach"), [("20000.00", False), ("20000.01", True)])
def test_total_of_general_means_is_not_overrun(z0102, breach):
    found = _rules_of(rules.compare(APPROVED, _with({"Z 01 02": z0102})))
    assert (("general_means_total", "Z") in found) is breach


def test_moving_money_between_lines_of_a_result_within_the_rules_breaks_nothing():
    new = _with({"A 01 01": "140000", "A 01 02": "260000"})
    assert rules.compare(APPROVED, new) == []


@pytest.mark.parametrize(("x01", "breach"), [("50000.00", False), ("49999.99", True)])
def test_a_revision_that_takes_from_the_reserve_uses_it(x01, breach):
    found = rules.on_revision(APPROVED, _with({"X 01": x01}), covered=False)
    assert (("reserve", "X") in _rules_of(found)) is breach


@pytest.mark.parametrize(("spent", "breach"), [("0.00", False), ("0.01", True)])
def test_spending_on_the_reserve_uses_it(spent, breach):
    found = rules.on_spending(
        APPROVED,
        [Line("X 01", D(spent), "regie")],
        planned_general_means={},
        general_means_spent={},
    )
    assert (("reserve", "X") in _rules_of(found)) is breach


@pytest.mark.parametrize(("spent", "breach"), [("105000.00", False), ("105000.01", True)])
def test_general_means_of_a_year_overrun_by_more_than_five_percent(spent, breach):
    found = rules.general_means_years({2020: D("100000")}, {2020: D(spent)})
    assert (("general_means_year", "2020") in _rules_of(found)) is breach


def test_a_year_without_planning_is_not_judged():
    assert rules.general_means_years({}, {2020: D("1000000")}) == []


def test_a_breach_says_the_figures_and_whether_a_decision_covers_it():
    [breach] = [
        b
        for b in rules.on_revision(APPROVED, _with({"A 01 01": "150000.01"}), covered=True)
        if b.rule == "line"
    ]
    assert (breach.approved, breach.new, breach.overrun) == (
        D("100000"),
        D("150000.01"),
        D("50000.01"),
    )
    assert breach.covered
    assert breach.label


def test_spending_within_the_budget_breaks_nothing():
    spent = [Line(x.code, x.amount / 2, x.mode) for x in APPROVED if x.group != "X"]
    assert (
        rules.on_spending(APPROVED, spent, planned_general_means={}, general_means_spent={}) == []
    )
