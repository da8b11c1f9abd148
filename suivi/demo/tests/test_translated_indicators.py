"""Indicator wordings in the reader's language: the demo's logframe workbooks
carry every indicator's wording in Arabic and English (« Intitulé (ar) »,
« Intitulé (en) »), and the pages a steering-committee member reads — the
progress table, the indicator sheets, the logframe, the home page — show
them, never the French ones, on Arabic and English pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from suivi.demo.tests.test_catalogue_labels import visible_text
from suivi.indicators.models import Indicator, IndicatorVersion

pytestmark = pytest.mark.django_db

AMUDDU = "MOR1605211"
# A few indicators of each kind: computed counts and rates, entered values,
# the outcome level, and a DTF indicator withdrawn in 2020.
SHEETS = [
    "MAR1605211_OS1",
    "MAR1605211_Ind1.2",
    "MAR1605211_Ind2.4",
    "MAR1605211_Ind3.5",
    "MAR1605211_DTF_OI1.3",
]


@pytest.fixture(autouse=True)
def _language_restored():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _text(client, path: str, language: str, username: str = "copil") -> str:
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert f'lang="{language}"' in html[:300]
    return " ".join(visible_text(html.split("<main", 1)[-1]).split())


def _current() -> list[IndicatorVersion]:
    return list(
        IndicatorVersion.objects.current()
        .filter(indicator__intervention__code=AMUDDU, indicator__retired_in=None)
        .select_related("indicator")
    )


def _sheet(code: str) -> tuple[str, IndicatorVersion]:
    indicator = Indicator.objects.get(intervention__code=AMUDDU, code=code)
    version = indicator.current_version()
    assert version is not None
    return f"/indicateurs/{indicator.pk}/", version


def _pages() -> dict[str, list[IndicatorVersion]]:
    """Each page and the versions whose wording it shows."""
    current = _current()
    pages = {
        f"/interventions/{AMUDDU}/progression/?annee=2020": current,
        f"/interventions/{AMUDDU}/": current,
        "/": [],  # the glance tables name indicators by code: no French wording either
    }
    for code in SHEETS:
        path, version = _sheet(code)
        pages[path] = [version]
    return pages


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_indicator_of_the_demo_has_its_wording_in_three_languages(demo_data):
    versions = IndicatorVersion.objects.filter(indicator__intervention__code=AMUDDU)
    current = {v.indicator.code for v in _current()}
    assert len(current) == 25
    missing = [v.indicator.code for v in versions if not (v.title_ar and v.title_en)]
    assert missing == []
    # The Arabic is Arabic, the English not the French.
    assert all(any("\u0600" <= c <= "\u06ff" for c in v.title_ar) for v in versions)
    assert all(v.title_en != v.title for v in versions)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_results_pages_show_indicator_wordings_in_the_readers_language(demo_data, client, language):
    field = {"ar": "title_ar", "en": "title_en"}[language]
    french = {v.title for v in IndicatorVersion.objects.all()}
    for path, versions in _pages().items():
        text = _text(client, path, language)
        shown_french = [w for w in french if _one_line(w) in text]
        assert shown_french == [], (path, shown_french)
        missing = [v.indicator.code for v in versions if _one_line(getattr(v, field)) not in text]
        assert missing == [], (path, missing)


def test_french_pages_show_the_french_wordings(demo_data, client):
    for path, versions in _pages().items():
        text = _text(client, path, "fr")
        assert [v.indicator.code for v in versions if _one_line(v.title) not in text] == [], path


def test_the_value_entry_page_states_the_wording_in_the_readers_language(demo_data, client):
    path, version = _sheet("MAR1605211_Ind2.4")
    entry = f"{path}valeurs/2020/"
    text = _text(client, entry, "ar", username="suivi")
    assert _one_line(version.title_ar) in text
    assert _one_line(version.title) not in text


def test_the_sheet_offers_the_translations_to_who_manages_the_framework(demo_data, client):
    path, version = _sheet("MAR1605211_Ind2.4")
    html_manager = _text(client, path, "en", username="suivi")
    assert "Translations of the wording" in html_manager
    assert "Translations of the wording" not in _text(client, path, "en")  # copil reads only
    assert client.post(f"{path}traductions/", {"title_en": "x"}).status_code == 404
    assert IndicatorVersion.objects.get(pk=version.pk).title_en == version.title_en
    client.force_login(get_user_model().objects.get(username="suivi"))
    answer = client.post(
        f"{path}traductions/",
        {"title_ar": version.title_ar, "title_en": "Share of the training plan carried out"},
    )
    assert answer.status_code == 302
    refreshed = IndicatorVersion.objects.get(pk=version.pk)
    assert refreshed.title_en == "Share of the training plan carried out"
    assert refreshed.indicator.versions.count() == version.indicator.versions.count()
    assert "Share of the training plan carried out" in _text(
        client, f"/interventions/{AMUDDU}/progression/?annee=2020", "en"
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_logframe_shows_the_planned_actions_in_the_readers_language(
    demo_data, client, language
):
    from suivi.programmes.models import PlannedAction

    actions = list(PlannedAction.objects.filter(activity__intervention__code=AMUDDU))
    assert len(actions) == 34
    assert all(a.title_ar and a.title_en for a in actions)
    text = _text(client, f"/interventions/{AMUDDU}/", language)
    field = {"ar": "title_ar", "en": "title_en"}[language]
    assert [a.title for a in actions if _one_line(a.title) in text] == []
    assert [a.title for a in actions if _one_line(getattr(a, field)) not in text] == []
