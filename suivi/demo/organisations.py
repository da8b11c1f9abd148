"""The Amuddu programme's organisations and one demo account per role.

Written through the same services users run, so the demo exercises the real
validation and leaves real audit events. Idempotent: what exists is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from suivi.accounts import services
from suivi.accounts.models import Membership, Organisation, OrganisationKind, User
from suivi.accounts.roles import Role
from suivi.demo.actor import LOADER

# A demo password, printed by `make demo`; never used outside the demo database.
DEMO_PASSWORD = "Amuddu-demo-2026"  # noqa: S105

ORGANISATIONS = [
    ("enabel", "Enabel", "Enabel – Agence belge de développement", OrganisationKind.ENABEL),
    (
        "mdcmre",
        "MDCMRE",
        "Ministère délégué chargé des Marocains résidant à l'étranger "
        "(MDCMRE, anciennement MCMREAM)",
        OrganisationKind.MINISTRY,
    ),
    ("en", "Entraide Nationale", "Entraide Nationale", OrganisationKind.PUBLIC_AGENCY),
    (
        "anapec",
        "ANAPEC",
        "Agence Nationale de Promotion de l'Emploi et des Compétences",
        OrganisationKind.PUBLIC_AGENCY,
    ),
    (
        "amappe",
        "AMAPPE",
        "Association Marocaine d'Appui à la Promotion de la Petite Entreprise",
        OrganisationKind.NGO,
    ),
    (
        "remess",
        "REMESS",
        "Réseau Marocain de l'Économie Sociale et Solidaire",
        OrganisationKind.NGO,
    ),
    ("care", "CARE Maroc", "CARE International Maroc", OrganisationKind.NGO),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    organisation_code: str
    role: Role
    language: str = "fr"


# Obviously fictitious staff names.
ACCOUNTS = [
    DemoAccount("responsable", "Nadia", "Démo-Responsable", "enabel", Role.INTERVENTION_MANAGER),
    DemoAccount("suivi", "Karim", "Démo-Suivi", "enabel", Role.ME_OFFICER),
    DemoAccount("finances", "Leila", "Démo-Finances", "enabel", Role.FINANCE_OFFICER),
    DemoAccount("marches", "Youssef", "Démo-Marchés", "enabel", Role.GRANTS_PROCUREMENT_OFFICER),
    DemoAccount("pf.en", "Samira", "Démo-EN", "en", Role.PARTNER_FOCAL_POINT),
    DemoAccount("as.en", "Hamid", "Démo-Assistant", "en", Role.PARTNER_CASE_WORKER, "ar"),
    DemoAccount("pf.anapec", "Omar", "Démo-ANAPEC", "anapec", Role.PARTNER_FOCAL_POINT),
    DemoAccount("agent.amappe", "Aïcha", "Démo-Relais", "amappe", Role.COMMUNITY_AGENT, "ar"),
    DemoAccount("copil", "Mehdi", "Démo-COPIL", "mdcmre", Role.STEERING_READER),
    DemoAccount("admin", "Sofia", "Démo-Admin", "enabel", Role.SYSTEM_ADMINISTRATOR, "en"),
]


def load(progress: Callable[[str], None]) -> list[DemoAccount]:
    """Create the organisations and accounts that are missing; return the accounts."""
    for code, short_name, name, kind in ORGANISATIONS:
        if not Organisation.objects.filter(code=code).exists():
            services.create_organisation(
                actor=LOADER, code=code, name=name, short_name=short_name, kind=kind
            )
    progress(_("%(count)d organisations") % {"count": len(ORGANISATIONS)})
    for account in ACCOUNTS:
        organisation = Organisation.objects.get(code=account.organisation_code)
        user = User.objects.filter(username=account.username).first()
        if user is None:
            services.create_member(
                actor=LOADER,
                organisation=organisation,
                username=account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@demo.invalid",
                role=account.role,
                password=DEMO_PASSWORD,
                preferred_language=account.language,
            )
        elif not Membership.objects.filter(
            user=user, organisation=organisation, role=account.role
        ).exists():
            raise RuntimeError(
                f"User {account.username!r} exists without its demo role; "
                "use a fresh database for the demo."
            )
    progress(_("%(count)d demo accounts") % {"count": len(ACCOUNTS)})
    return ACCOUNTS
