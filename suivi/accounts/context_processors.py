from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import import_string

from suivi.accounts import policies
from suivi.accounts.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation entries the signed-in user may use, current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    capabilities = policies.capabilities_of(user)
    entries = []
    for entry in NAVIGATION:
        if entry.capabilities is not None and not (entry.capabilities & capabilities):
            continue
        if entry.policy and not import_string(entry.policy)(user):
            continue
        url = reverse(entry.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"url": url, "label": entry.label, "current": current})
    return {"navigation": entries}
