import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.interop.models import ImportJob
from suivi.interop.tests.test_logframe import workbook
from suivi.programmes.models import LogframeRevision
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    OrganisationFactory(code="en")
    from suivi.indicators.tests.factories import sex_dimension

    sex_dimension()
    return member(Role.ME_OFFICER, OrganisationFactory(kind=OrganisationKind.ENABEL))


def test_template_download_has_the_sheets(client, officer):
    intervention = InterventionFactory()
    client.force_login(officer)
    response = client.get(reverse("interop:logframe_template", args=[intervention.code]))
    book = load_workbook(io.BytesIO(response.content))
    assert "Indicateurs" in book.sheetnames and "Chaîne" in book.sheetnames


def test_upload_imports_and_a_bad_file_lists_issues(
    client, officer, django_capture_on_commit_callbacks
):
    intervention = InterventionFactory()
    client.force_login(officer)
    url = reverse("interop:logframe_import", args=[intervention.code])
    good = workbook()
    good.name = "cadre.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": good})
    assert response.status_code == 302  # to the job page; the test task backend ran it
    job = ImportJob.objects.get()
    assert job.status == "succeeded" and job.total == 2 and job.done == 2
    assert LogframeRevision.objects.filter(intervention=intervention).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="succeeded"' in page and "hx-trigger" not in page
    bad = workbook(chain=[["impact", "OG", "", "", "", "", ""]], indicators=[])
    bad.name = "cadre.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": bad})
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-issues"' in page
    assert LogframeRevision.objects.filter(intervention=intervention).count() == 1
    assert ImportJob.objects.filter(status="failed").get().issues[0]["sheet"] == "Chaîne"


def test_a_pending_job_page_polls_itself(client, officer):
    intervention = InterventionFactory()
    job = ImportJob.objects.create(
        intervention=intervention, original_name="x.xlsx", file="imports/x", created_by=officer
    )
    client.force_login(officer)
    fragment = client.get(reverse("interop:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.get(reverse("interop:job", args=[job.pk])).status_code == 404


def test_partners_cannot_import(client):
    intervention = InterventionFactory()
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert (
        client.get(reverse("interop:logframe_import", args=[intervention.code])).status_code == 404
    )
