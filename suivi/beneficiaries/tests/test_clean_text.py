"""Clean text at the beneficiaries services: names and free text are
normalised (NFC, trimmed), invisible control characters refused field by
field, and a nationality is a country of the ISO list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.forms.person import DeclineForm, ReferralForm, RegistrationForm
from suivi.beneficiaries.models import JourneyEvent, Person, Referral
from suivi.beneficiaries.services import events, persons, referrals
from suivi.beneficiaries.tests.factories import categories, event_type, person

pytestmark = pytest.mark.django_db

RLO = "Remove the invisible control character U+202E (right-to-left override)."


@pytest.fixture
def en():
    categories()
    return OrganisationFactory(code="en", kind=OrganisationKind.PUBLIC_AGENCY)


def _data(**overrides):
    fields = {
        "given_name": "Aminata",
        "family_name": "Exemple",
        "sex": "women",
        "category": "refugee",
        "registered_on": date(2020, 2, 1),
        "consent_given_on": date(2020, 2, 1),
    }
    return persons.PersonData(**(fields | overrides))


def _refused(en, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        persons.register_person(actor=SYSTEM, organisation=en, data=_data(**fields))
    assert not Person.objects.exists()
    return error.value.message_dict


def test_names_and_city_are_stored_nfc_trimmed_with_one_space(en):
    registered, _ = persons.register_person(
        actor=SYSTEM,
        organisation=en,
        data=_data(
            given_name=" Ai\u0308ssatou \u00a0Awa ",
            family_name="Diallo\n",
            city="  Hay   Riad ",
            languages=" français, wolof ",
        ),
    )
    assert (registered.given_name, registered.family_name) == ("Aïssatou Awa", "Diallo")
    assert (registered.city, registered.languages) == ("Hay Riad", "français, wolof")


def test_an_arabic_or_persian_name_keeps_its_joiners(en):
    registered, _ = persons.register_person(
        actor=SYSTEM, organisation=en, data=_data(given_name="حسین\u200cزاده")
    )
    assert registered.given_name == "حسین\u200cزاده"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "Awa\u202e", RLO),
        ("family_name", "Fic\x07tif", "Remove the invisible control character U+0007."),
        (
            "family_name",
            "Fic\u200btif",
            "Remove the invisible control character U+200B (zero-width space).",
        ),
        (
            "given_name",
            "Awa\u200f",
            "Remove the invisible control character U+200F (right-to-left mark).",
        ),
        ("city", "Rabat\nSalé", "Write this on one line: remove the line break."),
        (
            "languages",
            "wolof\u2060",
            "Remove the invisible control character U+2060 (word joiner).",
        ),
        (
            "partner_record_id",
            "EN-\ufeff1",
            "Remove the invisible control character U+FEFF (byte order mark).",
        ),
    ],
)
def test_control_characters_are_refused_against_their_field(en, field, value, message):
    assert _refused(en, **{field: value}) == {field: [message]}


def test_every_field_is_reported_at_once(en):
    errors = _refused(en, given_name="A\u202eB", city="\u2066Fès", nationality="<>")
    assert set(errors) == {"given_name", "city", "nationality"}


@pytest.mark.parametrize(
    ("written", "code"),
    [("sn", "SN"), ("SEN", "SN"), ("Sénégal", "SN"), ("ساحل العاج", "CI"), ("", "")],
)
def test_nationality_is_stored_as_its_alpha2_code(en, written, code):
    registered, _ = persons.register_person(
        actor=SYSTEM, organisation=en, data=_data(nationality=written)
    )
    assert registered.nationality == code


@pytest.mark.parametrize("value", ["<>", "XX", "1995", "Atlantide"])
def test_an_unknown_nationality_is_refused_naming_the_value(en, value):
    assert _refused(en, nationality=value) == {
        "nationality": [f"« {value} » is not a country: write its ISO code (SN, CI…) or its name."]
    }


def test_a_batch_refuses_the_dirty_person_only(en):
    outcome = persons.register_people(
        actor=SYSTEM,
        organisation=en,
        batch=[
            _data(partner_record_id="A"),
            _data(partner_record_id="B", given_name="Awa\u202e"),
        ],
    )
    assert len(outcome.created) == 1
    assert outcome.errors[1].message_dict == {"given_name": [RLO]}


def test_contact_changes_check_the_document_type(en):
    someone = person(en)
    with pytest.raises(ValidationError) as error:
        persons.update_contacts(
            actor=SYSTEM, person=someone, document_type="visa\u202e", document_number="AB12345"
        )
    assert error.value.message_dict == {"document_type": [RLO]}
    with pytest.raises(ValidationError) as error:
        persons.update_contacts(
            actor=SYSTEM, person=someone, document_type="visa", document_number="AB12345"
        )
    assert error.value.message_dict == {"document_type": ["Unknown identity document: visa."]}


def test_the_registration_form_validates_names_and_nationality():
    form = RegistrationForm(
        {
            "token": "t",
            "given_name": "Awa\u202e",
            "family_name": "Fictif",
            "sex": "women",
            "category": "",
            "nationality": "<>",
            "city": "Rabat\u200b",
            "consent": "on",
        }
    )
    assert not form.is_valid()
    assert form.errors["given_name"] == [RLO]
    assert form.errors["nationality"] == ["« <> » is not a country of the list."]
    assert "U+200B" in form.errors["city"][0]


def test_a_text_detail_of_a_service_is_one_clean_line(en):
    someone = person(en)
    placement = event_type("job_placement")
    with pytest.raises(ValidationError) as error:
        events.record_event(
            actor=SYSTEM,
            person=someone,
            event_type=placement,
            organisation=en,
            occurred_on=date(2020, 3, 1),
            attributes={"employer": "Atelier\u202eSA", "contrat_aide": False},
        )
    assert error.value.message_dict == {"employer": [RLO]}
    assert not JourneyEvent.objects.exists()
    recorded, _ = events.record_event(
        actor=SYSTEM,
        person=someone,
        event_type=placement,
        organisation=en,
        occurred_on=date(2020, 3, 1),
        attributes={"employer": " Atelier\u00a0SA ", "contrat_aide": False},
    )
    assert recorded.attributes["employer"] == "Atelier\u00a0SA"


def test_referral_notes_and_decline_reasons_are_clean_free_text(setting):
    en, anapec, someone, sender, receiver = setting
    persons.give_consent(
        actor=sender, person=someone, kind="share", given_on=date(2020, 1, 1), organisation=anapec
    )
    with pytest.raises(ValidationError) as error:
        referrals.send(
            actor=sender,
            person=someone,
            from_organisation=en,
            to_organisation=anapec,
            purpose="employment",
            note="Urgent\x1b[31m",
        )
    assert error.value.message_dict == {"note": ["Remove the invisible control character U+001B."]}
    assert not Referral.objects.exists() and not JourneyEvent.objects.exists()
    referral = referrals.send(
        actor=sender,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        note=" Première ligne\r\n\tseconde ",
    )
    assert referral.note == "Première ligne\n\tseconde"
    with pytest.raises(ValidationError) as error:
        referrals.decline(actor=receiver, referral=referral, reason="Complet\u2067")
    assert "U+2067" in error.value.message_dict["reason"][0]
    declined = referrals.decline(actor=receiver, referral=referral, reason="Complet\r\n")
    assert declined.decline_reason == "Complet"
    assert declined.transitions.get().note == "Complet"


def test_referral_forms_validate_free_text(en):
    assert "U+202E" in str(DeclineForm({"reason": "Non\u202e"}).errors["reason"])
    form = ReferralForm({"purpose": "other", "note": "a\u200bb"}, exclude=en)
    assert "U+200B" in str(form.errors["note"])


FORM = {
    "token": "a" * 32,
    "given_name": "Awa",
    "family_name": "Fictif",
    "sex": "women",
    "category": "refugee",
    "consent": "on",
    "registered_on": date.today().isoformat(),
}


def test_the_registration_page_shows_the_refusals_and_takes_a_country_of_the_list(client, en):
    client.force_login(member(Role.COMMUNITY_AGENT, en))
    url = reverse("beneficiaries:register")
    response = client.post(url, FORM | {"given_name": "Awa\u202e", "nationality": "<>"})
    assert response.content.decode().count('class="field field-error"') == 2
    assert not Person.objects.exists()
    response = client.post(url, FORM | {"nationality": "SN"})
    assert response.status_code == 302
    assert Person.objects.get().nationality == "SN"
