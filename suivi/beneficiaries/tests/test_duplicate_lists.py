"""The duplicates queue as a list: a page at a time in a constant number of
queries, bad page numbers answered with a page, and its export without any
name, contact or document."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from suivi.accounts.models import OrganisationKind
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.beneficiaries.services import duplicates
from suivi.beneficiaries.tests.factories import categories, person
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
QUEUE = reverse("beneficiaries:duplicates")


def _pairs(count: int, start: int = 0) -> None:
    """`count` pairs of records sharing a phone, one at EN, one at ANAPEC."""
    en, anapec = (
        OrganisationFactory(code=f"en{start}", kind=OrganisationKind.PUBLIC_AGENCY),
        OrganisationFactory(code=f"an{start}", kind=OrganisationKind.PUBLIC_AGENCY),
    )
    for n in range(start, start + count):
        phone = f"06610{n:05d}"
        person(en, family_name=f"Fictif-A{n}", phone=phone)
        person(anapec, family_name=f"Fictif-B{n}", phone=phone)
    duplicates.find_exact()


def _count(client) -> int:
    client.get(QUEUE)  # the first request after signing in saves the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE).status_code == 200
    return len(captured)


def test_the_queue_makes_the_same_queries_for_2_or_25_pairs(client):
    categories()
    _pairs(2)
    client.force_login(member(Role.ME_OFFICER))
    few = _count(client)
    _pairs(23, start=100)
    assert _count(client) == few
    for page in ("abc", "-2", "0", "9" * 30, "3"):
        assert client.get(QUEUE, {"page": page}).status_code == 200


def test_the_export_holds_what_the_queue_shows_never_who(client):
    categories()
    _pairs(3)
    reviewer = member(Role.ME_OFFICER)
    client.force_login(reviewer)
    response = client.get(reverse("beneficiaries:duplicates_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 4
    text = str(rows)
    assert "Fictif" not in text and "0661" not in text and "+2126" not in text and "•" not in text
    exported = AuditEvent.objects.get(action="beneficiaries.duplicates.exported")
    assert exported.actor == reviewer and exported.detail == {"rows": 3}
    client.force_login(member(Role.PARTNER_CASE_WORKER))
    assert client.get(reverse("beneficiaries:duplicates_export")).status_code == 404
