from suivi.accounts.models.membership import Membership
from suivi.accounts.models.organisation import Organisation, OrganisationKind
from suivi.accounts.models.user import User

__all__ = ["Membership", "Organisation", "OrganisationKind", "User"]
