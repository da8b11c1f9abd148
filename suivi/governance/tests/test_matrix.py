"""The risk matrix: every cell, and the totals of the 2020 register."""

import pytest

from suivi.governance.matrix import LEVELS, grid, total
from suivi.governance.models import RiskLevel as L

TABLE = {
    # probability: totals for impact low, medium, high, very high
    L.LOW: [L.LOW, L.MEDIUM, L.MEDIUM, L.MEDIUM],
    L.MEDIUM: [L.MEDIUM, L.MEDIUM, L.HIGH, L.HIGH],
    L.HIGH: [L.MEDIUM, L.HIGH, L.VERY_HIGH, L.VERY_HIGH],
    L.VERY_HIGH: [L.MEDIUM, L.HIGH, L.VERY_HIGH, L.VERY_HIGH],
}


@pytest.mark.parametrize("probability", LEVELS)
def test_every_cell_is_the_documented_table(probability):
    assert [total(probability, impact) for impact in LEVELS] == TABLE[probability]


@pytest.mark.parametrize(
    ("probability", "impact", "expected"),
    [
        # Cases of the report's detailed register (§5).
        (L.MEDIUM, L.MEDIUM, L.MEDIUM),
        (L.LOW, L.LOW, L.LOW),
        (L.MEDIUM, L.HIGH, L.HIGH),
        (L.MEDIUM, L.LOW, L.MEDIUM),
        (L.LOW, L.HIGH, L.MEDIUM),
        (L.HIGH, L.HIGH, L.VERY_HIGH),
    ],
)
def test_the_reports_totals(probability, impact, expected):
    assert total(probability, impact) == expected


def test_an_issue_without_probability_takes_its_impact():
    assert total("", L.HIGH) == L.HIGH


def test_the_matrix_is_symmetric_and_grows_with_each_level():
    for p in LEVELS:
        for i in LEVELS:
            assert total(p, i) == total(i, p)
    ranks = {level: n for n, level in enumerate(LEVELS)}
    for p in LEVELS:
        row = [ranks[total(p, i)] for i in LEVELS]
        assert row == sorted(row)


def test_the_grid_lists_the_highest_probability_first():
    rows = grid()
    assert [probability for probability, _cells in rows] == list(reversed(LEVELS))
    assert rows[0][1][-1] == (L.VERY_HIGH, L.VERY_HIGH)
