"""Every URL of the URLconf: anonymous users are sent to sign in, except on
the few public ones; state-changing URLs refuse GET and POSTs without CSRF."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member

pytestmark = pytest.mark.django_db

PUBLIC = {"accounts:login", "accounts:language", "healthz"}
STATE_CHANGING = {"accounts:logout", "accounts:language", "accounts:membership_deactivate"}


def _named_patterns(resolver: URLResolver = None, namespace: str = "", prefix: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from _named_patterns(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _url(name: str, pattern: URLPattern) -> str | None:
    converters = pattern.pattern.converters
    kwargs = {}
    for key, converter in converters.items():
        kind = type(converter).__name__
        if kind == "UUIDConverter":
            kwargs[key] = uuid.uuid4()
        elif kind == "IntConverter":
            kwargs[key] = 1
        elif kind in ("StringConverter", "SlugConverter"):
            kwargs[key] = "x"
        elif kind == "PathConverter":
            kwargs[key] = "x/y"
        else:
            return None
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:
        return None


ALL_URLS = sorted(
    {(name, url) for name, pattern in _named_patterns() if (url := _url(name, pattern))}
)


def test_the_urlconf_was_walked():
    names = {name for name, _url in ALL_URLS}
    assert {"home", "core:audit_trail", "accounts:organisation_detail", "admin:index"} <= names


@pytest.mark.parametrize(("name", "url"), ALL_URLS, ids=[n for n, _ in ALL_URLS])
def test_anonymous_users_are_sent_to_sign_in(client, name, url):
    if name in PUBLIC:
        pytest.skip("public URL")
    response = client.get(url, follow=True)
    # The admin first sends to its own login URL, which hands over to Suivi's.
    assert response.redirect_chain, f"{name} answered {response.status_code} without redirect"
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_get_on_state_changing_urls_is_refused(client, name):
    client.force_login(member(Role.INTERVENTION_MANAGER))
    pattern = dict(_named_patterns())[name]
    assert client.get(_url(name, pattern)).status_code == 405


def test_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(member(Role.INTERVENTION_MANAGER))
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert client.post(reverse("accounts:language"), {"language": "ar"}).status_code == 403


def test_pages_send_security_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'nonce-" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_healthz_is_public(client):
    assert client.get(reverse("healthz")).content == b"ok"
