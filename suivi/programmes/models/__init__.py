from suivi.programmes.models.chain import (
    Activity,
    ExecutionMode,
    PlannedAction,
    ResultLevel,
    ResultNode,
)
from suivi.programmes.models.intervention import Intervention, InterventionStatus, Programme
from suivi.programmes.models.revision import LogframeRevision

__all__ = [
    "Activity",
    "ExecutionMode",
    "Intervention",
    "InterventionStatus",
    "LogframeRevision",
    "PlannedAction",
    "Programme",
    "ResultLevel",
    "ResultNode",
]
