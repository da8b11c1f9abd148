"""The catalogue's pages: a service type with its details, a centre, a trade,
edited by the M&E staff with the workbook's rules; bad input named on its
field and row, nothing written."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.beneficiaries.models import Centre, EventType, Trade
from suivi.beneficiaries.services import catalogue, events, reference
from suivi.beneficiaries.tests.factories import categories, person
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CREATE = "/catalogue/ajouter/service/"
EDIT = "/catalogue/services/agri_training/modifier/"


def management(total: int, initial: int = 0) -> dict[str, str]:
    return {
        "details-TOTAL_FORMS": str(total),
        "details-INITIAL_FORMS": str(initial),
        "details-MIN_NUM_FORMS": "0",
        "details-MAX_NUM_FORMS": "60",
    }


def detail(index: int, **fields: str) -> dict[str, str]:
    return {f"details-{index}-{name}": value for name, value in fields.items()}


FORM = {
    "code": "agri_training",
    "name": "Formation agricole",
    "name_ar": "تكوين فلاحي",
    "name_en": "Farming course",
    "organisations": ["coop"],
    **management(2),
    **detail(
        0,
        code="crop",
        name="Culture",
        name_ar="الزراعة",
        name_en="Crop",
        kind="choice",
        required="on",
        values="olive | Olivier | الزيتون | Olive tree\nargan | Arganier | الأركان | Argan tree",
    ),
    **detail(1, code="", name="", kind="text"),  # the blank row at the end
}


@pytest.fixture
def officer(client):
    coop = OrganisationFactory(code="coop", short_name="Coop", kind=OrganisationKind.NGO)
    client.force_login(member(Role.ME_OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages in the source language
    return coop


def errors_of(response) -> str:
    """The page's error messages, in the order they show."""
    body = response.content.decode()
    return " ".join(part.split("</p>")[0] for part in body.split('role="alert">')[1:])


def row_of(response, index: int) -> str:
    """The HTML of the detail row `index` of the page."""
    body = response.content.decode()
    start = body.index(f'name="details-{index}-code"')
    start = body.rindex("<fieldset", 0, start)
    return body[start : body.index("</fieldset>", start)]


def test_the_officer_declares_a_service_with_a_choice_detail(client, officer):
    response = client.post(CREATE, FORM)
    assert response.status_code == 302, errors_of(response)
    assert response["Location"].endswith("#type-agri_training")
    saved = EventType.objects.get(code="agri_training")
    assert saved.name_ar == "تكوين فلاحي" and list(saved.organisations.all()) == [officer]
    crop = saved.detail("crop")
    assert crop is not None and crop.kind == "choice" and crop.required
    assert [(c.value, c.labels["ar"]) for c in crop.choices] == [
        ("olive", "الزيتون"),
        ("argan", "الأركان"),
    ]
    assert AuditEvent.objects.filter(action="beneficiaries.event_type.created").count() == 1
    # The page shows it back, the code fixed and the values one per line.
    page = client.get(EDIT).content.decode()
    assert 'name="code"' in page and "disabled" in page.split('name="code"')[1].split(">")[0]
    assert "argan | Arganier | الأركان | Argan tree" in page
    # The same code again is refused: a new service never overwrites one.
    again = client.post(CREATE, FORM | {"name": "Autre"})
    assert again.status_code == 200 and "exists already" in errors_of(again)
    assert EventType.objects.get(code="agri_training").name == "Formation agricole"


def test_a_label_missing_in_french_is_named_on_its_field_and_line(client, officer):
    response = client.post(CREATE, FORM | {"name": ""})
    assert response.status_code == 200
    body = response.content.decode()
    name_field = body[body.index('for="id_name"') - 80 : body.index('for="id_name"')]
    assert "field-error" in name_field
    missing_value = FORM | detail(0, values="olive | Olivier\nargan |  | الأركان")
    response = client.post(CREATE, missing_value)
    assert "Line 2: the French label is missing." in row_of(response, 0)
    assert not EventType.objects.exists()


def test_an_unknown_organisation_is_refused_on_its_field(client, officer):
    response = client.post(CREATE, FORM | {"organisations": ["coop", "nowhere"]})
    assert response.status_code == 200
    assert "nowhere" in errors_of(response)
    assert not EventType.objects.exists()


def test_a_choice_detail_without_values_and_a_bad_code_are_named_on_the_row(client, officer):
    response = client.post(
        CREATE, FORM | detail(0, values="") | detail(1, code="Bad Code", name="X")
    )
    assert "A choice detail lists its values." in row_of(response, 0)
    assert "lower-case letters" in row_of(response, 1)
    assert not EventType.objects.exists()


@pytest.fixture
def in_use(client, officer):
    """The type saved, and one service recorded with the value argan."""
    assert client.post(CREATE, FORM).status_code == 302
    categories()
    someone = person(officer, registered_on=date(2024, 1, 1))
    events.record_event(
        actor=SYSTEM,
        person=someone,
        event_type=EventType.objects.get(code="agri_training"),
        organisation=officer,
        occurred_on=date(2024, 2, 1),
        attributes={"crop": "argan"},
    )
    return FORM | management(2, initial=1)


def test_a_value_in_use_cannot_be_removed_only_retired(client, in_use):
    removed = in_use | detail(0, values="olive | Olivier | الزيتون | Olive tree")
    response = client.post(EDIT, removed)
    assert response.status_code == 200
    assert "retire it instead of removing it" in row_of(response, 0)
    assert len(EventType.objects.get(code="agri_training").detail("crop").choices) == 2
    retired = in_use | detail(
        0,
        values="olive | Olivier | الزيتون | Olive tree\n"
        "argan | Arganier | الأركان | Argan tree | retired",
    )
    assert client.post(EDIT, retired).status_code == 302
    crop = EventType.objects.get(code="agri_training").detail("crop")
    assert [c.value for c in crop.open_choices] == ["olive"] and crop.choice("argan").retired


def test_a_detail_in_use_keeps_its_type_and_cannot_be_removed(client, in_use):
    response = client.post(EDIT, in_use | detail(0, kind="text", values=""))
    assert "its type cannot change" in row_of(response, 0)
    response = client.post(EDIT, in_use | detail(0, remove="on"))
    assert "it cannot be removed" in row_of(response, 0)
    assert EventType.objects.get(code="agri_training").detail("crop").kind == "choice"
    # A detail nobody records yet may be added, then removed.
    added = (
        in_use | management(2, initial=1) | detail(1, code="hours", name="Heures", kind="number")
    )
    assert client.post(EDIT, added).status_code == 302
    assert EventType.objects.get(code="agri_training").detail("hours") is not None
    removed = (
        in_use
        | management(3, initial=2)
        | detail(1, code="hours", name="Heures", kind="number", remove="on")
        | detail(2, code="", name="", kind="text")
    )
    assert client.post(EDIT, removed).status_code == 302
    assert EventType.objects.get(code="agri_training").detail("hours") is None


def test_the_add_detail_button_gets_the_next_row_and_count(client, officer):
    response = client.get(
        reverse("beneficiaries:detail_row"), {"details-TOTAL_FORMS": "3"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'name="details-3-code"' in body and "<html" not in body
    assert 'value="4"' in body and 'hx-swap-oob="true"' in body
    assert (
        client.get(reverse("beneficiaries:detail_row"), {"details-TOTAL_FORMS": "x"}).status_code
        == 400
    )


def test_the_officer_declares_and_changes_a_trade_and_a_centre(client, officer):
    trade = {"code": "arboriculture", "name": "Arboriculture", "name_ar": "", "name_en": ""}
    assert client.post("/catalogue/ajouter/metier/", trade | {"name": ""}).status_code == 200
    assert client.post("/catalogue/ajouter/metier/", trade).status_code == 302
    assert client.post("/catalogue/ajouter/metier/", trade).status_code == 200  # exists already
    edit_trade = "/catalogue/metiers/arboriculture/modifier/"
    assert client.post(edit_trade, trade | {"is_technical": "on", "code": "x"}).status_code == 302
    assert Trade.objects.get().is_technical and Trade.objects.get().code == "arboriculture"
    centre = {
        "code": "coop-agadir",
        "organisation": "coop",
        "name": "Coopérative d'Agadir",
        "city": "Agadir",
        "region": "Souss-Massa",
        "trades": ["arboriculture"],
    }
    unknown = client.post("/catalogue/ajouter/centre/", centre | {"organisation": "nowhere"})
    assert unknown.status_code == 200 and "nowhere" in errors_of(unknown)
    assert not Centre.objects.exists()
    assert client.post("/catalogue/ajouter/centre/", centre).status_code == 302
    reference.save_centre(
        actor=SYSTEM,
        organisation=officer,
        code="coop-agadir",
        name="Coopérative d'Agadir",
        city="Agadir",
        periods=[(date(2024, 1, 1), None)],
    )
    edit = "/catalogue/centres/coop-agadir/modifier/"
    assert client.post(edit, centre | {"city": "Inezgane", "trades": []}).status_code == 302
    saved = Centre.objects.get()
    assert saved.city == "Inezgane" and not saved.trades.exists()
    assert saved.is_targeted_on(date(2024, 6, 1))  # its periods kept


def test_only_who_manages_the_catalogue_opens_its_forms(client, officer):
    catalogue.put_service_type(actor=SYSTEM, code="agri_training", name="Formation agricole")
    client.force_login(member(Role.PARTNER_FOCAL_POINT, officer))
    for url in (CREATE, EDIT, "/catalogue/ajouter/centre/", "/catalogue/ajouter/metier/"):
        assert client.get(url).status_code == 404
    assert client.post(CREATE, FORM).status_code == 404
    assert EventType.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "line", "in_use_message"),
    [
        ("fr", "Ligne 2 : le libellé en français manque.", "retirez-la au lieu de la supprimer"),
        ("ar", "السطر 2", "أوقفوها بدل حذفها"),
    ],
)
def test_the_errors_read_in_the_users_language(client, in_use, language, line, in_use_message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    missing = in_use | detail(0, values="olive | Olivier | الزيتون\nargan |  | الأركان")
    assert line in row_of(client.post(EDIT, missing), 0)
    removed = in_use | detail(0, values="olive | Olivier | الزيتون | Olive tree")
    assert in_use_message in row_of(client.post(EDIT, removed), 0)
    # The values read back with the retired word of the page's language, and
    # that word is read back as « retired ».
    retire = in_use | detail(0, values="olive | Olivier\nargan | Arganier | | | retired")
    assert client.post(EDIT, retire).status_code == 302
    page = client.get(EDIT).content.decode()
    word = {"fr": "retiré", "ar": "متوقف"}[language]
    assert f"argan | Arganier |  |  | {word}" in page
    assert (
        client.post(
            EDIT, in_use | detail(0, values=f"olive | Olivier\nargan | Arganier | | | {word}")
        ).status_code
        == 302
    )


def test_the_outputs_served_are_ticked_and_a_retired_ones_link_is_kept(client, officer):
    from suivi.programmes.tests.factories import ResultFactory

    current, retired = ResultFactory(code="OI1"), ResultFactory(code="OI2")
    catalogue.put_service_type(
        actor=SYSTEM, code="agri_training", name="Formation agricole", outputs=[retired]
    )
    # The second output leaves the logframe: the form no longer offers it.
    retired.retired_in = retired.introduced_in
    retired.save()
    page = client.get(EDIT).content.decode()
    assert f'value="{current.pk}"' in page and f'value="{retired.pk}"' not in page
    assert client.post(EDIT, FORM | {"serves": [str(current.pk)]}).status_code == 302
    saved = EventType.objects.get(code="agri_training")
    assert set(saved.outputs.all()) == {current, retired}
