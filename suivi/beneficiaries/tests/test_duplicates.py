import os
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries import normalise
from suivi.beneficiaries.computation import engine
from suivi.beneficiaries.computation.spec import parse
from suivi.beneficiaries.models import MatchCandidate, Person, UncheckedRegistration
from suivi.beneficiaries.services import duplicates, match_model
from suivi.beneficiaries.services.probable_matches import MatchModelError
from suivi.beneficiaries.tests.factories import event, person

pytestmark = pytest.mark.django_db


def test_same_phone_at_two_partners_is_a_candidate_not_within_one(two_partners):
    en, anapec = two_partners
    a = person(en, phone="0661234567")
    b = person(anapec, phone="+212 6 61 23 45 67")
    # Proposed by the registration itself, in the same request.
    candidate = MatchCandidate.objects.get(person_a__in=[a, b], person_b__in=[a, b])
    assert candidate.reason == "phone" and candidate.status == "candidate"
    person(en, phone="0661234567")  # same partner as a: its own business
    assert MatchCandidate.objects.count() == 2  # a~b and the second EN record~b
    assert duplicates.find_exact() == 0  # the search finds nothing new


def test_linking_counts_once_and_unlinking_restores(two_partners):
    en, anapec = two_partners
    a = person(en, phone="0661234567", registered_on=date(2020, 1, 1))
    b = person(anapec, phone="0661234567", registered_on=date(2020, 2, 1))
    event(a, "job_search_support", organisation=en, on=date(2020, 3, 1))
    event(b, "job_search_support", organisation=anapec, on=date(2020, 4, 1))
    duplicates.find_exact()
    candidate = MatchCandidate.objects.get()
    spec = parse({"measure": "persons", "events": {"types": ["job_search_support"]}})
    assert engine.evaluate(spec, [])[2020][""].value == 2
    reviewer = member(Role.ME_OFFICER)
    with pytest.raises(PermissionDenied):
        duplicates.link(actor=member(Role.PARTNER_FOCAL_POINT, en), candidate=candidate, reason="x")
    with pytest.raises(ValidationError):
        duplicates.link(actor=reviewer, candidate=candidate, reason=" ")
    duplicates.link(actor=reviewer, candidate=candidate, reason="Même carte, même téléphone")
    a.refresh_from_db(), b.refresh_from_db()
    assert a.identity_key == b.identity_key == min(a.pk, b.pk, key=str)
    assert engine.evaluate(spec, [])[2020][""].value == 1
    assert Person.objects.count() == 2  # nothing merged, nothing deleted
    duplicates.reject(actor=reviewer, candidate=candidate, reason="Homonymes, vérifié")
    a.refresh_from_db(), b.refresh_from_db()
    assert a.identity_key == a.pk and b.identity_key == b.pk
    assert engine.evaluate(spec, [])[2020][""].value == 2


def _population(en, anapec):
    """200 persons at EN, 40 of them also at ANAPEC, spelt a little differently."""
    import random

    rng = random.Random(4)  # test data
    given = [
        "Awa",
        "Fatou",
        "Mariam",
        "Aminata",
        "Grace",
        "Moussa",
        "Ibrahima",
        "Joseph",
        "Samuel",
        "Yao",
        "Esther",
        "Khadija",
        "Ruth",
        "Cheikh",
        "Eric",
        "Mamadou",
        "Ousmane",
        "Abdoulaye",
        "Nadia",
        "Ali",
    ]
    family = [
        "Diallo",
        "Traoré",
        "Koné",
        "Camara",
        "Ndiaye",
        "Mbaye",
        "Kouassi",
        "Touré",
        "Sow",
        "Ba",
        "Fofana",
        "Cissé",
        "Keita",
        "Sylla",
        "Barry",
        "Bah",
        "Diop",
        "Fall",
        "Sarr",
        "Gueye",
        "Kamara",
        "Bangura",
        "Mensah",
        "Owusu",
        "Okafor",
        "Eze",
        "Mbeki",
        "Nkosi",
        "Dlamini",
        "Moyo",
    ]
    accents = str.maketrans("ïéèëô", "ieeeo")
    for n in range(200):
        fields = {
            "given_name": rng.choice(given),
            "family_name": rng.choice(family),
            "birth_year": rng.randint(1970, 2003),
            "nationality": rng.choice(["SN", "CI", "ML", "GN"]),
            "sex": rng.choice(["women", "men"]),
        }
        person(en, **fields)
        if n % 5 == 0:  # a true duplicate at the other partner, spelt a little differently
            twin = fields | {"given_name": fields["given_name"].translate(accents).upper()}
            person(anapec, **twin)


def test_probable_matches_from_splink(two_partners):
    en, anapec = two_partners
    _population(en, anapec)
    twin_en = person(
        en, given_name="Aïssatou", family_name="Diabaté", birth_year=1994, nationality="ML"
    )
    twin_anapec = person(
        anapec, given_name="Aissatou", family_name="Diabate", birth_year=1994, nationality="ML"
    )
    assert duplicates.find_probable() >= 1
    assert MatchCandidate.objects.filter(
        person_a__in=[twin_en, twin_anapec], person_b__in=[twin_en, twin_anapec], reason="probable"
    ).exists()


def test_probable_candidates_in_bulk_follow_the_proposal_rules(two_partners):
    en, anapec = two_partners
    _population(en, anapec)
    twin = {"family_name": "Ouédraogo", "birth_year": 1988, "nationality": "BF"}
    same_partner = [person(en, given_name="Zénabou", **twin) for _ in range(2)]
    elsewhere = person(anapec, given_name="ZENABOU", **twin)
    linked_en = person(en, given_name="Kwabena", family_name="Asante", birth_year=1979)
    linked_anapec = person(anapec, given_name="Kwabena", family_name="Asante", birth_year=1979)
    Person.objects.filter(pk=linked_anapec.pk).update(identity_key=linked_en.pk)
    known_en = person(en, given_name="Folake", family_name="Adebayo", birth_year=1990)
    known_anapec = person(anapec, given_name="FOLAKE", family_name="Adebayo", birth_year=1990)
    # Known already (another search, in the other order): left as it is.
    first, second = sorted([known_en, known_anapec], key=lambda p: str(p.pk))
    MatchCandidate.objects.create(person_a=second, person_b=first, reason="phone")

    def pairs(*records):
        return MatchCandidate.objects.filter(person_a__in=records, person_b__in=records)

    found = duplicates.find_probable()
    assert found == MatchCandidate.objects.filter(reason="probable").count() > 0
    assert not pairs(*same_partner).exists()  # one partner's own business
    for record in same_partner:
        assert pairs(record, elsewhere).get().reason == "probable"
    assert not pairs(linked_en, linked_anapec).exists()  # one identity already
    assert pairs(known_en, known_anapec).get().reason == "phone"
    for candidate in MatchCandidate.objects.filter(reason="probable"):
        assert str(candidate.person_a_id) < str(candidate.person_b_id)
        assert candidate.status == "candidate" and candidate.probability >= match_model.PROPOSE
        assert candidate.person_a.organisation_id != candidate.person_b.organisation_id
    assert duplicates.find_probable() == 0  # nothing new the second time


def test_names_compared_without_case_accents_or_separators_but_with_digits():
    assert normalise.plain("AÏSSATOU") == normalise.plain("aissatou") == "aissatou"
    assert normalise.plain("N'Guessan-Kouamé") == "nguessankouame"
    # Stripping digits made every "Fictif-0001"… (demo) and "F123" (benchmark) one name.
    assert normalise.plain("Fictif-0001") != normalise.plain("Fictif-0002")


def test_a_registration_is_scored_at_once_with_the_stored_model(two_partners):
    en, anapec = two_partners
    _population(en, anapec)
    duplicates.find_probable()  # trains and stores the model
    original = person(
        en, given_name="Mohamed", family_name="Traoré", birth_year=1990, nationality="ML", sex="men"
    )
    assert not UncheckedRegistration.objects.exists()
    # Transliterated, names swapped, a year apart, at another partner: proposed now.
    twin = person(
        anapec,
        given_name="TRAORE",
        family_name="Muhammad",
        birth_year=1991,
        nationality="ML",
        sex="men",
    )
    found = MatchCandidate.objects.get(person_a__in=[original, twin], person_b__in=[original, twin])
    assert found.reason == "probable" and found.probability >= match_model.PROPOSE
    # A namesake holding another passport: the documents weigh against.
    fields = {"given_name": "Awa", "birth_year": 1985, "nationality": "GN"}
    a = person(en, family_name="Keïta", **fields)
    b = person(
        anapec, family_name="Keita", document_type="passport", document_number="GN7654321", **fields
    )
    without_documents = MatchCandidate.objects.get(person_a__in=[a, b], person_b__in=[a, b])
    c = person(
        en, family_name="Keïta", document_type="passport", document_number="GN1234567", **fields
    )
    with_documents = MatchCandidate.objects.filter(person_a__in=[b, c], person_b__in=[b, c])
    assert without_documents.probability >= match_model.PROPOSE
    for found in with_documents:  # proposed, perhaps, but far less likely
        assert found.probability < min(without_documents.probability / 4, match_model.LIKELY)


def test_without_a_model_registrations_are_reported_not_compared(two_partners):
    en, anapec = two_partners
    person(en, given_name="Mohamed", family_name="Traoré", birth_year=1990)
    other = person(anapec, given_name="Mohammed", family_name="Traore", birth_year=1990)
    # Never "no candidate": the reviewers see that the model could not compare them.
    assert UncheckedRegistration.objects.filter(person=other).exists()
    assert not MatchCandidate.objects.exists()
    with pytest.raises(MatchModelError):
        duplicates.find_probable()  # too few persons to train: a failure, not 0


def test_phonetic_keys_make_transliterations_agree():
    key = normalise.sound
    assert key("mohamed") == key("mohammed") == key("muhammad")
    assert key("ousmane") == key("usman") and key("youssef") == key("yusuf")
    assert key(normalise.plain("Traoré")) == key("traore")
    assert key("fictif0001") != key("fictif0002")


def test_possible_phone_outside_allocated_ranges_is_kept_and_flagged():
    checked = normalise.check_phone("06 83 12 34 56")
    assert checked.e164 == "+212683123456" and checked.unallocated
    assert not normalise.check_phone("0661234567").unallocated
    with pytest.raises(ValidationError, match="too short"):
        normalise.check_phone("0612")
    with pytest.raises(ValidationError):
        normalise.check_phone("06 61 23 45 67 89 12")


def test_the_command_reports_a_failed_model_as_a_failure(two_partners):
    from django.core.management import CommandError, call_command

    en, anapec = two_partners
    person(en, phone="0661234567")
    person(anapec, phone="0661234567")
    with pytest.raises(CommandError, match="failed"):
        call_command("find_duplicates", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert MatchCandidate.objects.count() == 1  # the exact one stays
