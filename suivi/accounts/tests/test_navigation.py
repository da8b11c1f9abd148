"""The navigation's URLs are reversed once, and follow the URLconf and the script prefix."""

import sys
import types

import pytest
from django.test import RequestFactory, override_settings
from django.urls import include, path, reverse, set_script_prefix
from django.utils.module_loading import import_string

from suivi.accounts.context_processors import navigation
from suivi.accounts.navigation import NAVIGATION
from suivi.accounts.policies import capabilities_of
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member

pytestmark = pytest.mark.django_db


def _expected(user, path_now):
    """What the context processor gave before its URLs were cached."""
    capabilities = capabilities_of(user)
    entries = []
    for entry in NAVIGATION:
        if entry.capabilities is not None and not (entry.capabilities & capabilities):
            continue
        if entry.policy and not import_string(entry.policy)(user):
            continue
        url = reverse(entry.url_name)
        current = path_now == url if url == "/" else path_now.startswith(url)
        entries.append({"url": url, "label": entry.label, "current": current})
    return entries


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_the_entries_it_may_use(role):
    user = member(role)
    for path_now in ("/", reverse("programmes:portfolio"), reverse("core:audit_trail")):
        request = RequestFactory().get(path_now)
        request.user = user
        assert navigation(request) == {"navigation": _expected(user, path_now)}


def test_urls_follow_the_script_prefix():
    user = member(Role.ME_OFFICER)
    request = RequestFactory().get("/")
    request.user = user
    set_script_prefix("/suivi/")
    try:
        urls = [entry["url"] for entry in navigation(request)["navigation"]]
    finally:
        set_script_prefix("/")
    assert urls and all(url.startswith("/suivi/") for url in urls)
    assert all(not e["url"].startswith("/suivi/") for e in navigation(request)["navigation"])


def test_urls_follow_a_changed_urlconf():
    user = member(Role.ME_OFFICER)
    request = RequestFactory().get("/")
    request.user = user
    before = {e["url"] for e in navigation(request)["navigation"]}
    module = types.ModuleType("suivi_test_mounted_urls")
    module.urlpatterns = [path("ailleurs/", include("config.urls"))]
    sys.modules[module.__name__] = module
    try:
        with override_settings(ROOT_URLCONF=module.__name__):
            moved = {e["url"] for e in navigation(request)["navigation"]}
    finally:
        del sys.modules[module.__name__]
    assert moved == {"/ailleurs" + url for url in before}
    assert {e["url"] for e in navigation(request)["navigation"]} == before
