from suivi.beneficiaries.models.events import EventType, IndicatorComputation, JourneyEvent
from suivi.beneficiaries.models.facts import (
    ComputationRun,
    ComputedFact,
    StaleIdentity,
)
from suivi.beneficiaries.models.grid import VulnerabilityCriterion, VulnerabilityGrid
from suivi.beneficiaries.models.matching import (
    MatchCandidate,
    MatchModel,
    MatchReason,
    MatchStatus,
    UncheckedRegistration,
)
from suivi.beneficiaries.models.person import (
    Consent,
    ConsentKind,
    DocumentType,
    EducationLevel,
    Person,
    Sex,
)
from suivi.beneficiaries.models.reference import Centre, TargetingPeriod, Trade
from suivi.beneficiaries.models.referral import (
    OPEN_STATUSES,
    Referral,
    ReferralStatus,
    ReferralTransition,
)

__all__ = [
    "OPEN_STATUSES",
    "Centre",
    "ComputationRun",
    "ComputedFact",
    "Consent",
    "ConsentKind",
    "DocumentType",
    "EducationLevel",
    "EventType",
    "IndicatorComputation",
    "JourneyEvent",
    "MatchCandidate",
    "MatchModel",
    "MatchReason",
    "MatchStatus",
    "Person",
    "Referral",
    "ReferralStatus",
    "ReferralTransition",
    "Sex",
    "StaleIdentity",
    "TargetingPeriod",
    "Trade",
    "UncheckedRegistration",
    "VulnerabilityCriterion",
    "VulnerabilityGrid",
]
