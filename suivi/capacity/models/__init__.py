from suivi.capacity.models.definition import CapacityDefinition, Measure, Register
from suivi.capacity.models.deliverable import Deliverable, DeliverableKind, Language
from suivi.capacity.models.outreach import CompanyOutreach
from suivi.capacity.models.training import (
    SATISFIED,
    Audience,
    Participant,
    Satisfaction,
    Sex,
    Training,
)

__all__ = [
    "SATISFIED",
    "Audience",
    "CapacityDefinition",
    "CompanyOutreach",
    "Deliverable",
    "DeliverableKind",
    "Language",
    "Measure",
    "Participant",
    "Register",
    "Satisfaction",
    "Sex",
    "Training",
]
