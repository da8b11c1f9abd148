"""Builders for indicators test data."""

from decimal import Decimal

from suivi.indicators.models import Dimension, Indicator
from suivi.indicators.services import definitions
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.programmes.models import LogframeRevision, ResultNode
from suivi.programmes.tests.factories import ResultFactory


def sex_dimension() -> Dimension:
    return definitions.put_dimension(
        actor=None,
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
    created, _changed = definitions.put_indicator(actor=None, revision=revision, spec=spec)
    return created
