"""Builders for indicators test data."""

from decimal import Decimal

from suivi.accounts.tests.factories import SYSTEM
from suivi.indicators.models import (
    Dimension,
    Indicator,
    Measurement,
    MeasurementSource,
    MeasurementStatus,
    MeasurementValue,
)
from suivi.indicators.services import definitions, periods
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.programmes.models import LogframeRevision, ResultNode
from suivi.programmes.tests.factories import ResultFactory


def sex_dimension() -> Dimension:
    return definitions.put_dimension(
        actor=SYSTEM,
        code="sex",
        name="Sexe",
        name_ar="الجنس",
        name_en="Sex",
        values=[("women", "Femmes", "نساء", "Women"), ("men", "Hommes", "رجال", "Men")],
    )


def indicator(
    *,
    code: str = "MAR1605211_Ind1.2",
    unit: str = "count",
    result: ResultNode | None = None,
    revision: LogframeRevision | None = None,
    dimensions=(),
    targets=((2020, "150"), (0, "200")),
    **fields,
) -> Indicator:
    result = result or ResultFactory()
    revision = revision or result.introduced_in
    spec = IndicatorSpec(
        code=code,
        result=result,
        title=fields.pop("title", "Migrant·e·s inscrit·e·s en FP"),
        unit=unit,
        aggregation=fields.pop("aggregation", "periodic"),
        dimensions=list(dimensions),
        targets=[TargetSpec(year, Decimal(value)) for year, value in targets],
        **fields,
    )
    created, _changed = definitions.put_indicator(actor=SYSTEM, revision=revision, spec=spec)
    return created


def computed_measurement(item: Indicator, year: int, values: dict[str, int]) -> Measurement:
    """An approved computed measurement as the beneficiaries app writes it
    (test builder: the indicators app only displays these)."""
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)
    measurement = Measurement.objects.create(
        indicator=item,
        period=period,
        status=MeasurementStatus.APPROVED,
        source=MeasurementSource.COMPUTED,
    )
    MeasurementValue.objects.bulk_create(
        MeasurementValue(measurement=measurement, cell_key=key, value=Decimal(value))
        for key, value in values.items()
    )
    return measurement
