from datetime import date

import pytest
from django.utils import translation

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.services import reference
from suivi.beneficiaries.tests.factories import categories, event, event_type, person


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests match messages in the source language (English)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    """Entraide Nationale, a targeted and an untargeted centre, three persons
    enrolled in 2019-2020 at the targeted one (one passes the exam)."""
    categories()
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    targeted = reference.put_centre(
        actor=SYSTEM,
        organisation=en,
        code="en-rabat",
        name="EN Rabat",
        city="Rabat",
        targeted_from=date(2018, 1, 1),
    )
    other = reference.put_centre(
        actor=SYSTEM, organisation=en, code="en-fes", name="EN Fès", city="Fès"
    )
    people = [person(en, sex="women"), person(en, sex="women"), person(en, sex="men")]
    enrolments = [
        event(
            people[0],
            "training_enrolment",
            centre=targeted,
            on=date(2019, 10, 1),
            attributes={"school_year": "2019-2020"},
        ),
        event(
            people[1],
            "training_enrolment",
            centre=targeted,
            on=date(2019, 10, 2),
            attributes={"school_year": "2019-2020"},
        ),
        event(
            people[2],
            "training_enrolment",
            centre=targeted,
            on=date(2019, 10, 3),
            attributes={"school_year": "2019-2020"},
        ),
        # Not a targeted centre: never counted.
        event(
            person(en, sex="men"),
            "training_enrolment",
            centre=other,
            on=date(2019, 10, 3),
            attributes={"school_year": "2019-2020"},
        ),
    ]
    event(
        people[0],
        "exam_result",
        on=date(2020, 6, 30),
        related_event=enrolments[0],
        attributes={"passed": True},
    )
    event(
        people[2],
        "exam_result",
        on=date(2020, 6, 30),
        related_event=enrolments[2],
        attributes={"passed": False},
    )
    return en, people


@pytest.fixture
def setting():
    """EN and ANAPEC, a person registered by EN, a case worker at each."""
    categories()
    event_type("referral")
    en = OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)
    anapec = OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY)
    someone = person(en)
    return (
        en,
        anapec,
        someone,
        member(Role.PARTNER_CASE_WORKER, en),
        member(Role.PARTNER_CASE_WORKER, anapec),
    )


@pytest.fixture
def two_partners():
    """Entraide Nationale and ANAPEC, with the migrant categories: two partners
    whose records of one person make a possible duplicate."""
    categories()
    return (
        OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY),
        OrganisationFactory(code="anapec", kind=OrganisationKind.PUBLIC_AGENCY),
    )
