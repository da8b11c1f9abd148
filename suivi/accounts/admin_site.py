from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suivi.accounts import policies
from suivi.accounts.roles import Capability


class SuiviAdminSite(admin.AdminSite):
    """Django's admin, open only to system administrators who passed the
    second factor. Sign-in goes through Suivi's own login (throttled, audited)."""

    site_header = _("Suivi administration")
    site_title = _("Suivi administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and policies.has_capability(user, Capability.ADMINISTER_SYSTEM)
            and user.is_verified()
        )

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in but not an administrator: the admin does not exist for them.
            raise Http404
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
