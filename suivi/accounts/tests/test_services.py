import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts import services
from suivi.accounts.models import Membership, OrganisationKind, User
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _new_member(actor, organisation, **overrides):
    fields = {
        "username": "newcomer",
        "first_name": "Nouvelle",
        "last_name": "Personne",
        "email": "newcomer@example.invalid",
        "role": Role.PARTNER_CASE_WORKER,
        "password": "Long-enough-passphrase-9",
    }
    return services.create_member(actor=actor, organisation=organisation, **(fields | overrides))


def test_focal_point_adds_a_case_worker_and_it_is_audited_without_values():
    ngo = OrganisationFactory()
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo)
    membership = _new_member(focal_point, ngo)
    assert membership.user.check_password("Long-enough-passphrase-9")
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert event.actor == focal_point and event.organisation == ngo
    assert "first_name" in event.changed_fields
    assert "Nouvelle" not in str(event.detail) and "Nouvelle" not in str(event.changed_fields)


def test_focal_point_cannot_add_a_manager_or_add_elsewhere():
    ngo = OrganisationFactory()
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo)
    with pytest.raises((PermissionDenied, ValidationError)):
        _new_member(focal_point, ngo, role=Role.INTERVENTION_MANAGER)
    with pytest.raises(PermissionDenied):
        _new_member(focal_point, OrganisationFactory())
    assert not User.objects.filter(username="newcomer").exists()


def test_role_must_fit_the_organisation_kind():
    donor = OrganisationFactory(kind=OrganisationKind.DONOR)
    with pytest.raises(ValidationError):
        _new_member(SYSTEM, donor, role=Role.PARTNER_CASE_WORKER)


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("Short-1", False),  # 7 characters
        ("password123", False),  # on the common-password list
        ("12345678901", False),  # numeric only
        ("x" * 40 + "-Suivi-64-chars-passphrase-ok", True),
        ("é" * 64, True),  # 64 characters must be accepted
        ("a" * 129, False),  # but not an unbounded length
    ],
)
def test_password_rules(password, accepted):
    ngo = OrganisationFactory()
    if accepted:
        _new_member(SYSTEM, ngo, password=password)
    else:
        with pytest.raises(ValidationError):
            _new_member(SYSTEM, ngo, password=password)
        assert not User.objects.filter(username="newcomer").exists()


def test_system_administrator_account_gets_the_admin_flags():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    user = _new_member(SYSTEM, enabel, role=Role.SYSTEM_ADMINISTRATOR).user
    assert user.is_staff and user.is_superuser


def test_deactivate_keeps_the_row_and_refuses_self():
    ngo = OrganisationFactory()
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo)
    worker = member(Role.PARTNER_CASE_WORKER, ngo)
    membership = worker.memberships.get()
    services.deactivate_membership(actor=focal_point, membership=membership)
    assert Membership.objects.get(pk=membership.pk).is_active is False
    assert AuditEvent.objects.filter(action="accounts.membership.deactivated").count() == 1
    with pytest.raises(ValidationError):
        services.deactivate_membership(actor=focal_point, membership=focal_point.memberships.get())


def test_preferred_language_is_validated():
    user = member(Role.ME_OFFICER)
    services.set_preferred_language(actor=user, language="ar")
    assert User.objects.get(pk=user.pk).preferred_language == "ar"
    with pytest.raises(ValidationError):
        services.set_preferred_language(actor=user, language="xx")


def test_an_organisations_kind_must_allow_the_roles_its_members_hold():
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    member(Role.PARTNER_CASE_WORKER, ngo)
    kept = {"name": ngo.name, "short_name": ngo.short_name, "is_active": True}
    with pytest.raises(ValidationError) as refused:
        services.update_organisation(
            actor=SYSTEM, organisation=ngo, kind=OrganisationKind.DONOR, **kept
        )
    assert "kind" in refused.value.message_dict
    ngo.refresh_from_db()
    assert ngo.kind == OrganisationKind.NGO
    # A kind that allows them (a public agency also has partner staff) is accepted.
    services.update_organisation(
        actor=SYSTEM, organisation=ngo, kind=OrganisationKind.PUBLIC_AGENCY, **kept
    )
    ngo.refresh_from_db()
    assert ngo.kind == OrganisationKind.PUBLIC_AGENCY
