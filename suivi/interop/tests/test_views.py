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
    assert ImportJob.objects.filter(status="failed").get().errors[0]["sheet"] == "Chaîne"


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


@pytest.mark.parametrize("role", [Role.STEERING_READER, Role.FINANCE_OFFICER])
def test_roles_that_cannot_import_neither_see_nor_reach_the_import_pages(client, role):
    """The steering-committee reader and the finance officer: every import
    page answers 404 on GET as on POST, and no page links to one."""
    intervention = InterventionFactory()
    client.force_login(member(role))
    logframe = reverse("interop:logframe_import", args=[intervention.code])
    records = reverse("interop:records_import")
    for url in (logframe, records):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": "persons"}).status_code == 404, url
    for page in (reverse("home"), reverse("programmes:logframe", args=[intervention.code])):
        body = client.get(page).content.decode()
        assert logframe not in body and records not in body
    assert not ImportJob.objects.exists()


def test_an_import_is_followed_only_by_who_may_make_it(client, officer):
    """A logframe import by the staff who import logframes (not the steering
    committee); a spreadsheet by its uploader, not by their colleagues nor
    the intervention team."""
    intervention = InterventionFactory()
    logframe = ImportJob.objects.create(
        intervention=intervention, original_name="x.xlsx", file="imports/x", created_by=officer
    )
    partner = OrganisationFactory()
    uploader = member(Role.PARTNER_FOCAL_POINT, partner)
    spreadsheet = ImportJob.objects.create(
        kind="persons",
        organisation=partner,
        original_name="p.xlsx",
        file="imports/p",
        created_by=uploader,
    )
    seen = {
        "officer": officer,
        "manager": member(Role.INTERVENTION_MANAGER),
        "reader": member(Role.STEERING_READER),
        "uploader": uploader,
        "colleague": member(Role.PARTNER_CASE_WORKER, partner),
    }
    answers = {}
    for name, user in seen.items():
        client.force_login(user)
        answers[name] = tuple(
            client.get(reverse("interop:job", args=[job.pk])).status_code
            for job in (logframe, spreadsheet)
        )
    assert answers == {
        "officer": (200, 404),
        "manager": (200, 404),
        "reader": (404, 404),
        "uploader": (404, 200),
        "colleague": (404, 404),
    }


def test_the_upload_form_offers_only_what_the_user_may_import(client):
    agent = member(Role.COMMUNITY_AGENT)  # registers people, records no service
    client.force_login(agent)
    page = client.get(reverse("interop:records_import")).content.decode()
    assert 'value="persons"' in page and 'value="events"' not in page
    upload = io.BytesIO(b"x")
    upload.name = "services.csv"
    response = client.post(reverse("interop:records_import"), {"kind": "events", "file": upload})
    assert response.status_code == 200 and not ImportJob.objects.exists()  # refused choice


def test_a_refused_file_lists_its_first_issues_and_how_many_there_were(client, officer):
    from suivi.core import jobs

    job = ImportJob.objects.create(
        kind="persons",
        organisation=officer.primary_organisation,
        original_name="p.csv",
        file="imports/p",
        created_by=officer,
    )
    issues = [{"sheet": "", "row": n, "column": "Sexe", "message": "Unknown"} for n in range(900)]
    unlisted = [{"sheet": "Personnes", "column": "Sexe", "count": 700}]
    jobs.fail(job, errors=issues, error_count=900, result={"unlisted": unlisted})
    job.refresh_from_db()
    assert len(job.errors) == jobs.MAX_ERRORS  # a bounded record, whatever the file
    client.force_login(officer)
    client.cookies["suivi_language"] = "en"
    url = reverse("interop:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert "900 issues: nothing was imported." in page
    assert '<th scope="col">Sheet</th>' not in page  # one sheet: not repeated on each row
    assert f"The first {jobs.MAX_ERRORS} are listed below." in page
    assert "and 700 more issues in <bdi>Personnes</bdi>, column « <bdi>Sexe</bdi> »" in page
    # A page of them at a time.
    assert page.count('<td class="issue-message">Unknown</td>') == jobs.ERRORS_PER_PAGE
    assert "Page 1 of 4" in page and "?page=2" in page
    last = client.get(url, {"page": 4}).content.decode()
    assert last.count('<td class="issue-message">Unknown</td>') == jobs.ERRORS_PER_PAGE
    assert "<td>199</td>" in last and "<td>0</td>" not in last
    assert reverse("interop:records_import") in page  # upload a corrected file
