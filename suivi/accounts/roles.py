"""Roles and what each may do.

A role is held through a membership in an organisation. Capabilities are the
unit that policies check; a role is only a named bundle of capabilities, so
adding a page means naming the capability it needs, never listing roles.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INTERVENTION_MANAGER = "intervention_manager", _("Intervention manager")
    ME_OFFICER = "me_officer", _("M&E officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    GRANTS_PROCUREMENT_OFFICER = "grants_procurement_officer", _("Grants and procurement officer")
    PARTNER_FOCAL_POINT = "partner_focal_point", _("Partner focal point")
    PARTNER_CASE_WORKER = "partner_case_worker", _("Partner case worker")
    COMMUNITY_AGENT = "community_agent", _("Community agent")
    STEERING_READER = "steering_reader", _("Steering committee reader")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")


class Capability(StrEnum):
    # Sees every organisation of the programme and programme-wide aggregates.
    VIEW_PROGRAMME_WIDE = "view_programme_wide"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    # Reads the audit events of their own organisation only.
    VIEW_OWN_ORGANISATION_AUDIT = "view_own_organisation_audit"
    MANAGE_ALL_MEMBERS = "manage_all_members"
    MANAGE_OWN_ORGANISATION_MEMBERS = "manage_own_organisation_members"
    ADMINISTER_SYSTEM = "administer_system"
    MANAGE_RESULTS_FRAMEWORK = "manage_results_framework"
    APPROVE_MEASUREMENTS = "approve_measurements"
    ENTER_MEASUREMENTS = "enter_measurements"
    LOCK_PERIODS = "lock_periods"
    # Link or reject possible duplicates across partners (sees both records).
    CONFIRM_MATCHES = "confirm_matches"
    MANAGE_FINANCE = "manage_finance"
    MANAGE_GRANTS_AND_PROCUREMENT = "manage_grants_and_procurement"
    RECORD_SERVICES = "record_services"
    REGISTER_PEOPLE = "register_people"
    READ_DASHBOARDS = "read_dashboards"
    # Write the steering registers: risks, meetings and decisions, recommendations,
    # modifications, activity statuses, quality self-assessment, lessons, stories.
    MANAGE_STEERING = "manage_steering"
    # Write the capacity-building and outreach registers (trainings, companies
    # sensitised, deliverables) and the definitions of the indicators they compute.
    MANAGE_CAPACITY = "manage_capacity"


_TEAM = {Capability.VIEW_PROGRAMME_WIDE, Capability.READ_DASHBOARDS}

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.INTERVENTION_MANAGER: frozenset(
        _TEAM
        | {
            Capability.VIEW_AUDIT_TRAIL,
            Capability.MANAGE_ALL_MEMBERS,
            Capability.MANAGE_RESULTS_FRAMEWORK,
            Capability.ENTER_MEASUREMENTS,
            Capability.APPROVE_MEASUREMENTS,
            Capability.MANAGE_STEERING,
            Capability.MANAGE_CAPACITY,
        }
    ),
    Role.ME_OFFICER: frozenset(
        _TEAM
        | {
            Capability.VIEW_AUDIT_TRAIL,
            Capability.MANAGE_RESULTS_FRAMEWORK,
            Capability.ENTER_MEASUREMENTS,
            Capability.APPROVE_MEASUREMENTS,
            Capability.LOCK_PERIODS,
            Capability.CONFIRM_MATCHES,
            Capability.MANAGE_STEERING,
            Capability.MANAGE_CAPACITY,
        }
    ),
    Role.FINANCE_OFFICER: frozenset(_TEAM | {Capability.MANAGE_FINANCE}),
    Role.GRANTS_PROCUREMENT_OFFICER: frozenset(_TEAM | {Capability.MANAGE_GRANTS_AND_PROCUREMENT}),
    Role.PARTNER_FOCAL_POINT: frozenset(
        {
            Capability.VIEW_OWN_ORGANISATION_AUDIT,
            Capability.MANAGE_OWN_ORGANISATION_MEMBERS,
            Capability.ENTER_MEASUREMENTS,
            Capability.RECORD_SERVICES,
            Capability.REGISTER_PEOPLE,
        }
    ),
    Role.PARTNER_CASE_WORKER: frozenset({Capability.RECORD_SERVICES, Capability.REGISTER_PEOPLE}),
    Role.COMMUNITY_AGENT: frozenset({Capability.REGISTER_PEOPLE}),
    Role.STEERING_READER: frozenset({Capability.VIEW_PROGRAMME_WIDE, Capability.READ_DASHBOARDS}),
    Role.SYSTEM_ADMINISTRATOR: frozenset(
        {
            Capability.VIEW_PROGRAMME_WIDE,
            Capability.VIEW_AUDIT_TRAIL,
            Capability.MANAGE_ALL_MEMBERS,
            Capability.ADMINISTER_SYSTEM,
        }
    ),
}

# Roles that must confirm a one-time code (TOTP) at every login.
ROLES_REQUIRING_MFA = frozenset({Role.SYSTEM_ADMINISTRATOR})

# Roles a partner focal point may hand out inside their own organisation.
PARTNER_ROLES = frozenset(
    {Role.PARTNER_FOCAL_POINT, Role.PARTNER_CASE_WORKER, Role.COMMUNITY_AGENT}
)
INTERVENTION_TEAM_ROLES = frozenset(
    {
        Role.INTERVENTION_MANAGER,
        Role.ME_OFFICER,
        Role.FINANCE_OFFICER,
        Role.GRANTS_PROCUREMENT_OFFICER,
    }
)
