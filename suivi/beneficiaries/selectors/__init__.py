"""Every read of the beneficiaries app: scoped to the acting user, small counts
suppressed and sensitive reads audited inside (one module per subject)."""

from suivi.beneficiaries.selectors.catalogue import (
    CataloguePage,
    active_grid,
    catalogue_page,
    centre_to_edit,
    service_type,
    service_types,
    service_types_for,
)
from suivi.beneficiaries.selectors.persons import (
    PersonRecord,
    consent_to_withdraw,
    person_for,
    person_record,
    persons_for,
)
from suivi.beneficiaries.selectors.records import RecordLine, RecordsPage, records_behind
from suivi.beneficiaries.selectors.referrals import (
    Box,
    ReferralInbox,
    answering_service,
    box_of,
    received_referral,
    referral_inbox,
    sent_referral,
)

__all__ = [
    "Box",
    "CataloguePage",
    "PersonRecord",
    "RecordLine",
    "RecordsPage",
    "ReferralInbox",
    "active_grid",
    "answering_service",
    "box_of",
    "catalogue_page",
    "centre_to_edit",
    "consent_to_withdraw",
    "person_for",
    "person_record",
    "persons_for",
    "received_referral",
    "records_behind",
    "referral_inbox",
    "sent_referral",
    "service_type",
    "service_types",
    "service_types_for",
]
