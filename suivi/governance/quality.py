"""The criterion total of the quality self-assessment (report annex 10.1):

- at least one A and no C or D → A;
- no C or D otherwise (only Bs) → B;
- at least one C and no D → C;
- at least one D → D.

Nothing graded: no total.
"""

from __future__ import annotations

from collections.abc import Iterable


def criterion_total(grades: Iterable[str]) -> str | None:
    given = set(grades)
    if not given:
        return None
    unknown = given - {"A", "B", "C", "D"}
    if unknown:
        raise ValueError(f"Unknown grades {sorted(unknown)}")
    if "D" in given:
        return "D"
    if "C" in given:
        return "C"
    if "A" in given:
        return "A"
    return "B"
