import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.core import audit, selectors
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("core:audit_trail")


@pytest.fixture
def two_partners():
    ngo_a, ngo_b = OrganisationFactory(short_name="NGO A"), OrganisationFactory(short_name="NGO B")
    worker_a = member(Role.PARTNER_CASE_WORKER, ngo_a)
    worker_b = member(Role.PARTNER_CASE_WORKER, ngo_b)
    audit.record(actor=worker_a, action="beneficiaries.referral.sent")
    audit.record(actor=worker_b, action="beneficiaries.referral.declined")
    return ngo_a, ngo_b


def test_manager_sees_every_organisations_events(client, two_partners):
    client.force_login(member(Role.INTERVENTION_MANAGER))
    body = client.get(URL).content.decode()
    assert ">beneficiaries.referral.sent</code>" in body
    assert ">beneficiaries.referral.declined</code>" in body


def test_partner_focal_point_sees_only_their_organisations_events(client, two_partners):
    ngo_a, _ngo_b = two_partners
    client.force_login(member(Role.PARTNER_FOCAL_POINT, ngo_a))
    body = client.get(URL).content.decode()
    assert ">beneficiaries.referral.sent</code>" in body
    assert ">beneficiaries.referral.declined</code>" not in body
    # The filters offer every action Suivi records, never a colleague of another partner.


@pytest.mark.parametrize(
    "role", [Role.PARTNER_CASE_WORKER, Role.COMMUNITY_AGENT, Role.FINANCE_OFFICER]
)
def test_other_roles_get_404(client, role):
    client.force_login(member(role))
    assert client.get(URL).status_code == 404


def test_filters_narrow_the_list_and_reading_is_audited(client, two_partners):
    manager = member(Role.INTERVENTION_MANAGER)
    client.force_login(manager)
    body = client.get(URL, {"action": "beneficiaries.referral.sent"}).content.decode()
    assert (
        ">beneficiaries.referral.sent</code>" in body
        and ">beneficiaries.referral.declined</code>" not in body
    )
    viewed = AuditEvent.objects.filter(actor=manager, action="core.audit_trail.viewed").first()
    assert viewed.detail == {"filters": {"action": "beneficiaries.referral.sent"}}


def test_invalid_date_range_is_reported_next_to_the_field(client):
    client.force_login(member(Role.INTERVENTION_MANAGER))
    response = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    english = "The end date must not be before the start date."
    with translation.override("fr"):
        french = translation.gettext(english)
    assert french != english  # the French catalogue has it
    assert french in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, two_partners):
    client.force_login(member(Role.INTERVENTION_MANAGER))
    response = client.get(URL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">')
    assert "<html" not in body


def test_filter_by_user_and_partner_sees_only_their_colleagues_as_choices(client, two_partners):
    ngo_a, ngo_b = two_partners
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo_a)
    client.force_login(focal_point)
    worker_a = ngo_a.memberships.exclude(user=focal_point).get().user
    worker_b = ngo_b.memberships.get().user
    body = client.get(URL).content.decode()
    assert f'value="{worker_a.username}"' in body
    assert f'value="{worker_b.username}"' not in body
    body = client.get(URL, {"actor": focal_point.username}).content.decode()
    assert ">beneficiaries.referral.sent</code>" not in body
    body = client.get(URL, {"actor": worker_a.username}).content.decode()
    assert ">beneficiaries.referral.sent</code>" in body


def test_the_trail_is_paged_with_its_total_in_constant_queries(client, two_partners):
    manager = member(Role.INTERVENTION_MANAGER)
    client.force_login(manager)
    client.get(URL)  # the first request after signing in saves the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    worker = member(Role.PARTNER_CASE_WORKER)
    for _ in range(120):
        audit.record(actor=worker, action="beneficiaries.referral.accepted")
    with CaptureQueriesContext(connection) as many:
        body = client.get(URL).content.decode()
    assert len(many) == len(few)
    assert body.count(">beneficiaries.referral.accepted</code>") == selectors.PAGE_SIZE == 25
    for page in ("abc", "-1", "9" * 30, "3"):
        assert client.get(URL, {"page": page}).status_code == 200


def test_the_filtered_trail_exports_and_the_export_is_recorded(client, two_partners):
    ngo_a, _ngo_b = two_partners
    focal_point = member(Role.PARTNER_FOCAL_POINT, ngo_a)
    client.force_login(focal_point)
    response = client.get(
        reverse("core:audit_trail_export"), {"action": "beneficiaries.referral.sent"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == ["beneficiaries.referral.sent"]
    assert "beneficiaries.referral.declined" not in str(rows)  # another partner's event
    exported = AuditEvent.objects.get(action="core.audit_trail.exported")
    assert exported.detail == {"filters": {"action": "beneficiaries.referral.sent"}, "rows": 1}
    client.force_login(member(Role.PARTNER_CASE_WORKER))
    assert client.get(reverse("core:audit_trail_export")).status_code == 404
