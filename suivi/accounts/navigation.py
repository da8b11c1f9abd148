"""The navigation: each entry names the capability it needs, or the policy
its page asks (a dotted path, resolved lazily: accounts imports no domain
app), so that an entry shows exactly when its page answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suivi.accounts.roles import Capability


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    # None: every signed-in user; otherwise any one of these capabilities.
    capabilities: frozenset[Capability] | None = None
    # The page's own policy, `(user) -> bool`, when it is more than a capability.
    policy: str = ""


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("home", _("Home")),
    NavEntry("programmes:portfolio", _("Programmes")),
    NavEntry(
        "indicators:review_queue",
        _("Values to review"),
        frozenset({Capability.APPROVE_MEASUREMENTS}),
    ),
    NavEntry(
        "indicators:dimensions",
        _("Disaggregation"),
        frozenset({Capability.MANAGE_RESULTS_FRAMEWORK}),
    ),
    NavEntry(
        "beneficiaries:persons",
        _("Persons"),
        policy="suivi.beneficiaries.policies.may_list_persons",
    ),
    NavEntry(
        "beneficiaries:services",
        _("Services"),
        policy="suivi.beneficiaries.policies.may_list_services",
    ),
    NavEntry(
        "beneficiaries:inbox",
        _("Referrals"),
        policy="suivi.beneficiaries.policies.may_serve_referrals",
    ),
    NavEntry(
        "beneficiaries:duplicates",
        _("Possible duplicates"),
        policy="suivi.beneficiaries.policies.may_review_duplicates",
    ),
    NavEntry(
        "beneficiaries:catalogue",
        _("Service catalogue"),
        frozenset({Capability.MANAGE_RESULTS_FRAMEWORK}),
    ),
    NavEntry(
        "beneficiaries:grid",
        _("Vulnerability grid"),
        frozenset({Capability.MANAGE_RESULTS_FRAMEWORK}),
    ),
    NavEntry(
        "governance:index",
        _("Steering"),
        policy="suivi.governance.policies.may_view_steering",
    ),
    NavEntry("finance:index", _("Finance"), policy="suivi.finance.policies.may_view_finance"),
    NavEntry(
        "capacity:index",
        _("Capacity building"),
        policy="suivi.capacity.policies.may_view_capacity",
    ),
    NavEntry("accounts:organisation_list", _("Organisations")),
    NavEntry(
        "core:audit_trail",
        _("Audit trail"),
        frozenset({Capability.VIEW_AUDIT_TRAIL, Capability.VIEW_OWN_ORGANISATION_AUDIT}),
    ),
    NavEntry("accounts:account", _("My account")),
    NavEntry("admin:index", _("Administration"), frozenset({Capability.ADMINISTER_SYSTEM})),
)
