"""Organisation pages: partner isolation, member management, form errors."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from suivi.accounts.models import User
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ngos():
    return OrganisationFactory(short_name="AMAPPE"), OrganisationFactory(short_name="REMESS")


def test_partner_gets_404_on_another_ngos_pages(client, ngos):
    mine, theirs = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    assert client.get(reverse("accounts:organisation_detail", args=[mine.pk])).status_code == 200
    for name in ("accounts:organisation_detail", "accounts:member_create"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    assert "AMAPPE" in listing and "REMESS" not in listing


def test_missing_and_not_yours_look_the_same(client, ngos):
    mine, theirs = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    missing = client.get(reverse("accounts:organisation_detail", args=[uuid.uuid4()]))
    not_mine = client.get(reverse("accounts:organisation_detail", args=[theirs.pk]))
    assert missing.status_code == not_mine.status_code == 404

    # Identical pages but for the per-response CSP nonce and CSRF token.
    def scrub(response):
        return re.sub(rb'(nonce="|X-CSRFToken": "|value=")[^"]*', b"", response.content)

    assert scrub(missing) == scrub(not_mine)


def test_partner_cannot_end_another_ngos_membership(client, ngos):
    mine, theirs = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    other_worker = member(Role.PARTNER_CASE_WORKER, theirs)
    membership = other_worker.memberships.get()
    response = client.post(reverse("accounts:membership_deactivate", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_case_worker_sees_members_but_cannot_manage(client, ngos):
    mine, _ = ngos
    client.force_login(member(Role.PARTNER_CASE_WORKER, mine))
    assert client.get(reverse("accounts:member_create", args=[mine.pk])).status_code == 404


def test_viewing_members_is_audited(client, ngos):
    mine, _ = ngos
    focal_point = member(Role.PARTNER_FOCAL_POINT, mine)
    client.force_login(focal_point)
    client.get(reverse("accounts:organisation_detail", args=[mine.pk]))
    assert AuditEvent.objects.filter(
        actor=focal_point, action="accounts.organisation.members_viewed", object_id=str(mine.pk)
    ).exists()


def test_member_form_rerenders_with_messages_next_to_fields_in_users_language(client, ngos):
    mine, _ = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    client.cookies["suivi_language"] = "ar"
    response = client.post(
        reverse("accounts:member_create", args=[mine.pk]),
        {
            "first_name": "",
            "last_name": "X",
            "username": "new",
            "email": "not-an-email",
            "role": Role.PARTNER_CASE_WORKER,
            "preferred_language": "fr",
            "password": "short",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("ar"):
        required = translation.gettext("This field is required.")
        invalid_email = translation.gettext("Enter a valid email address.")
    assert required in body and invalid_email in body
    assert 'dir="rtl"' in body
    assert 'class="field field-error"' in body
    assert not User.objects.filter(username="new").exists()


# A community agent a focal point adds to their organisation.
NEW_AGENT = {
    "first_name": "Awa",
    "last_name": "Relais",
    "username": "awa",
    "email": "awa@example.invalid",
    "role": Role.COMMUNITY_AGENT,
    "preferred_language": "fr",
    "password": "Long-enough-passphrase-9",
}


def test_member_form_over_htmx_returns_the_form_fragment(client, ngos):
    mine, _ = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    response = client.post(
        reverse("accounts:member_create", args=[mine.pk]), {}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith("<form") and "<html" not in body


def test_a_member_added_over_htmx_opens_the_organisation_page(client, ngos):
    mine, _ = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    response = client.post(
        reverse("accounts:member_create", args=[mine.pk]),
        NEW_AGENT,
        headers={"HX-Request": "true"},
    )
    # Not a redirect htmx would follow and swap into the form: the page itself.
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:organisation_detail", args=[mine.pk])
    assert User.objects.filter(username="awa").exists()


def test_member_is_added_and_listed(client, ngos):
    mine, _ = ngos
    client.force_login(member(Role.PARTNER_FOCAL_POINT, mine))
    response = client.post(
        reverse("accounts:member_create", args=[mine.pk]),
        NEW_AGENT,
        follow=True,
    )
    assert response.status_code == 200
    assert "Awa Relais" in response.content.decode()


def test_navigation_shows_each_role_only_what_it_may_use(client):
    client.force_login(member(Role.PARTNER_CASE_WORKER))
    body = client.get(reverse("home")).content.decode()
    assert reverse("core:audit_trail") not in body and reverse("admin:index") not in body
    client.force_login(member(Role.INTERVENTION_MANAGER))
    body = client.get(reverse("home")).content.decode()
    assert reverse("core:audit_trail") in body and reverse("admin:index") not in body


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home_page(client, role):
    user = member(role)
    client.force_login(user)
    if role == Role.SYSTEM_ADMINISTRATOR:
        pytest.skip("covered by the MFA tests: the home page comes after the second factor")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'data-role="{role.value}"' in response.content.decode()


def test_home_shows_the_panels_of_the_domain_apps(client):
    from suivi.programmes.tests.factories import InterventionFactory

    intervention = InterventionFactory(short_name="Amuddu")
    client.force_login(member(Role.ME_OFFICER))
    body = client.get(reverse("home")).content.decode()
    assert reverse("indicators:progress", args=[intervention.code]) in body
    assert reverse("indicators:review_queue") in body
