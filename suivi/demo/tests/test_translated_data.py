"""Programme data in the reader's language: the intervention's title and
zone, the results (and their assumptions) and activities of its logframe and
the capacity definitions' notes
come in French, Arabic and English from the demo's files; an Arabic page
shows none of the French wordings, an English page the English ones."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from suivi.capacity.models import CapacityDefinition
from suivi.demo.tests.test_catalogue_labels import visible_text
from suivi.programmes.models import Activity, Intervention, Programme, ResultNode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _page(client, path: str, language: str) -> str:
    client.force_login(get_user_model().objects.get(username="suivi"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert f'lang="{language}"' in html[:300]
    return visible_text(html.split("<main", 1)[-1])


def _chain(intervention: Intervention) -> list[ResultNode | Activity]:
    results = ResultNode.objects.filter(intervention=intervention, retired_in=None)
    activities = Activity.objects.filter(intervention=intervention, retired_in=None)
    return [*results, *activities]


def _wordings(language: str) -> dict[str, list[str]]:
    """The wordings of the demo's programme data shown on each page, in `language`."""
    field = {"fr": "title", "ar": "title_ar", "en": "title_en"}[language]
    note = {"fr": "note", "ar": "note_ar", "en": "note_en"}[language]
    amuddu = Intervention.objects.get(code="MOR1605211")
    chain = _chain(amuddu)
    results = [r for r in chain if isinstance(r, ResultNode)]
    return {
        "/programmes/": [
            getattr(amuddu, field),
            getattr(amuddu, field.replace("title", "zone")),
            getattr(Programme.objects.get(code="migration-maroc"), field),
        ],
        f"/interventions/{amuddu.code}/": [getattr(amuddu, field)]
        + [getattr(e, field) for e in chain]
        + [getattr(r, field.replace("title", "assumptions")) for r in results if r.assumptions],
        f"/interventions/{amuddu.code}/progression/?annee=2020": [
            getattr(r, field) for r in results if r.level == "output"
        ],
        "/renforcement/indicateurs/?year=2020": [
            getattr(d, note) for d in CapacityDefinition.objects.all()
        ],
    }


def test_the_demo_data_has_every_wording_in_three_languages(demo_data):
    for language in ("fr", "ar", "en"):
        for path, wordings in _wordings(language).items():
            assert wordings, path
            assert all(w.strip() for w in wordings), (language, path)
    mbi = Intervention.objects.get(code="MOR1605311")
    assert all(element.title_ar and element.title_en for element in _chain(mbi))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_pages_show_programme_data_in_the_readers_language(demo_data, client, language):
    french = _wordings("fr")
    for path, wordings in _wordings(language).items():
        text = " ".join(_page(client, path, language).split())
        shown_french = [w for w in french[path] if " ".join(w.split()) in text]
        assert shown_french == [], (path, shown_french)
        missing = [w for w in wordings if " ".join(w.split()) not in text]
        assert missing == [], (path, missing)


def test_french_pages_show_the_french_wordings(demo_data, client):
    for path, wordings in _wordings("fr").items():
        text = " ".join(_page(client, path, "fr").split())
        assert [w for w in wordings if " ".join(w.split()) not in text] == [], path


@pytest.mark.parametrize("language", ["ar", "en"])
def test_notes_the_platform_wrote_read_in_the_readers_language(demo_data, client, language):
    """A computed value's workflow step says which source computed it in the
    reader's language, not in the language of the moment it was computed."""
    from suivi.indicators.models import MeasurementTransition
    from suivi.indicators.services.sources import step_note

    step = MeasurementTransition.objects.exclude(message={}).select_related("measurement").first()
    assert step is not None
    indicator = step.measurement.indicator_id
    text = " ".join(_page(client, f"/indicateurs/{indicator}/", language).split())
    assert step.note not in text  # written in French while the demo loaded
    with translation.override(language):
        assert step_note(step.message) in text
