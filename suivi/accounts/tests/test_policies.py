import pytest

from suivi.accounts import policies
from suivi.accounts.models import Organisation, OrganisationKind
from suivi.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from suivi.accounts.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_every_role_has_capabilities():
    assert set(ROLE_CAPABILITIES) == set(Role)


def test_partner_sees_only_own_organisation_team_sees_all():
    ngo_a, ngo_b = OrganisationFactory(), OrganisationFactory()
    worker = member(Role.PARTNER_CASE_WORKER, ngo_a)
    manager = member(Role.INTERVENTION_MANAGER)
    assert set(Organisation.objects.filter(policies.visible_organisations_q(worker))) == {ngo_a}
    assert {ngo_a, ngo_b} <= set(
        Organisation.objects.filter(policies.visible_organisations_q(manager))
    )


def test_inactive_membership_gives_nothing():
    worker = member(Role.PARTNER_FOCAL_POINT)
    worker.memberships.update(is_active=False)
    worker = type(worker).objects.get(pk=worker.pk)
    assert policies.capabilities_of(worker) == frozenset()


def test_focal_point_hands_out_partner_roles_in_own_organisation_only():
    ngo, other = OrganisationFactory(), OrganisationFactory()
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo)
    assert set(policies.assignable_roles(focal_point, ngo)) == {
        Role.PARTNER_FOCAL_POINT,
        Role.PARTNER_CASE_WORKER,
        Role.COMMUNITY_AGENT,
    }
    assert policies.assignable_roles(focal_point, other) == []


def test_only_a_system_administrator_creates_another():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    manager = member(Role.INTERVENTION_MANAGER, enabel)
    admin = member(Role.SYSTEM_ADMINISTRATOR, enabel)
    assert Role.SYSTEM_ADMINISTRATOR not in policies.assignable_roles(manager, enabel)
    assert Role.SYSTEM_ADMINISTRATOR in policies.assignable_roles(admin, enabel)


def test_mfa_required_for_system_administrators_only():
    assert policies.requires_mfa(member(Role.SYSTEM_ADMINISTRATOR))
    assert not policies.requires_mfa(member(Role.INTERVENTION_MANAGER))


def test_steering_reader_reads_dashboards_but_manages_nothing():
    reader = member(Role.STEERING_READER)
    assert policies.has_capability(reader, Capability.READ_DASHBOARDS)
    assert not policies.has_capability(reader, Capability.MANAGE_ALL_MEMBERS)
    assert not policies.has_capability(reader, Capability.VIEW_AUDIT_TRAIL)
