"""The finance pages with the test client: who sees what, the forms (HTMX
or not) writing through the services, the downloads."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.finance.models import Expense, Grant, VersionStatus
from suivi.finance.tests.factories import budgeted_intervention
from suivi.governance.tests import factories as steering

pytestmark = pytest.mark.django_db


def _client(role: Role) -> Client:
    client = Client()
    client.force_login(member(role))
    return client


def test_partners_see_nothing_of_finance():
    intervention, _ = budgeted_intervention()
    client = _client(Role.PARTNER_FOCAL_POINT)
    for url in (
        "/finances/",
        f"/finances/{intervention.code}/budget/",
        f"/finances/{intervention.code}/suivi-budgetaire/",
        f"/finances/{intervention.code}/depenses/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_steering_committee_reads_but_does_not_write():
    intervention, _ = budgeted_intervention()
    client = _client(Role.STEERING_READER)
    assert client.get(f"/finances/{intervention.code}/suivi-budgetaire/").status_code == 200
    assert client.get(f"/finances/{intervention.code}/depenses/nouvelle/").status_code == 404
    assert client.get(f"/finances/{intervention.code}/subsides/nouveau/").status_code == 404


def test_the_finance_officer_records_an_expense_and_the_table_shows_it():
    intervention, _ = budgeted_intervention()
    client = _client(Role.FINANCE_OFFICER)
    url = f"/finances/{intervention.code}/depenses/nouvelle/"
    data = {
        "document_number": "PC-1",
        "line_code": "A 01 01",
        "date": "2020-04-01",
        "amount": "1250.50",
        "kind": "expense",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/finances/")
    assert Expense.objects.get().amount == Decimal("1250.50")
    # The same number again: the form says so, nothing written.
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert "PC-1" not in response.headers.get("HX-Redirect", "")
    assert "déjà" in response.content.decode() or "already" in response.content.decode()
    assert Expense.objects.count() == 1
    table = client.get(f"/finances/{intervention.code}/suivi-budgetaire/?annee=2020&format=json")
    rows = {row["row"]: row for row in json.loads(table.content)}
    assert rows["A01"]["expenses_year"] == "1250.50"
    assert rows["total"]["budget"] == "500000.00"
    listing = client.get(f"/finances/{intervention.code}/depenses/?year=2020&kind=expense")
    assert "PC-1" in listing.content.decode()
    assert client.get(f"/finances/{intervention.code}/depenses/?format=xlsx").status_code == 200


def test_a_revision_is_proposed_edited_and_approved_from_the_pages():
    intervention, _ = budgeted_intervention()
    client = _client(Role.FINANCE_OFFICER)
    response = client.post(
        f"/finances/{intervention.code}/budget/revision/", {"label": "R1", "reason": "MTR"}
    )
    revision = intervention.budget_versions.get(number=2)
    assert response.status_code == 302
    line = revision.lines.get(code="A 01 01")
    client.post(
        f"/finances/lignes/{line.pk}/modifier/",
        {"title": line.title, "amount": "160000", "execution_mode": "regie"},
    )
    page = client.get(f"/finances/versions/{revision.pk}/").content.decode()
    assert 'data-rule="line"' in page
    # Without the COPIL decision the revision stays proposed.
    client.post(f"/finances/versions/{revision.pk}/approuver/", {"approved_on": "2021-06-10"})
    revision.refresh_from_db()
    assert revision.status == VersionStatus.PROPOSED
    copil = steering.meeting(intervention, held_on=datetime.date(2021, 6, 10))
    approving = steering.decision(copil, text="Approuver la révision 1")
    form = client.get(f"/finances/versions/{revision.pk}/approuver/").content.decode()
    assert f'value="{approving.pk}"' in form and "Approuver la révision 1" in form
    client.post(
        f"/finances/versions/{revision.pk}/approuver/",
        {"approved_on": "2021-06-10", "decision": approving.pk},
    )
    revision.refresh_from_db()
    assert revision.status == VersionStatus.APPROVED
    assert revision.decision == approving
    page = client.get(f"/finances/versions/{revision.pk}/").content.decode()
    assert f"/pilotage/decisions/{approving.pk}/" in page
    assert 'id="history-title"' in page and "Aucune modification" not in page
    # The version as a workbook: every row, the changed line with its new amount.
    export = client.get(f"/finances/versions/{revision.pk}/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cells = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells["A 01 01"][3] == 160000 and cells["A 01"][3] == 460000
    assert len(cells) == revision.lines.count()
    # The decision's page names the budget revision it approved.
    decision_page = client.get(f"/pilotage/decisions/{approving.pk}/").content.decode()
    assert f"/finances/versions/{revision.pk}/" in decision_page


def test_the_grants_officer_records_a_grant_and_its_tranches():
    intervention, _ = budgeted_intervention()
    client = _client(Role.GRANTS_PROCUREMENT_OFFICER)
    grantee = OrganisationFactory()
    client.post(
        f"/finances/{intervention.code}/subsides/nouveau/",
        {
            "reference": "SUB-1",
            "grantee": grantee.pk,
            "amount": "1000",
            "start_date": "2020-01-01",
            "end_date": "2021-01-01",
            "purpose": "Bourses",
        },
    )
    grant = Grant.objects.get()
    url = f"/finances/subsides/{grant.pk}/tranches/nouvelle/"
    client.post(url, {"planned_date": "2020-02-01", "amount": "800"})
    response = client.post(url, {"planned_date": "2020-06-01", "amount": "300"})
    assert response.status_code == 200  # refused on the form: above the remaining 200
    assert grant.tranches.count() == 1
    detail = client.get(f"/finances/subsides/{grant.pk}/").content.decode()
    assert "SUB-1" in detail
    listing = client.get(f"/finances/{intervention.code}/subsides/?beneficiaire={grantee.code}")
    assert "SUB-1" in listing.content.decode()
    other = client.get(f"/finances/{intervention.code}/subsides/?beneficiaire=nobody")
    assert "SUB-1" in other.content.decode()  # an unknown grantee filters nothing


def test_the_home_pages_of_the_finance_and_grants_officers_show_their_work():
    intervention, _ = budgeted_intervention()
    finance = _client(Role.FINANCE_OFFICER).get("/").content.decode()
    assert f"/finances/{intervention.code}/suivi-budgetaire/" in finance
    assert f"/finances/{intervention.code}/depenses/" in finance
    grants = _client(Role.GRANTS_PROCUREMENT_OFFICER).get("/").content.decode()
    assert f"/finances/{intervention.code}/subsides/" in grants
    assert f"/finances/{intervention.code}/marches/" in grants
    partner = _client(Role.PARTNER_FOCAL_POINT).get("/").content.decode()
    assert "/finances/" not in partner


def test_the_late_procurement_items_are_one_click_from_the_grants_officers_home():
    from suivi.finance import home
    from suivi.finance.services import procurement

    intervention, _ = budgeted_intervention()
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    today = datetime.date.today()
    for reference, planned, status in [
        ("CSC-LATE", today - datetime.timedelta(days=1), "launched"),
        ("CSC-SOON", today + datetime.timedelta(days=10), "planned"),
        ("CSC-DONE", today - datetime.timedelta(days=20), "cancelled"),
    ]:
        procurement.create_item(
            actor=officer,
            intervention=intervention,
            data=procurement.ProcurementData(
                reference=reference,
                subject="Étude",
                procedure="open",
                estimated_amount=Decimal("1000"),
                awarded_amount=None,
                planned_date=planned,
                actual_date=None,
                status=status,
            ),
        )
    [panel] = home.panels(officer)
    [figure] = [f for f in panel.figures if "/marches/" in str(f.url)]
    assert figure.value == 1
    client = Client()
    client.force_login(officer)
    listing = client.get(figure.url).content.decode()
    assert "CSC-LATE" in listing and "CSC-SOON" not in listing and "CSC-DONE" not in listing
    everything = client.get(figure.url.split("?")[0]).content.decode()
    assert all(ref in everything for ref in ("CSC-LATE", "CSC-SOON", "CSC-DONE"))
