"""Pages of the indicators app: scoping, entry, review, progress, evidence."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, OrganisationFactory, member
from suivi.core.forms_errors import add_service_errors
from suivi.core.models import AuditEvent
from suivi.indicators.forms.disaggregation import DimensionForm
from suivi.indicators.models import Measurement, MeasurementStatus, ReportingPeriod
from suivi.indicators.services import definitions, measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.indicators.tests.factories import computed_measurement, indicator, sex_dimension

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    enabel = OrganisationFactory(kind=OrganisationKind.ENABEL)
    return member(Role.ME_OFFICER, enabel), member(Role.INTERVENTION_MANAGER, enabel)


@pytest.fixture
def enrolled():
    return indicator(dimensions=[sex_dimension()], targets=((2020, "150"), (0, "200")))


def _approved(item, officer, manager, total, year=2020):
    period = periods.ensure_period(actor=SYSTEM, intervention=item.intervention, year=year)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=item, period=period, values=[CellValue(value=Decimal(total))]
    )
    measurements.submit(actor=officer, measurement=measurement)
    measurements.approve(actor=manager, measurement=measurement)
    return measurement


def test_entry_form_saves_a_draft_with_cells(client, team, enrolled):
    officer, _ = team
    client.force_login(officer)
    url = reverse("indicators:entry", args=[enrolled.pk, 2020])
    response = client.post(
        url,
        {
            "total_value": "185",
            "sex-women_value": "126",
            "sex-men_value": "59",
            "comment": "Registres EN",
            "action": "save",
        },
    )
    assert response.status_code == 200
    measurement = Measurement.objects.get(indicator=enrolled)
    assert measurement.status == MeasurementStatus.DRAFT
    assert {v.cell_key: v.value for v in measurement.values.all()} == {
        "": 185,
        "sex=women": 126,
        "sex=men": 59,
    }


def test_entry_form_rejects_non_numeric_values_next_to_the_field(client, team, enrolled):
    officer, _ = team
    client.force_login(officer)
    response = client.post(
        reverse("indicators:entry", args=[enrolled.pk, 2020]),
        {"total_value": "beaucoup", "action": "save"},
    )
    assert 'role="alert"' in response.content.decode()
    assert not Measurement.objects.exists()


def test_showing_the_entry_form_writes_nothing(client, team, enrolled):
    client.force_login(team[0])
    url = reverse("indicators:entry", args=[enrolled.pk, 2020])
    events = AuditEvent.objects.count()
    for quarter in ("", "?trimestre=2"):
        response = client.get(url + quarter)
        assert response.status_code == 200 and "total_value" in response.content.decode()
    assert not ReportingPeriod.objects.exists()
    assert AuditEvent.objects.count() == events
    # Saving the first values creates the period, through the service.
    client.post(url + "?trimestre=2", {"total_value": "12", "action": "save"})
    period = ReportingPeriod.objects.get()
    assert (period.year, period.quarter) == (2020, 2)
    assert Measurement.objects.get().period == period
    assert AuditEvent.objects.filter(action="indicators.period.created").count() == 1


def test_a_refused_save_creates_no_period(client, team, enrolled, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"comment": "Trop long.", "total": "Refusé."})

    monkeypatch.setattr(measurements, "save_values", refuse)
    client.force_login(team[0])
    response = client.post(
        reverse("indicators:entry", args=[enrolled.pk, 2020]),
        {"total_value": "12", "comment": "x", "action": "save"},
    )
    form = response.context["form"]
    # A message keyed by a field of the form goes next to it, the others on top.
    assert form.errors["comment"] == ["Trop long."]
    assert form.non_field_errors() == ["Refusé."]
    assert not ReportingPeriod.objects.exists()


def test_year_outside_the_intervention_is_404(client, team, enrolled):
    client.force_login(team[0])
    assert client.get(reverse("indicators:entry", args=[enrolled.pk, 2031])).status_code == 404


def test_partner_sees_only_indicators_of_their_organisation(client):
    en = OrganisationFactory(kind=OrganisationKind.PUBLIC_AGENCY)
    theirs = indicator(code="EN-1", responsible_organisation=en)
    other = indicator(code="OTHER-1")
    client.force_login(member(Role.PARTNER_FOCAL_POINT, en))
    assert client.get(reverse("indicators:sheet", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("indicators:sheet", args=[other.pk])).status_code == 404
    assert client.get(reverse("indicators:entry", args=[other.pk, 2020])).status_code == 404


def test_case_worker_cannot_enter_values(client, enrolled):
    client.force_login(member(Role.PARTNER_CASE_WORKER))
    assert client.get(reverse("indicators:entry", args=[enrolled.pk, 2020])).status_code == 404


def test_review_queue_hides_own_submissions_and_approve_works(client, team, enrolled):
    officer, manager = team
    period = periods.ensure_period(actor=SYSTEM, intervention=enrolled.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=[CellValue(value=Decimal(3))]
    )
    measurements.submit(actor=officer, measurement=measurement)
    client.force_login(officer)
    assert enrolled.code not in client.get(reverse("indicators:review_queue")).content.decode()
    client.force_login(manager)
    assert enrolled.code in client.get(reverse("indicators:review_queue")).content.decode()
    client.post(reverse("indicators:approve", args=[measurement.pk]))
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED


def test_return_needs_a_note(client, team, enrolled):
    officer, manager = team
    period = periods.ensure_period(actor=SYSTEM, intervention=enrolled.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=[CellValue(value=Decimal(3))]
    )
    measurements.submit(actor=officer, measurement=measurement)
    client.force_login(manager)
    client.post(reverse("indicators:return", args=[measurement.pk]), {"note": ""})
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED


def test_progress_page_colours_and_downloads(client, team, enrolled):
    officer, manager = team
    _approved(enrolled, officer, manager, 185)  # target 150 → ahead
    client.force_login(manager)
    url = reverse("indicators:progress", args=[enrolled.intervention.code])
    body = client.get(url, {"annee": 2020}).content.decode()
    assert 'data-progress="ahead"' in body and ">185<" in body
    data = json.loads(client.get(url, {"annee": 2020, "format": "json"}).content)
    assert data[0]["reporting_year"] == 185 and data[0]["year_target"] == 150
    xlsx = client.get(url, {"annee": 2020, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="indicators.progress_table.exported").count() == 2


def test_lock_page_for_me_officer_only(client, team, enrolled):
    officer, manager = team
    measurement = _approved(enrolled, officer, manager, 10)
    client.force_login(manager)
    client.post(reverse("indicators:lock_period", args=[measurement.period.pk]))
    measurement.period.refresh_from_db()
    assert not measurement.period.is_locked
    client.force_login(officer)
    client.post(reverse("indicators:lock_period", args=[measurement.period.pk]))
    measurement.period.refresh_from_db()
    assert measurement.period.is_locked


def test_evidence_is_served_only_through_the_authorised_view(client, team, enrolled):
    officer, _ = team
    period = periods.ensure_period(actor=SYSTEM, intervention=enrolled.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer, indicator=enrolled, period=period, values=[CellValue(value=Decimal(3))]
    )
    client.force_login(officer)
    upload = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 pv", content_type="application/pdf")
    client.post(reverse("indicators:evidence_add", args=[measurement.pk]), {"file": upload})
    evidence = measurement.evidence.get()
    response = client.get(reverse("indicators:evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 pv"
    assert AuditEvent.objects.filter(action="indicators.evidence.viewed").exists()
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.get(reverse("indicators:evidence", args=[evidence.pk])).status_code == 404


def test_indicator_sheet_shows_values_and_history(client, team, enrolled):
    officer, manager = team
    _approved(enrolled, officer, manager, 185)
    client.force_login(manager)
    body = client.get(reverse("indicators:sheet", args=[enrolled.pk])).content.decode()
    assert enrolled.code in body and "185" in body


def test_sheet_hides_small_computed_counts_and_their_complement_from_partners(client, team):
    en = OrganisationFactory(kind=OrganisationKind.PUBLIC_AGENCY)
    item = indicator(dimensions=[sex_dimension()], responsible_organisation=en)
    computed_measurement(item, 2020, {"": 40, "sex=women": 37, "sex=men": 3})
    url = reverse("indicators:sheet", args=[item.pk])

    client.force_login(member(Role.PARTNER_FOCAL_POINT, en))
    body = client.get(url).content.decode()
    article = body[body.index('data-period="2020"') :]
    article = article[: article.index("</article>")]
    # 3 men is small; 37 women would give it back from the total of 40.
    # Isolated left to right: on an Arabic page it never reads "5 >".
    assert article.count('<bdi class="suppressed" dir="ltr">&lt; 5</bdi>') == 2
    assert ">40<" in article and ">37<" not in article and ">3<" not in article

    client.force_login(team[0])  # the M&E officer sees exact figures
    body = client.get(url).content.decode()
    assert "&lt; 5" not in body and ">37<" in body


def _definition_data(item, **changes):
    version = item.versions.latest("number")
    data = {
        "result": version.result.pk,
        "title": version.title,
        "unit": version.unit,
        "direction": version.direction,
        "aggregation": version.aggregation,
        "frequency": version.frequency,
        "dimensions": [d.pk for d in version.dimensions.all()],
        "final_target": "200",
        "target_2020": "150",
        "reason": "Revue à mi-parcours",
        "decision_reference": "COPIL du 10/12/2020, décision 4",
    }
    return data | changes


def test_editing_a_target_makes_a_new_version_and_keeps_the_values(client, team, enrolled):
    officer, manager = team
    _approved(enrolled, officer, manager, 185)
    client.force_login(officer)
    url = reverse("indicators:edit", args=[enrolled.pk])
    response = client.post(url, _definition_data(enrolled, target_2020="170"))
    assert response.status_code == 302
    latest = enrolled.versions.latest("number")
    assert latest.number == 2 and latest.reason == "Revue à mi-parcours"
    assert latest.decision_reference == "COPIL du 10/12/2020, décision 4"
    assert latest.targets.get(year=2020, cell_key="").value == 170
    assert Measurement.objects.get(indicator=enrolled).values.get(cell_key="").value == 185
    # Nothing changed: no new version, no new revision.
    revisions = enrolled.intervention.revisions.count()
    client.post(url, _definition_data(enrolled, target_2020="170"))
    assert enrolled.versions.count() == 2
    assert enrolled.intervention.revisions.count() == revisions


def test_editing_needs_a_reason(client, team, enrolled):
    client.force_login(team[0])
    url = reverse("indicators:edit", args=[enrolled.pk])
    response = client.post(url, _definition_data(enrolled, reason=""))
    assert response.status_code == 200 and enrolled.versions.count() == 1


def test_partners_cannot_edit_definitions(client, enrolled):
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.get(reverse("indicators:edit", args=[enrolled.pk])).status_code == 404


def test_me_officer_adds_a_dimension_and_a_value(client, team):
    client.force_login(team[0])
    url = reverse("indicators:dimensions")
    client.post(
        url,
        {
            "dimension-code": "disability",
            "dimension-name": "Handicap",
            "dimension-is_exhaustive": "",
        },
    )
    from suivi.indicators.models import Dimension

    dimension = Dimension.objects.get(code="disability")
    assert not dimension.is_exhaustive
    client.post(url, {"value-dimension": dimension.pk, "value-code": "yes", "value-name": "Oui"})
    assert dimension.values.filter(code="yes").exists()
    assert AuditEvent.objects.filter(action="indicators.dimension_value.created").exists()
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.post(url, {"dimension-code": "x", "dimension-name": "X"}).status_code == 404


def test_dimensions_and_values_added_one_by_one_keep_their_order(client, team):
    from suivi.indicators.models import Dimension

    client.force_login(team[0])
    url = reverse("indicators:dimensions")
    for code in ("sex", "category"):
        client.post(url, {"dimension-code": code, "dimension-name": code.title()})
    sex = Dimension.objects.get(code="sex")
    for code in ("women", "men"):
        client.post(url, {"value-dimension": sex.pk, "value-code": code, "value-name": code})
    # In the order added, not by code.
    assert [d.code for d in Dimension.objects.all()] == ["sex", "category"]
    assert [v.code for v in sex.values.all()] == ["women", "men"]


def test_a_refused_dimension_shows_on_its_form(client, team, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"code": "Déjà pris.", "order": "Ordre refusé."})

    monkeypatch.setattr(definitions, "put_dimension", refuse)
    client.force_login(team[0])
    response = client.post(
        reverse("indicators:dimensions"), {"dimension-code": "age", "dimension-name": "Âge"}
    )
    assert response.status_code == 200
    form = response.context["dimension_form"]
    assert form.errors["code"] == ["Déjà pris."]
    assert form.non_field_errors() == ["Ordre refusé."]
    assert "Ordre refusé." in response.content.decode()


def test_a_service_error_without_field_goes_on_top_of_the_form():
    form = DimensionForm({"code": "age", "name": "Âge"})
    assert form.is_valid()
    add_service_errors(form, ValidationError(["Refusé.", "Encore."]))
    assert form.non_field_errors() == ["Refusé.", "Encore."] and not form.is_valid()


def test_quarterly_values_add_up_to_the_year_in_the_progress_table(client, team, enrolled):
    officer, manager = team
    client.force_login(officer)
    for quarter, total in ((1, "40"), (2, "50")):
        url = reverse("indicators:entry", args=[enrolled.pk, 2020]) + f"?trimestre={quarter}"
        client.post(url, {"total_value": total, "action": "submit"})
    client.force_login(manager)
    for measurement in Measurement.objects.filter(indicator=enrolled):
        client.post(reverse("indicators:approve", args=[measurement.pk]))
    progress = reverse("indicators:progress", args=[enrolled.intervention.code])
    data = json.loads(client.get(progress, {"annee": 2020, "format": "json"}).content)
    assert data[0]["reporting_year"] == 90  # periodic count: the quarters add up
    assert (
        client.get(
            reverse("indicators:entry", args=[enrolled.pk, 2020]) + "?trimestre=7"
        ).status_code
        == 404
    )


def test_progress_table_warns_when_parts_do_not_add_up(client, team, enrolled):
    officer, manager = team
    period = periods.ensure_period(actor=SYSTEM, intervention=enrolled.intervention, year=2020)
    measurement, _ = measurements.save_values(
        actor=officer,
        indicator=enrolled,
        period=period,
        values=[
            CellValue(value=Decimal(185)),
            CellValue("sex=women", Decimal(126)),
            CellValue("sex=men", Decimal(58)),
        ],
        comment="One man's record is missing",
    )
    measurements.submit(actor=officer, measurement=measurement)
    measurements.approve(actor=manager, measurement=measurement)
    client.force_login(manager)
    url = reverse("indicators:progress", args=[enrolled.intervention.code])
    assert 'data-testid="gap-warning"' in client.get(url, {"annee": 2020}).content.decode()
    data = json.loads(client.get(url, {"annee": 2020, "format": "json"}).content)
    assert data[0]["breakdown"] == {"sex": {"men": 58, "women": 126}}
