from suivi.beneficiaries.models.events import EventType, IndicatorComputation, JourneyEvent
from suivi.beneficiaries.models.person import (
    Consent,
    ConsentKind,
    DocumentType,
    EducationLevel,
    Person,
    Sex,
)
from suivi.beneficiaries.models.reference import Centre, Trade

__all__ = [
    "Centre",
    "Consent",
    "ConsentKind",
    "DocumentType",
    "EducationLevel",
    "EventType",
    "IndicatorComputation",
    "JourneyEvent",
    "Person",
    "Sex",
    "Trade",
]
