"""Builders for accounts test data."""

import factory

from suivi.accounts.models import Membership, Organisation, OrganisationKind, User
from suivi.accounts.roles import Role
from suivi.core.actors import system

PASSWORD = "Correct-horse-42"
# Who test data builders act as (services refuse a missing actor).
SYSTEM = system("tests")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org{n}")
    short_name = factory.Sequence(lambda n: f"ORG {n}")
    name = factory.LazyAttribute(lambda o: f"Organisation {o.short_name}")
    kind = OrganisationKind.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNER_CASE_WORKER


_KIND_FOR_ROLE = {
    Role.INTERVENTION_MANAGER: OrganisationKind.ENABEL,
    Role.ME_OFFICER: OrganisationKind.ENABEL,
    Role.FINANCE_OFFICER: OrganisationKind.ENABEL,
    Role.GRANTS_PROCUREMENT_OFFICER: OrganisationKind.ENABEL,
    Role.SYSTEM_ADMINISTRATOR: OrganisationKind.ENABEL,
    Role.STEERING_READER: OrganisationKind.MINISTRY,
}


def member(role: Role, organisation: Organisation | None = None, **user_fields) -> User:
    """A user holding `role` in `organisation` (a fitting new one if omitted)."""
    if organisation is None:
        organisation = OrganisationFactory(kind=_KIND_FOR_ROLE.get(role, OrganisationKind.NGO))
    user = UserFactory(**user_fields)
    if role == Role.SYSTEM_ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
