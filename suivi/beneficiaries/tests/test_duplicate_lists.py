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


def _decide(count: int, linked: bool) -> None:
    from suivi.accounts.tests.factories import SYSTEM
    from suivi.beneficiaries.models import MatchCandidate, MatchStatus

    decide = duplicates.link if linked else duplicates.reject
    for candidate in MatchCandidate.objects.filter(status=MatchStatus.CANDIDATE)[:count]:
        decide(actor=SYSTEM, candidate=candidate, reason="Vérifié avec le partenaire")


def _shown(client, **query) -> tuple[int, set[str]]:
    page = client.get(QUEUE, query)
    assert page.status_code == 200
    pairs = page.context["queue"].page
    return pairs.paginator.count, {pair.status for pair in pairs.object_list}


def test_the_queue_filters_by_status_in_the_same_queries(client):
    categories()
    _pairs(6)
    _decide(2, linked=True)
    _decide(1, linked=False)
    client.force_login(member(Role.ME_OFFICER))
    assert _shown(client) == (3, {"candidate"})
    assert _shown(client, status="candidate") == (3, {"candidate"})
    assert _shown(client, status="linked") == (2, {"linked"})
    assert _shown(client, status="rejected") == (1, {"rejected"})
    page = client.get(QUEUE, {"status": "linked"}).content.decode()
    assert 'data-testid="decision"' in page and "Vérifié avec le partenaire" in page
    assert 'action="/doublons/' in page and "/lier/" not in page  # linked: only undo
    # A value that is not a status is said wrong, and the pairs to review shown.
    wrong = client.get(QUEUE, {"status": "merged"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert wrong.context["queue"].status == "candidate"

    def count(status: str) -> int:
        client.get(QUEUE, {"status": status})
        with CaptureQueriesContext(connection) as captured:
            client.get(QUEUE, {"status": status})
        return len(captured)

    few = {status: count(status) for status in ("candidate", "linked", "rejected")}
    _pairs(45, start=100)
    _decide(20, linked=True)
    _decide(20, linked=False)
    assert _shown(client) == (8, {"candidate"})
    assert {status: count(status) for status in few} == few
    assert len(set(few.values())) == 1


def test_the_export_follows_the_status_filter(client):
    categories()
    _pairs(4)
    _decide(3, linked=True)
    client.force_login(member(Role.ME_OFFICER))
    export = reverse("beneficiaries:duplicates_export")
    rows = load_workbook(io.BytesIO(client.get(export, {"status": "linked"}).content)).active
    assert rows.max_row == 4
    rows = load_workbook(io.BytesIO(client.get(export).content)).active
    assert rows.max_row == 2
    exported = AuditEvent.objects.filter(action="beneficiaries.duplicates.exported")
    assert [e.detail for e in exported.order_by("occurred_at")] == [
        {"rows": 3, "status": "linked"},
        {"rows": 1},
    ]
