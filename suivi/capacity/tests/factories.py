"""Builders for capacity test data, through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from suivi.accounts.tests.factories import SYSTEM
from suivi.capacity.models import (
    CapacityDefinition,
    CompanyOutreach,
    Deliverable,
    Participant,
    Training,
)
from suivi.capacity.services import definitions, registers
from suivi.indicators.models import Indicator
from suivi.indicators.tests import factories as indicator_factories
from suivi.programmes.models import Intervention
from suivi.programmes.tests.factories import ResultFactory


def training(intervention: Intervention | None = None, **fields: Any) -> Training:
    values: dict[str, Any] = {
        "topic": "GAR et suivi-évaluation",
        "audience": "cp3",
        "starts_on": date(2020, 10, 5),
        "ends_on": date(2020, 10, 9),
        "max_score": Decimal(20),
    }
    values.update(fields)
    if intervention is None:
        intervention = ResultFactory().intervention
    return registers.save_training(actor=SYSTEM, intervention=intervention, **values)


def participant(parent: Training, **fields: Any) -> Participant:
    values: dict[str, Any] = {
        "institution": "OFPPT",
        "state_institution": True,
        "function": "Cadre",
        "sex": "women",
    }
    values.update(fields)
    for name in ("pre_score", "post_score"):
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    return registers.save_participant(actor=SYSTEM, training=parent, **values)


def outreach(intervention: Intervention, organisation: Any, **fields: Any) -> CompanyOutreach:
    values: dict[str, Any] = {
        "company": "Entreprise A",
        "sensitised_by": organisation,
        "sensitised_on": date(2020, 6, 1),
    }
    values.update(fields)
    return registers.save_outreach(actor=SYSTEM, intervention=intervention, **values)


def deliverable(intervention: Intervention, **fields: Any) -> Deliverable:
    values: dict[str, Any] = {
        "title": "Guide de l'emploi",
        "kind": "guide",
        "language": "fr",
        "produced_on": date(2020, 3, 1),
        "for_migrants": True,
    }
    values.update(fields)
    return registers.save_deliverable(actor=SYSTEM, intervention=intervention, **values)


def computed_indicator(
    intervention: Intervention | None = None,
    *,
    code: str = "MAR1605211_Ind3.4",
    unit: str = "percentage",
    measure: str = "knowledge_post_mean",
    by_sex: bool = False,
    **fields: Any,
) -> tuple[Indicator, CapacityDefinition]:
    result = (
        ResultFactory(introduced_in__intervention=intervention)
        if intervention is not None
        else ResultFactory()
    )
    dimensions = [indicator_factories.sex_dimension()] if by_sex else []
    item = indicator_factories.indicator(
        code=code,
        unit=unit,
        result=result,
        dimensions=dimensions,
        targets=((2020, "70"), (0, "70")),
    )
    values: dict[str, Any] = {"scope": ["cp3"], "from_year": 2019, "reason": "Registres"}
    values.update(fields)
    definition = definitions.define(actor=SYSTEM, indicator=item, measure=measure, **values)
    return item, definition
