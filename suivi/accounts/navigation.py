"""The navigation: each entry names the capability it needs, nothing more."""

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
        frozenset({Capability.REGISTER_PEOPLE, Capability.RECORD_SERVICES}),
    ),
    NavEntry("beneficiaries:inbox", _("Referrals"), frozenset({Capability.RECORD_SERVICES})),
    NavEntry(
        "beneficiaries:duplicates",
        _("Possible duplicates"),
        frozenset({Capability.CONFIRM_MATCHES}),
    ),
    NavEntry(
        "beneficiaries:grid",
        _("Vulnerability grid"),
        frozenset({Capability.MANAGE_RESULTS_FRAMEWORK}),
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
