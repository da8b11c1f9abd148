"""The persons, services and referrals lists: pages with their total,
filters, searches (by name, partner reference, exactly by phone or document),
exports, bad input, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import event, person
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PERSONS = reverse("beneficiaries:persons")
SERVICES = reverse("beneficiaries:services")
INBOX = reverse("beneficiaries:inbox")
PHONE = "+212661234567"


@pytest.fixture
def client(client):
    """Pages in English, the language of the messages matched here."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _queries(client, url: str, **kwargs) -> int:
    client.get(url, **kwargs)  # the first request after signing in saves the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured)


def _refer(setting, someone, sent_on=date(2020, 3, 1)):
    en, anapec, _someone, en_worker, _anapec_worker = setting
    persons.give_consent(
        actor=en_worker, person=someone, kind="share", given_on=sent_on, organisation=anapec
    )
    return referrals.send(
        actor=en_worker,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=sent_on,
    )


# -- Persons ------------------------------------------------------------------------


def test_the_persons_list_is_paginated_with_its_total(client, setting):
    en, _anapec, _someone, en_worker, _ = setting
    for n in range(29):
        person(en, family_name=f"Page{n:02d}", registered_on=date(2019, 2, 1 + n % 28))
    client.force_login(en_worker)
    body = _body(client.get(PERSONS))
    assert "30 rows" in body and "Page 1 of 2" in body
    assert body.count("<tr><td><a") == 25
    second = _body(client.get(PERSONS, {"page": "2"}))
    assert second.count("<tr><td><a") == 5
    # Out of range, malformed or hostile page numbers give a page, never an error.
    for page in ("0", "-1", "abc", "9" * 40, "２", "1 OR 1=1"):
        assert "30 rows" in _body(client.get(PERSONS, {"page": page}))


def test_the_persons_list_filters_by_sex_category_and_dates(client, setting):
    en, _anapec, _someone, en_worker, _ = setting
    person(en, family_name="Sixty", sex="men", registered_on=date(2020, 5, 1))
    person(en, family_name="Seventy", category="refugee", registered_on=date(2020, 6, 1))
    client.force_login(en_worker)
    body = _body(client.get(PERSONS, {"sex": "men"}))
    assert "Sixty" in body and "Seventy" not in body and "1 row" in body
    body = _body(client.get(PERSONS, {"category": "refugee"}))
    assert "Seventy" in body and "Sixty" not in body
    body = _body(client.get(PERSONS, {"date_from": "2020-05-15", "date_to": "2020-12-31"}))
    assert "Seventy" in body and "Sixty" not in body


def test_search_by_name_and_by_the_partners_reference(client, setting):
    en, _anapec, _someone, en_worker, _ = setting
    person(en, family_name="Benali", partner_record_id="EN-00042")
    person(en, family_name="Other")
    client.force_login(en_worker)
    body = _body(client.get(PERSONS, {"q": "enal"}))
    assert "Benali" in body and "Other" not in body
    body = _body(client.get(PERSONS, {"q": "EN-00042"}))
    assert "Benali" in body and "Other" not in body
    assert "No person to show." in _body(client.get(PERSONS, {"q": "EN-0004"}))


def test_exact_search_by_phone_or_document_through_the_keyed_hashes(client, setting):
    en, _anapec, _someone, en_worker, _ = setting
    person(en, family_name="Joignable", phone="06 61 23 45 67")
    person(en, family_name="Documentee", document_type="passport", document_number="ab-123456")
    person(en, family_name="Autre", phone="0662000000")
    client.force_login(en_worker)
    # Typed another way than at registration: normalised, then hashed.
    body = _body(client.post(PERSONS, {"contact": "+212 661 23 45 67"}))
    assert "Joignable" in body and "Autre" not in body and "Documentee" not in body
    body = _body(client.post(PERSONS, {"contact": "AB123456"}))
    assert "Documentee" in body and "Joignable" not in body
    assert "No person to show." in _body(client.post(PERSONS, {"contact": "0661234568"}))
    assert "No person to show." in _body(client.post(PERSONS, {"contact": ""}))
    # The number never goes in an address: a GET ignores it.
    assert "Autre" in _body(client.get(PERSONS, {"contact": PHONE}))
    searched = AuditEvent.objects.filter(action="beneficiaries.persons.searched_by_contact")
    assert searched.count() == 4
    assert all("661" not in str(e.detail) and "123456" not in str(e.detail) for e in searched)


def test_a_referred_person_is_listed_while_the_consent_stands(client, setting):
    _en, _anapec, someone, en_worker, anapec_worker = setting
    referral = _refer(setting, someone)
    client.force_login(anapec_worker)
    assert someone.given_name in _body(client.get(PERSONS))
    persons.withdraw_consent(
        actor=en_worker, consent=someone.consents.get(kind="share"), withdrawn_on=date(2020, 4, 1)
    )
    body = _body(client.get(PERSONS, {"q": someone.given_name}))
    assert "No person to show." in body
    assert referral.pk  # the referral stays; only the access ended


def test_bad_filters_give_a_normal_page_that_says_what_is_wrong(client, setting):
    _en, _anapec, someone, en_worker, _ = setting
    client.force_login(en_worker)
    hostile = {
        "sex": "women' OR '1'='1",
        "category": "x'; DROP TABLE beneficiaries_person; --",
        "date_from": "2020-02-30",
        "q": "%' OR 1=1 --",
    }
    body = _body(client.get(PERSONS, hostile))
    assert "Select a valid choice" in body and "Enter a valid date" in body
    assert someone.given_name in body  # invalid filters are not applied
    huge = _body(client.get(PERSONS, {"q": "x" * 20_000, "page": "1" * 5000}))
    assert "at most 100 characters" in huge
    assert "No person to show." in _body(client.get(PERSONS, {"q": "%' OR 1=1 --"}))
    assert _body(client.get(PERSONS, {"date_from": "2021-01-01", "date_to": "2020-01-01"}))


def test_the_persons_page_makes_the_same_queries_for_3_or_30_rows(client, setting):
    en, _anapec, _someone, en_worker, anapec_worker = setting
    client.force_login(en_worker)
    for n in range(2):
        _refer(setting, person(en, family_name=f"Few{n}"))
    few = _queries(client, PERSONS)
    for n in range(27):
        _refer(setting, person(en, family_name=f"Many{n}"))
    assert _queries(client, PERSONS) == few
    client.force_login(anapec_worker)  # the referred persons, through the consents
    assert "25 shown" in _body(client.get(PERSONS)) or "29 rows" in _body(client.get(PERSONS))
    assert _queries(client, PERSONS) == _queries(client, PERSONS, data={"sex": "women"})


def test_the_persons_export_holds_contacts_only_for_who_may_see_them(client, setting):
    en, anapec, someone, en_worker, anapec_worker = setting
    person(en, family_name='=HYPERLINK("http://x","y")', phone="0661234567")
    _refer(setting, someone)
    own = person(anapec, family_name="Anapec", phone="0662000000")
    client.force_login(en_worker)
    rows = _rows(client.get(reverse("beneficiaries:persons_export")))
    assert "Phone" in rows[0]
    formula = next(r for r in rows if str(r[0]).startswith("=HYPERLINK"))
    assert formula[0] == '=HYPERLINK("http://x","y")'  # text, not a formula
    assert PHONE in formula
    # ANAPEC: its own persons' contacts, the referred person's masked.
    client.force_login(anapec_worker)
    rows = _rows(client.get(reverse("beneficiaries:persons_export")))
    by_name = {r[0]: r for r in rows[1:]}
    assert "+212662000000" in by_name[own.family_name]
    assert by_name[someone.family_name][1] == someone.given_name
    assert all("+2126" not in str(v) for v in by_name[someone.family_name])
    # A community agent registers people: no contact column at all.
    agent = member(Role.COMMUNITY_AGENT, en)
    client.force_login(agent)
    rows = _rows(client.get(reverse("beneficiaries:persons_export"), {"sex": "women"}))
    assert "Phone" not in rows[0] and len(rows) > 1
    exported = AuditEvent.objects.filter(action="beneficiaries.persons.exported", actor=agent)
    assert exported.get().detail == {"filters": ["sex"], "rows": len(rows) - 1, "contacts": False}


# -- Services -----------------------------------------------------------------------


def test_the_services_list_shows_the_organisations_services_with_filters(client, setting):
    _en, anapec, someone, en_worker, anapec_worker = setting
    event(someone, "job_search_support", on=date(2020, 3, 10))
    event(someone, "financing", on=date(2020, 4, 10))
    referral = _refer(setting, someone)
    referrals.accept(actor=anapec_worker, referral=referral)
    event(someone, "job_search_support", organisation=anapec, on=date(2020, 3, 20))
    client.force_login(en_worker)
    body = _body(client.get(SERVICES))
    # Sending the referral is a service too.
    assert "3 rows" in body and someone.given_name in body
    body = _body(client.get(SERVICES, {"service": "financing"}))
    assert "1 row" in body
    body = _body(client.get(SERVICES, {"date_to": "2020-03-31", "service": "job_search_support"}))
    assert "1 row" in body
    # ANAPEC sees its own service, and the name while it may open the person.
    client.force_login(anapec_worker)
    body = _body(client.get(SERVICES))
    assert "1 row" in body and someone.given_name in body
    persons.withdraw_consent(
        actor=en_worker, consent=someone.consents.get(kind="share"), withdrawn_on=date(2020, 4, 1)
    )
    body = _body(client.get(SERVICES))
    assert "1 row" in body and someone.given_name not in body
    assert "Record no longer shared with you" in body
    rows = _rows(client.get(reverse("beneficiaries:services_export")))
    assert len(rows) == 2 and someone.given_name not in str(rows)


def test_the_services_page_makes_the_same_queries_for_3_or_30_rows(client, setting):
    en, _anapec, someone, en_worker, _ = setting
    client.force_login(en_worker)
    for n in range(3):
        event(someone, "job_search_support", on=date(2020, 3, 1 + n))
    few = _queries(client, SERVICES)
    for n in range(27):
        event(person(en), "financing", on=date(2020, 4, 1 + n))
    assert _queries(client, SERVICES) == few


# -- Referrals ----------------------------------------------------------------------


def test_the_inbox_pages_its_waiting_referrals_with_one_form_each(client, setting):
    en, _anapec, _someone, _en_worker, anapec_worker = setting
    for n in range(30):
        _refer(setting, person(en, family_name=f"Wait{n:02d}"), sent_on=date(2020, 3, 1 + n % 28))
    client.force_login(anapec_worker)
    body = _body(client.get(INBOX))
    assert "30 rows" in body and body.count("data-referral=") == 25
    assert body.count('class="review-actions"') == 25  # accept and decline: one form
    assert body.count("formaction=") == 25
    assert _body(client.get(INBOX, {"page": "2"})).count("data-referral=") == 5


def test_the_inbox_makes_the_same_queries_for_3_or_30_referrals(client, setting):
    en, _anapec, _someone, en_worker, anapec_worker = setting
    for n in range(3):
        referral = _refer(setting, person(en), sent_on=date(2020, 3, 1 + n))
    referrals.accept(actor=anapec_worker, referral=referral)
    client.force_login(anapec_worker)
    few = {box: _queries(client, INBOX, data={"box": box}) for box in ("waiting", "accepted")}
    client.force_login(en_worker)
    sent = _queries(client, INBOX, data={"box": "sent"})
    for n in range(27):
        referral = _refer(setting, person(en), sent_on=date(2020, 4, 1 + n % 28))
        if n % 2:
            referrals.accept(actor=anapec_worker, referral=referral)
    assert _queries(client, INBOX, data={"box": "sent"}) == sent
    client.force_login(anapec_worker)
    for box, count in few.items():
        assert _queries(client, INBOX, data={"box": box}) == count


def test_sent_referrals_show_the_person_and_a_name_search_stays_within_reach(client, setting):
    _en, _anapec, someone, en_worker, anapec_worker = setting
    _refer(setting, someone)
    client.force_login(en_worker)
    body = _body(client.get(INBOX, {"box": "sent"}))
    assert someone.given_name in body and reverse("beneficiaries:person", args=[someone.pk]) in body
    persons.withdraw_consent(
        actor=en_worker, consent=someone.consents.get(kind="share"), withdrawn_on=date(2020, 4, 1)
    )
    client.force_login(anapec_worker)
    body = _body(client.get(INBOX))
    assert "1 row" in body and someone.given_name not in body
    # Searching the hidden person's name finds nothing (it would say they were referred).
    assert "No referral to show." in _body(client.get(INBOX, {"q": someone.given_name}))
    rows = _rows(client.get(reverse("beneficiaries:inbox_export")))
    assert len(rows) == 2 and someone.given_name not in str(rows)
    for box in ("<script>", "sent' OR 1=1", "x" * 5000):
        assert _body(client.get(INBOX, {"box": box, "status": "nope", "page": "-9"}))


def test_services_found_by_the_persons_phone_and_exports_capped(client, setting, monkeypatch):
    en, _anapec, someone, en_worker, _ = setting
    reachable = person(en, family_name="Reachable", phone="0661234567")
    event(reachable, "job_search_support", on=date(2020, 3, 10))
    event(someone, "job_search_support", on=date(2020, 3, 11))
    client.force_login(en_worker)
    body = _body(client.post(SERVICES, {"contact": "06 61 23 45 67"}))
    assert "1 row" in body and "Reachable" in body and someone.given_name not in body
    # Beyond the export's limit: back to the list, same filters, with a message.
    monkeypatch.setattr("suivi.beneficiaries.selectors.lists.EXPORT_LIMIT", 1)
    response = client.get(
        reverse("beneficiaries:services_export"), {"service": "job_search_support"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{SERVICES}?service=job_search_support"
    assert "narrow the filters" in _body(client.get(response["Location"]))
    assert not AuditEvent.objects.filter(action="beneficiaries.services.exported").exists()
