from suivi.interop.models.job import ImportJob, ImportJobStatus

__all__ = ["ImportJob", "ImportJobStatus"]
