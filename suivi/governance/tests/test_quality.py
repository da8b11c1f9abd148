"""The criterion total of annex 10.1, over every combination of grades."""

from itertools import product

import pytest

from suivi.governance.quality import criterion_total

GRADES = "ABCD"


def expected(grades: tuple[str, ...]) -> str:
    """The rule as the annex words it, read independently of the code."""
    if "D" in grades:
        return "D"  # at least one D
    if "C" in grades:
        return "C"  # at least one C, no D
    if "A" in grades:
        return "A"  # at least one A, no C or D
    return "B"  # only Bs ("deux fois un B = B")


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_every_combination_of_up_to_five_sub_questions(size):
    combinations = list(product(GRADES, repeat=size))
    assert len(combinations) == 4**size
    for grades in combinations:
        assert criterion_total(grades) == expected(grades), grades


@pytest.mark.parametrize(
    ("grades", "total"),
    [
        # The report's annex 10.1, criterion by criterion.
        (["A", "B"], "A"),  # relevance
        (["B", "B", "B"], "B"),  # efficiency
        (["B", "B"], "B"),  # effectiveness
        (["A", "C", "C", "C"], "C"),  # potential sustainability
        (["A"], "A"),
        (["A", "D"], "D"),
        (["B", "C"], "C"),
    ],
)
def test_the_reports_cases(grades, total):
    assert criterion_total(grades) == total


def test_nothing_graded_has_no_total():
    assert criterion_total([]) is None


def test_an_unknown_grade_is_refused():
    with pytest.raises(ValueError):
        criterion_total(["A", "E"])
