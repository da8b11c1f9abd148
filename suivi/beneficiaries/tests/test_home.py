"""The partner's and the community agent's home panels: computed from the
records, small counts withheld, queries constant in the number of records."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries.selectors import home
from suivi.beneficiaries.services import persons, referrals
from suivi.beneficiaries.tests.factories import event, event_type, person
from suivi.indicators.disclosure import SUPPRESSED

pytestmark = pytest.mark.django_db

TODAY = date(2020, 3, 20)


def test_activity_counts_this_month_and_year_by_sex_and_category(setting):
    en, _anapec, _someone, en_worker, _ = setting  # one woman registered on 10 Jan 2019
    for day in (1, 2, 3, 4, 5):
        person(en, sex="men", category="refugee", registered_on=date(2020, 3, day))
    person(en, sex="women", registered_on=date(2020, 1, 15))
    person(en, sex="women", registered_on=date(2020, 4, 1))  # after "today": not yet
    activity = home.activity(en_worker, today=TODAY)
    reg = activity.registrations
    assert (reg.year, reg.month, reg.current) == (2020, 3, True)
    assert reg.by_month == {1: 1, 3: 5}
    assert reg.month_total == 5 and reg.year_total == 6
    assert reg.year_cells["sex=men"] == 5 and reg.year_cells["category=refugee|sex=men"] == 5
    assert reg.month_cells.get("sex=women", 0) == 0
    assert activity.persons_ever == 7  # not the one registered after today
    # Outside the M&E staff, the single woman of the year is withheld, and
    # so is the men's count that would give her back from the total.
    shown = home.withheld({"": reg.year_total, **reg.year_cells}, exact=False)
    assert shown["sex=women"] == SUPPRESSED and shown["sex=men"] == SUPPRESSED
    assert home.withheld({"": 6, "sex=women": 1}, exact=True)["sex=women"] == 1


def test_a_year_without_records_shows_the_latest_year_with_them(setting):
    _en, _anapec, someone, en_worker, _ = setting
    event_type("counselling")
    event(someone, "counselling", on=date(2019, 5, 2))
    activity = home.activity(en_worker, today=date(2021, 2, 1))
    assert activity.registrations.year == 2019 and not activity.registrations.current
    assert activity.services.by_month == {5: 1}
    assert activity.registrations.month_total == 0


def test_a_community_agent_counts_only_their_own_registrations(setting):
    en, *_ = setting
    agent = member(Role.COMMUNITY_AGENT, en)
    data = persons.PersonData(
        given_name="Awa",
        family_name="Diallo",
        sex="women",
        category="refugee",
        registered_on=date(2020, 3, 2),
        consent_given_on=date(2020, 3, 2),
    )
    persons.register_person(actor=agent, organisation=en, data=data)
    mine = home.activity(agent, own_only=True, today=TODAY)
    assert mine.registrations.year_total == 1 and mine.services.year_total == 0


def test_referrals_waiting_and_overdue(setting):
    en, anapec, someone, en_worker, anapec_worker = setting
    persons.give_consent(
        actor=en_worker,
        person=someone,
        kind="share",
        given_on=date(2020, 1, 1),
        organisation=anapec,
    )
    referrals.send(
        actor=en_worker,
        person=someone,
        from_organisation=en,
        to_organisation=anapec,
        purpose="employment",
        sent_on=date(2020, 3, 1),
    )
    sent = home.referral_counts(en_worker, today=TODAY)
    received = home.referral_counts(anapec_worker, today=TODAY)
    assert sent is not None and received is not None
    assert (sent.awaiting, sent.awaiting_overdue, sent.to_answer) == (1, 1, 0)
    assert (received.to_answer, received.to_answer_overdue) == (1, 1)
    assert home.referral_counts(anapec_worker, today=date(2020, 3, 10)).to_answer_overdue == 0
    assert home.referral_counts(member(Role.COMMUNITY_AGENT, en)) is None


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_partner_home_shows_live_figures_in_constant_queries(client, setting):
    en, _anapec, _someone, _en_worker, _ = setting
    focal = member(Role.PARTNER_FOCAL_POINT, en)
    event_type("counselling")
    client.force_login(focal)
    client.get("/")  # the first page of a session writes it
    before = _queries(client, "/")
    page = client.get("/").content.decode()
    assert 'data-panel="partner-activity"' in page and 'data-panel="partner-monthly"' in page
    assert "<img" in page and "data:image/svg+xml;base64," in page
    for n in range(8):
        somebody = person(en, sex="men" if n % 2 else "women")
        event(somebody, "counselling", on=date(2019, 2, 1 + n))
    assert _queries(client, "/") == before
    response = client.get(reverse("home"))
    panels = {panel.key: panel for panel in response.context["panels"]}
    figures = {figure.label: figure.value for figure in panels["partner-activity"].figures}
    assert 9 in figures.values() or "9" in figures.values()  # 1 + 8 persons, all years
    assert 8 in figures.values()  # the 8 services
