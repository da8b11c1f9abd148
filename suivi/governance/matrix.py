"""The risk matrix: probability × impact → total.

Each level has a weight (low 1, medium 2, high 3, very high 4); the total is
read from the product of the two weights:

    product 1      → low
    product 2 to 4 → medium
    product 6 to 8 → high
    product 9+     → very high

so that, as a table (rows: probability, columns: impact):

                 low        medium     high       very high
    low          low        medium     medium     medium
    medium       medium     medium     high       high
    high         medium     high       very high  very high
    very high    medium     high       very high  very high

This reproduces every total of the 2020 register (medium × medium = medium,
low × high = medium, medium × high = high, high × high = very high…). A
register that gives no probability (an issue: it has happened) takes the
impact as its total.
"""

from __future__ import annotations

from suivi.governance.models import RiskLevel

LEVELS: tuple[RiskLevel, ...] = (
    RiskLevel.LOW,
    RiskLevel.MEDIUM,
    RiskLevel.HIGH,
    RiskLevel.VERY_HIGH,
)
WEIGHT = {level: rank for rank, level in enumerate(LEVELS, start=1)}


def total(probability: str, impact: str) -> RiskLevel:
    """The matrix's total for a probability and an impact (levels' values);
    a blank probability (an issue) gives the impact."""
    if not probability:
        return RiskLevel(impact)
    product = WEIGHT[RiskLevel(probability)] * WEIGHT[RiskLevel(impact)]
    if product == 1:
        return RiskLevel.LOW
    if product <= 4:
        return RiskLevel.MEDIUM
    if product <= 8:
        return RiskLevel.HIGH
    return RiskLevel.VERY_HIGH


def grid() -> list[tuple[RiskLevel, list[tuple[RiskLevel, RiskLevel]]]]:
    """Rows of the matrix, highest probability first: (probability, [(impact,
    total), …])."""
    return [
        (probability, [(impact, total(probability, impact)) for impact in LEVELS])
        for probability in reversed(LEVELS)
    ]
