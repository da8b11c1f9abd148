"""Disaggregation cells and the check that parts add up to their total.

A cell is written as a canonical key: ``""`` for the total, ``sex=women`` for
one value of one dimension, ``category=refugee|sex=women`` for a crossing
(dimensions in alphabetical order). Keys are plain strings so that values and
targets can be stored and compared without joins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product

TOTAL = ""


def make_key(assignment: Mapping[str, str]) -> str:
    return "|".join(f"{dim}={value}" for dim, value in sorted(assignment.items()))


def parse_key(key: str) -> dict[str, str]:
    if not key:
        return {}
    pairs = (part.split("=", 1) for part in key.split("|"))
    return {dim: value for dim, value in pairs}


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    values: tuple[str, ...]
    is_exhaustive: bool = True


def all_cells(dimensions: Sequence[DimensionSpec]) -> list[str]:
    """Every cell an indicator with these dimensions can hold: the total, each
    dimension alone, and every crossing of two or more dimensions."""
    keys = [TOTAL]
    ordered = sorted(dimensions, key=lambda d: d.code)
    for size in range(1, len(ordered) + 1):
        for group in combinations(ordered, size):
            for values in product(*(d.values for d in group)):
                keys.append(make_key({d.code: v for d, v in zip(group, values, strict=True)}))
    return keys


@dataclass(frozen=True)
class AdditivityGap:
    """Parts of an exhaustive dimension that do not add up to their whole."""

    whole_key: str
    dimension: str
    whole: Decimal
    parts_sum: Decimal


def additivity_gaps(
    values: Mapping[str, Decimal | None], dimensions: Iterable[DimensionSpec]
) -> list[AdditivityGap]:
    """For each exhaustive dimension, compare every filled whole (the total or
    a cell without that dimension) with the sum of its parts, when all parts
    are filled. Partly filled parts are not compared: they may be unknown."""
    gaps = []
    specs = [d for d in dimensions if d.is_exhaustive]
    for whole_key, whole in values.items():
        if whole is None:
            continue
        assigned = parse_key(whole_key)
        for spec in specs:
            if spec.code in assigned:
                continue
            found = [values.get(make_key({**assigned, spec.code: v})) for v in spec.values]
            parts = [part for part in found if part is not None]
            if len(parts) < len(found):
                continue
            total = sum(parts, Decimal(0))
            if total != whole:
                gaps.append(AdditivityGap(whole_key, spec.code, whole, total))
    return gaps
