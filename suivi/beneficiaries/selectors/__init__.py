"""Every read of the beneficiaries app: scoped to the acting user, small counts
suppressed and sensitive reads audited inside (one module per subject)."""

from suivi.beneficiaries.selectors.persons import persons_for
from suivi.beneficiaries.selectors.records import RecordLine, RecordsPage, records_behind

__all__ = ["RecordLine", "RecordsPage", "persons_for", "records_behind"]
