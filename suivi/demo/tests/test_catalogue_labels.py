"""No raw catalogue code on a page: every service form and the person page,
in French and Arabic, show the catalogue's labels; the demo's catalogue
comes from its workbook through the import, links included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from suivi.accounts.models import Organisation
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.beneficiaries.models import EventType, JourneyEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """The pages activate the user's language in this thread: restore it, or
    the next test (reloading the demo) reads Arabic explanations."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


# The demo's focal points, by organisation code (AMAPPE's is made here).
FOCAL_POINTS = {"en": "pf.en", "anapec": "pf.anapec"}


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or <code>
    (codes shown as such, muted, are the catalogue page's business)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "code", "title"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code", "title"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def catalogue_codes() -> set[str]:
    """Codes a careless template would print: type, detail and value codes
    (digit-only values such as "6" months excepted: they read as numbers)."""
    codes: set[str] = set()
    for event_type in EventType.objects.all():
        codes.add(event_type.code)
        for detail in event_type.details:
            codes.add(detail.name)
            codes.update(c.value for c in detail.choices if not c.value.isdigit())
    return codes


def raw_codes(html: str, codes: set[str]) -> set[str]:
    text = visible_text(html)
    return {code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}


def _focal_point(organisation_code: str):
    if organisation_code in FOCAL_POINTS:
        return get_user_model().objects.get(username=FOCAL_POINTS[organisation_code])
    return member(Role.PARTNER_FOCAL_POINT, Organisation.objects.get(code=organisation_code))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_service_form_and_the_person_page_show_labels_not_codes(demo_data, client, language):
    codes = catalogue_codes()
    assert {"walk_in", "school_year", "still_employed", "cdi"} <= codes
    checked = 0
    for event_type in EventType.objects.prefetch_related("organisations"):
        organisation = ([o.code for o in event_type.organisations.all()] or ["en"])[0]
        client.force_login(_focal_point(organisation))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        served = JourneyEvent.objects.filter(person__organisation__code=organisation).first()
        assert served is not None, event_type.code
        page = client.get(f"/personnes/{served.person_id}/", {"service": event_type.code})
        assert page.status_code == 200, (event_type.code, organisation)
        assert f'lang="{language}"' in page.content.decode()[:300]
        html = page.content.decode()
        assert 'name="occurred_on"' in html or 'name="criteria"' in html, event_type.code
        assert raw_codes(html, codes) == set(), (event_type.code, language)
        checked += 1
    assert checked == EventType.objects.count()


def test_the_demo_catalogue_came_through_the_workbook_import(demo_data):
    enrolment = EventType.objects.get(code="training_enrolment")
    assert [a.code for a in enrolment.activities.all()] == ["A0102"]
    assert [o.code for o in enrolment.organisations.all()] == ["en"]
    from suivi.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="interop.catalogue.imported").count() == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Inscription en formation professionnelle", "Entraide Nationale", "ANAPEC"]),
        ("ar", ["التسجيل في التكوين المهني", "ANAPEC"]),
    ],
)
def test_the_indicator_sheet_says_what_a_computed_indicator_counts(
    demo_data, client, language, expected
):
    from suivi.indicators.models import Indicator

    client.force_login(get_user_model().objects.get(username="copil"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    indicator = Indicator.objects.get(code="MAR1605211_OS2")
    html = client.get(f"/indicateurs/{indicator.pk}/").content.decode()
    start = html.index('data-testid="computation-rule"')
    rule = visible_text(html[start : html.index("</p>", start)])
    assert all(text in rule for text in expected), rule
    assert raw_codes(rule, catalogue_codes()) == set(), rule
