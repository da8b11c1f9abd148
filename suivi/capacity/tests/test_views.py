from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.capacity.models import Participant
from suivi.capacity.tests import factories
from suivi.core.models import AuditEvent
from suivi.indicators.models import MeasurementValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def training():
    item = factories.training(topic='=HYPERLINK("http://x","y") GAR')
    factories.participant(item, pre_score=8, post_score=12, satisfaction="satisfied")
    return item


def _detail(training):
    return reverse("capacity:detail", args=["formations", training.pk])


def test_partners_get_404_everywhere(client, training):
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    for url in (
        reverse("capacity:index"),
        reverse("capacity:list", args=["formations"]),
        reverse("capacity:trainings_year"),
        reverse("capacity:definitions"),
        _detail(training),
        reverse("capacity:export", args=["formations"]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_steering_reader_reads_but_cannot_write(client, training):
    client.force_login(member(Role.STEERING_READER))
    page = client.get(_detail(training))
    assert page.status_code == 200
    assert b'data-testid="participant-rows"' in page.content
    assert b'data-testid="participant-form"' not in page.content
    assert client.get(reverse("capacity:create", args=["formations"])).status_code == 404
    answer = client.post(
        reverse("capacity:participant_add", args=[training.pk]), {"institution": "X"}
    )
    assert answer.status_code == 404
    assert Participant.objects.count() == 1


def test_lists_filter_count_and_export_without_formulas(client, training):
    factories.training(training.intervention, topic="Informatique", audience="en_staff")
    client.force_login(member(Role.ME_OFFICER))
    page = client.get(reverse("capacity:list", args=["formations"]), {"audience": "cp3"})
    assert page.status_code == 200
    assert "GAR" in page.content.decode() and "Informatique" not in page.content.decode()
    fragment = client.get(
        reverse("capacity:list", args=["formations"]), {"year": "2020"}, HTTP_HX_REQUEST="true"
    )
    assert b'id="results"' in fragment.content and b"<html" not in fragment.content
    export = client.get(reverse("capacity:export", args=["formations"]))
    book = load_workbook(BytesIO(export.content))
    sheet = book.worksheets[0]
    assert sheet.cell(row=2, column=1).value.startswith("=HYPERLINK")
    assert sheet.cell(row=2, column=1).data_type == "s"  # text, never a formula
    assert book.worksheets[1].max_row == 2  # one participant
    assert AuditEvent.objects.filter(action="capacity.register.exported").exists()


def test_the_me_officer_adds_a_participant_through_htmx_and_the_indicator_follows(client):
    indicator, _definition = factories.computed_indicator()
    training = factories.training(indicator.intervention)
    client.force_login(member(Role.ME_OFFICER))
    answer = client.post(
        reverse("capacity:participant_add", args=[training.pk]),
        {
            "institution": "OFPPT",
            "state_institution": "on",
            "sex": "men",
            "pre_score": "5",
            "post_score": "15",
        },
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert b'id="participants"' in answer.content and b"OFPPT" in answer.content
    total = MeasurementValue.objects.get(measurement__indicator=indicator, cell_key="")
    assert total.value == Decimal("75.00")
    bad = client.post(
        reverse("capacity:participant_add", args=[training.pk]),
        {"institution": "OFPPT", "post_score": "25"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 200 and b'class="error' in bad.content
    assert Participant.objects.filter(training=training).count() == 1


def test_record_form_errors_come_back_in_place(client, training):
    client.force_login(member(Role.INTERVENTION_MANAGER))
    url = reverse("capacity:edit", args=["formations", training.pk])
    answer = client.post(
        url,
        {
            "intervention": training.intervention.pk,
            "topic": "GAR",
            "audience": "cp3",
            "starts_on": "2020-10-09",
            "ends_on": "2020-10-01",
            "max_score": "20",
        },
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and b'id="record-form"' in answer.content
    training.refresh_from_db()
    assert training.ends_on == date(2020, 10, 9)


def test_trainings_of_the_year_and_definitions_pages(client, training):
    factories.computed_indicator(training.intervention, code="X3.5", measure="satisfaction")
    client.force_login(member(Role.STEERING_READER))
    table = client.get(reverse("capacity:trainings_year"), {"year": "2020"})
    assert table.status_code == 200 and b'data-testid="trainings-year"' in table.content
    assert b"60" in table.content  # 12/20 post-test
    page = client.get(reverse("capacity:definitions"), {"year": "2020"})
    body = page.content.decode()
    assert "X3.5" in body and 'data-testid="words"' in body
    assert reverse("capacity:definition_create") not in body  # readers do not define


def test_the_me_officer_changes_a_definition(client, training):
    indicator, definition = factories.computed_indicator(training.intervention)
    client.force_login(member(Role.ME_OFFICER))
    url = reverse("capacity:definition_edit", args=[definition.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "measure": "knowledge_improved",
            "scope": ["cp3"],
            "from_year": "2019",
            "reason": "Part des participant·e·s en progrès",
        },
    )
    assert answer.status_code == 302
    total = MeasurementValue.objects.get(measurement__indicator=indicator, cell_key="")
    assert (total.numerator, total.denominator) == (1, 1)


def test_the_indicator_sheet_says_how_it_is_computed(client, training):
    indicator, _definition = factories.computed_indicator(
        training.intervention, code="X3.5", measure="satisfaction", note="Réponses additionnées."
    )
    client.force_login(member(Role.STEERING_READER))
    body = client.get(reverse("indicators:sheet", args=[indicator.pk])).content.decode()
    assert "satisfaction" in body and "Réponses additionnées." in body


def test_a_definition_refused_by_the_service_shows_why(client, training):
    _indicator, definition = factories.computed_indicator(training.intervention)
    client.force_login(member(Role.ME_OFFICER))
    answer = client.post(
        reverse("capacity:definition_edit", args=[definition.pk]),
        {"measure": "state_institutions", "from_year": "2019", "reason": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and b'class="error' in answer.content
    definition.refresh_from_db()
    assert definition.measure == "knowledge_post_mean"


def test_recompute_reads_attendance_recorded_in_the_steering_meetings(client):
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.governance.services import meetings
    from suivi.governance.tests import factories as governance

    indicator, _definition = factories.computed_indicator(
        code="X3.1", unit="count", measure="focal_points_mean", scope=["cp3_national"]
    )
    meeting = governance.meeting(indicator.intervention, kind="cp3_national", number=None)
    meetings.add_participation(
        actor=SYSTEM,
        meeting=meeting,
        institution="EN",
        state_institution=True,
        attendees=3,
        focal_points=2,
    )
    assert not MeasurementValue.objects.filter(measurement__indicator=indicator).exists()
    client.force_login(member(Role.ME_OFFICER))
    assert client.post(reverse("capacity:refresh")).status_code == 302
    total = MeasurementValue.objects.get(measurement__indicator=indicator, cell_key="")
    assert total.value == 2
    client.force_login(member(Role.STEERING_READER))
    assert client.post(reverse("capacity:refresh")).status_code == 404


def test_the_me_officer_defines_a_new_indicator(client, training):
    from suivi.indicators.tests import factories as indicator_factories
    from suivi.programmes.tests.factories import ResultFactory

    result = ResultFactory(introduced_in__intervention=training.intervention)
    fresh = indicator_factories.indicator(
        code="X3.9", unit="percentage", result=result, targets=((2020, "75"),)
    )
    client.force_login(member(Role.ME_OFFICER))
    form = client.get(reverse("capacity:definition_create")).content.decode()
    assert "X3.9" in form
    answer = client.post(
        reverse("capacity:definition_create"),
        {
            "indicator": fresh.pk,
            "measure": "satisfaction",
            "scope": ["cp3"],
            "from_year": "2020",
            "reason": "Questionnaires des formations",
        },
    )
    assert answer.status_code == 302
    fresh.refresh_from_db()
    assert fresh.computed_source == "capacity" and fresh.computed_from_year == 2020
    total = MeasurementValue.objects.get(measurement__indicator=fresh, cell_key="")
    assert (total.numerator, total.denominator) == (1, 1)
