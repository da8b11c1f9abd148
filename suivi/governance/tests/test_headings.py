"""Headings that name a meeting or a quality criterion with its date or year
are translatable strings with placeholders (Arabic puts the words in its own
order), the date and number isolated for right-to-left pages."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.governance.models import QualityAssessment
from suivi.governance.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def test_a_decisions_page_names_its_meeting_in_the_readers_word_order(client):
    decision = factories.decision()
    client.force_login(member(Role.ME_OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(reverse("governance:detail", args=["decisions", decision.pk]))
    html = page.content.decode()
    crumb = html[html.index('data-testid="meeting-crumb"') :]
    crumb = crumb[crumb.index(">") + 1 : crumb.index("</a>")]
    assert crumb == "لجنة القيادة (COPIL) رقم <bdi>3</bdi> بتاريخ <bdi>23\u200f/12\u200f/2020</bdi>"


def test_a_meeting_without_number_and_a_criterion_read_in_the_readers_order():
    meeting = factories.meeting(number=None, held_on=date(2020, 7, 9), kind="ctos")
    assessment = QualityAssessment(criterion="efficiency", year=2020)
    with translation.override("fr"):
        assert str(meeting).endswith(" du 09/07/2020")
        assert str(assessment) == "Efficience, 2020"
    with translation.override("ar"):
        assert " بتاريخ " in str(meeting)
        assert str(assessment).endswith("، سنة 2020")
