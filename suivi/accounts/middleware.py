from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from suivi.accounts import policies


class MFARequiredMiddleware:
    """Send users whose role requires a second factor to the code page until
    their session is verified (django-otp's `is_verified`)."""

    EXEMPT_URL_NAMES = ("accounts:mfa", "accounts:logout", "accounts:language", "healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and policies.requires_mfa(user) and not user.is_verified():
            exempt = {reverse(name) for name in self.EXEMPT_URL_NAMES}
            if request.path not in exempt and not request.path.startswith(
                "/" + settings.STATIC_URL.lstrip("/")
            ):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:mfa')}?{query}")
        return self.get_response(request)
