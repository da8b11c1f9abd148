from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest
from django.urls import (
    NoReverseMatch,
    URLResolver,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
)
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from suivi.accounts import policies
from suivi.accounts.navigation import NAVIGATION


@lru_cache(maxsize=32)
def _entry_urls(
    resolver: URLResolver, urlconf: str | None, prefix: str, language: str | None
) -> tuple[str | None, ...]:
    """Each navigation entry's URL (None: not in this URLconf), reversed once
    per URLconf, script prefix and language instead of on every page.

    The resolver object is part of the key: Django builds a new one when its
    URL caches are cleared (`clear_url_caches`, a changed ROOT_URLCONF), so a
    cached URL never outlives the URLconf it was reversed from. `prefix` and
    `language` are keys only: `reverse` reads the current ones itself."""
    urls: list[str | None] = []
    for entry in NAVIGATION:
        try:
            urls.append(reverse(entry.url_name, urlconf=urlconf))
        except NoReverseMatch:
            urls.append(None)
    return tuple(urls)


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation entries the signed-in user may use, current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    capabilities = policies.capabilities_of(user)
    urlconf = get_urlconf()
    urls = _entry_urls(get_resolver(urlconf), urlconf, get_script_prefix(), get_language())
    entries = []
    for entry, cached in zip(NAVIGATION, urls, strict=True):
        if entry.capabilities is not None and not (entry.capabilities & capabilities):
            continue
        if entry.policy and not import_string(entry.policy)(user):
            continue
        # An entry missing from the URLconf fails as it always did, when shown.
        url = cached if cached is not None else reverse(entry.url_name, urlconf=urlconf)
        current = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"url": url, "label": entry.label, "current": current})
    return {"navigation": entries}
