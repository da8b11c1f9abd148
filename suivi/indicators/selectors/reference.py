"""Reads of the disaggregation lists (reference data every signed-in user
may read: dimensions and their values have no personal data)."""

from __future__ import annotations

from django.db.models import QuerySet

from suivi.indicators.models import Dimension, IndicatorVersion


def dimensions() -> QuerySet[Dimension]:
    return Dimension.objects.all()


def dimension_code_taken(code: str) -> bool:
    return Dimension.objects.filter(code=code).exists()


def value_code_taken(dimension: Dimension, code: str) -> bool:
    return dimension.values.filter(code=code).exists()


def dimensions_of(version: IndicatorVersion) -> list[Dimension]:
    """The dimensions `version` is disaggregated by, with their values."""
    return list(version.dimensions.prefetch_related("values"))
