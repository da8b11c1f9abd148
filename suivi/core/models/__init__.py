from suivi.core.models.audit import AuditEvent
from suivi.core.models.base import BaseModel
from suivi.core.models.job import Job, JobStatus
from suivi.core.models.transition import TransitionBase

__all__ = ["AuditEvent", "BaseModel", "Job", "JobStatus", "TransitionBase"]
