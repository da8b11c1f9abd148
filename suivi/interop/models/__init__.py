from suivi.interop.models.job import ImportJob

__all__ = ["ImportJob"]
