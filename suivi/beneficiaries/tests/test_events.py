from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import JourneyEvent
from suivi.beneficiaries.services import events, persons, referrals
from suivi.beneficiaries.tests.factories import categories, event_type, person
from suivi.core.models import AuditEvent
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lists():
    categories()


@pytest.fixture
def en():
    return OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)


EXAM = [
    {"name": "passed", "type": "bool", "required": True},
    {"name": "grade", "type": "choice", "choices": ["A", "B"]},
]


def test_attributes_are_checked_against_the_event_type(en):
    someone = person(en)
    exam = event_type("custom_exam", EXAM)
    with pytest.raises(ValidationError) as error:
        events.record_event(
            actor=SYSTEM,
            person=someone,
            event_type=exam,
            organisation=en,
            occurred_on=date(2020, 6, 1),
            attributes={"grade": "Z", "colour": "red"},
        )
    assert set(error.value.message_dict) == {"passed", "grade", "colour"}
    recorded, _ = events.record_event(
        actor=SYSTEM,
        person=someone,
        event_type=exam,
        organisation=en,
        occurred_on=date(2020, 6, 1),
        attributes={"passed": "oui"},
    )
    assert recorded.attributes == {"passed": True}


def test_a_batch_records_each_partner_id_once_with_the_same_checks(en):
    from suivi.beneficiaries.models import JourneyEvent, StaleIdentity
    from suivi.core.models import AuditEvent

    someone = person(en, registered_on=date(2020, 1, 1))
    exam = event_type("custom_exam", EXAM)

    def data(record_id, **changes):
        fields = {"person": someone, "event_type": exam, "occurred_on": date(2020, 6, 1)}
        fields |= {"attributes": {"passed": "oui"}, "partner_record_id": record_id}
        return events.EventData(**(fields | changes))

    StaleIdentity.objects.all().delete()
    events.record_events(actor=SYSTEM, organisation=en, batch=[data("S-1")])
    # Its figures will move: the person waits for the refresh task.
    assert list(StaleIdentity.objects.values_list("identity_key", flat=True)) == [
        someone.identity_key
    ]
    officer = member(Role.PARTNER_FOCAL_POINT, en)
    done = events.record_events(
        actor=officer,
        organisation=en,
        batch=[
            data("S-1"),  # already recorded
            data("S-2"),
            data("S-2"),  # twice in the batch
            data("S-3", occurred_on=date(2019, 12, 31)),
            data("S-4", attributes={"grade": "Z"}),
        ],
    )
    # S-3, dated before the registration, is recorded: the registration follows.
    assert done.known == 2 and [e.partner_record_id for e in done.created] == ["S-2", "S-3"]
    assert set(done.errors) == {4}
    assert {"passed", "grade"} <= set(done.errors[4].message_dict)
    someone.refresh_from_db()
    assert someone.registered_on == date(2019, 12, 31)
    assert JourneyEvent.objects.get(partner_record_id="S-2").attributes == {"passed": True}
    audit = AuditEvent.objects.get(action="beneficiaries.events.recorded", actor=officer)
    assert audit.detail["events"] == [str(e.pk) for e in done.created]
    with pytest.raises(PermissionDenied):
        events.record_events(
            actor=member(Role.PARTNER_CASE_WORKER), organisation=en, batch=[data("S-9")]
        )


def test_a_service_in_the_future_or_before_the_intervention_is_refused(en):
    InterventionFactory(start_date=date(2018, 3, 15)).operational_partners.add(en)
    someone = person(en, registered_on=date(2020, 1, 1))
    info = event_type("custom_meeting")
    for day, message in (
        (date(2999, 1, 1), "The date is in the future."),
        (date(2018, 3, 14), "The date is before the intervention starts (03/15/2018)."),
    ):
        with pytest.raises(ValidationError) as error:
            events.record_event(
                actor=SYSTEM, person=someone, event_type=info, organisation=en, occurred_on=day
            )
        assert error.value.message_dict == {"occurred_on": [message]}
    assert not JourneyEvent.objects.exists()
    events.record_event(
        actor=SYSTEM,
        person=someone,
        event_type=info,
        organisation=en,
        occurred_on=date(2018, 3, 15),
    )


def test_a_service_before_the_registration_registers_the_person_at_its_date(en):
    someone = person(en, registered_on=date(2020, 1, 10))
    info = event_type("custom_meeting")
    officer = member(Role.PARTNER_FOCAL_POINT, en)
    events.record_event(
        actor=officer,
        person=someone,
        event_type=info,
        organisation=en,
        occurred_on=date(2020, 1, 3),
    )
    someone.refresh_from_db()
    assert someone.registered_on == date(2020, 1, 3)
    moved = AuditEvent.objects.get(action="beneficiaries.person.registration_moved")
    assert (moved.actor, moved.object_id, moved.changed_fields) == (
        officer,
        str(someone.pk),
        ["registered_on"],
    )
    assert moved.detail == {"from": "2020-01-10", "to": "2020-01-03"}
    # A later service moves nothing.
    events.record_event(
        actor=officer,
        person=someone,
        event_type=info,
        organisation=en,
        occurred_on=date(2020, 2, 3),
    )
    someone.refresh_from_db()
    assert someone.registered_on == date(2020, 1, 3)
    assert AuditEvent.objects.filter(action="beneficiaries.person.registration_moved").count() == 1


def test_a_partner_records_services_only_for_persons_it_may_serve(en):
    anapec = OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY)
    someone = person(en)
    advisor = member(Role.PARTNER_CASE_WORKER, anapec)
    support = event_type("job_search_support")
    with pytest.raises(PermissionDenied):
        events.record_event(
            actor=advisor,
            person=someone,
            event_type=support,
            organisation=anapec,
            occurred_on=date(2020, 3, 1),
        )
    persons.give_consent(
        actor=SYSTEM, person=someone, kind="share", given_on=date(2020, 2, 1), organisation=anapec
    )
    referral = referrals.send(
        actor=SYSTEM,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 2, 2),
    )
    with pytest.raises(PermissionDenied):  # sent, not yet accepted
        events.record_event(
            actor=advisor,
            person=someone,
            event_type=support,
            organisation=anapec,
            occurred_on=date(2020, 3, 1),
        )
    referrals.accept(actor=advisor, referral=referral)
    recorded, created = events.record_event(
        actor=advisor,
        person=someone,
        event_type=support,
        organisation=anapec,
        occurred_on=date(2020, 3, 1),
        partner_record_id="AN-7",
    )
    assert created and recorded.organisation == anapec
    again, created_again = events.record_event(
        actor=advisor,
        person=someone,
        event_type=support,
        organisation=anapec,
        occurred_on=date(2020, 3, 1),
        partner_record_id="AN-7",
    )
    assert again == recorded and not created_again
