from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Consent
from suivi.beneficiaries.services import persons
from suivi.beneficiaries.tests.factories import categories, person
from suivi.core import crypto
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lists():
    categories()


@pytest.fixture
def en():
    return OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)


def _data(**overrides):
    fields = {
        "given_name": "Aminata",
        "family_name": "Exemple",
        "sex": "women",
        "category": "refugee",
        "registered_on": date(2020, 2, 1),
        "consent_given_on": date(2020, 2, 1),
        "phone": "06 61 23 45 67",
        "document_type": "residence_card",
        "document_number": "ab 123-456",
    }
    return persons.PersonData(**(fields | overrides))


def test_registration_encrypts_contacts_and_keeps_matching_keys(en):
    agent = member(Role.COMMUNITY_AGENT, en)
    registered, created = persons.register_person(actor=agent, organisation=en, data=_data())
    assert created
    assert registered.phone == "+212661234567"
    assert "661234567" not in registered.phone_encrypted
    assert registered.document_number == "AB123456"
    assert registered.phone_hash == crypto.keyed_hash("+212661234567")
    assert registered.consents.get().kind == "registration"
    event = AuditEvent.objects.get(action="beneficiaries.person.registered")
    assert "Aminata" not in str(event.detail) and "Aminata" not in str(event.changed_fields)
    assert "Aminata" not in str(registered)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "tourist"),
        ("phone", "12"),
        ("document_number", "A?"),
        ("registered_on", timezone.localdate() + timedelta(days=1)),
        ("birth_year", 1850),
    ],
)
def test_bad_values_are_refused_field_by_field(en, field, value):
    with pytest.raises(ValidationError) as error:
        persons.register_person(actor=SYSTEM, organisation=en, data=_data(**{field: value}))
    assert field in error.value.message_dict


def test_same_partner_record_id_creates_one_person(en):
    first, created = persons.register_person(
        actor=SYSTEM, organisation=en, data=_data(partner_record_id="EN-1")
    )
    again, created_again = persons.register_person(
        actor=SYSTEM, organisation=en, data=_data(partner_record_id="EN-1")
    )
    assert created and not created_again and first == again


def test_only_staff_of_the_organisation_register(en):
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        persons.register_person(
            actor=member(Role.COMMUNITY_AGENT, other), organisation=en, data=_data()
        )
    with pytest.raises(PermissionDenied):
        persons.register_person(actor=member(Role.ME_OFFICER), organisation=en, data=_data())


def test_a_batch_registers_once_per_partner_id_and_reports_bad_persons_by_index(en):
    from suivi.beneficiaries.models import Person

    persons.register_person(actor=SYSTEM, organisation=en, data=_data(partner_record_id="EN-1"))
    agent = member(Role.PARTNER_FOCAL_POINT, en)
    batch = [
        _data(partner_record_id="EN-1"),  # already registered
        _data(partner_record_id="EN-2"),
        _data(partner_record_id="EN-2", given_name="Autre"),  # twice in the batch
        _data(partner_record_id="EN-3", category="tourist"),
        _data(partner_record_id="EN-4", phone="", document_number="", document_type=""),
    ]
    done = persons.register_people(actor=agent, organisation=en, batch=batch)
    assert done.known == 2
    assert list(done.errors) == [3] and "category" in done.errors[3].message_dict
    assert sorted(p.partner_record_id for p in done.created) == ["EN-2", "EN-4"]
    stored = Person.objects.get(partner_record_id="EN-2")
    assert stored.given_name == "Aminata" and stored.identity_key == stored.pk
    assert stored.phone == "+212661234567" and stored.consents.get().kind == "registration"
    assert not Person.objects.filter(partner_record_id="EN-3").exists()
    event = AuditEvent.objects.get(action="beneficiaries.people.registered")
    assert event.actor == agent and sorted(event.detail["persons"]) == sorted(
        str(p.pk) for p in done.created
    )
    assert "Aminata" not in str(event.detail)
    with pytest.raises(PermissionDenied):
        persons.register_people(
            actor=member(Role.COMMUNITY_AGENT), organisation=en, batch=[_data()]
        )


def test_consent_to_share_needs_a_partner_and_can_be_withdrawn(en):
    someone = person(en)
    with pytest.raises(ValidationError):
        persons.give_consent(actor=SYSTEM, person=someone, kind="share", given_on=date(2020, 3, 1))
    anapec = OrganisationFactory(code="anapec")
    consent = persons.give_consent(
        actor=SYSTEM, person=someone, kind="share", given_on=date(2020, 3, 1), organisation=anapec
    )
    persons.withdraw_consent(actor=SYSTEM, consent=consent, withdrawn_on=date(2020, 4, 1))
    assert not Consent.objects.get(pk=consent.pk).is_active
