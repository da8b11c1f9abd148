"""No page or download of a signed-in user is kept by a browser or a proxy.

Nearly every page behind the sign-in holds personal or programme data (a
person's record, a list of names, a referral inbox, an export, an evidence
file), and a shared computer in a partner's office keeps what its browser
caches after logout. So every response to a signed-in user says
`Cache-Control: no-store` — one rule, no page to forget. Static assets are
served before this middleware (WhiteNoise) and stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            patch_cache_control(response, no_store=True, private=True)
        return response
