from suivi.indicators.models.definition import (
    Aggregation,
    Direction,
    Frequency,
    Indicator,
    IndicatorVersion,
    Target,
    UnitType,
)
from suivi.indicators.models.disaggregation import Dimension, DimensionValue
from suivi.indicators.models.measurement import (
    Evidence,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementTransition,
    MeasurementValue,
)
from suivi.indicators.models.period import PeriodKind, ReportingPeriod

__all__ = [
    "Aggregation",
    "Dimension",
    "DimensionValue",
    "Direction",
    "Evidence",
    "Frequency",
    "Indicator",
    "IndicatorVersion",
    "Measurement",
    "MeasurementSource",
    "MeasurementStatus",
    "MeasurementTransition",
    "MeasurementValue",
    "PeriodKind",
    "ReportingPeriod",
    "Target",
    "UnitType",
]
