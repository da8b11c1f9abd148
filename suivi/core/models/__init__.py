from suivi.core.models.audit import AuditEvent
from suivi.core.models.base import BaseModel

__all__ = ["AuditEvent", "BaseModel"]
