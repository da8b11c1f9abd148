from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suivi.accounts import policies
from suivi.accounts.roles import Capability

# Labels of the tables that come from libraries (axes, django-otp, django-tasks).
LIBRARY_APPS = {
    "axes": _("Sign-in protection"),
    "otp_totp": _("Second factor"),
    "django_tasks_database": _("Background tasks"),
}
LIBRARY_MODELS = {
    "axes.AccessAttempt": _("Locked or throttled sign-ins"),
    "axes.AccessFailureLog": _("Failed sign-ins"),
    "otp_totp.TOTPDevice": _("Authenticator apps (TOTP)"),
    "django_tasks_database.DBTaskResult": _("Task results"),
}


class SuiviAdminSite(admin.AdminSite):
    """Django's admin, open only to system administrators who passed the
    second factor. Sign-in goes through Suivi's own login (throttled, audited)."""

    site_header = _("Suivi administration")
    site_title = _("Suivi administration")
    index_title = _("System administration")

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        """The libraries' tables named in the user's language (their own
        catalogues have no Arabic, some no French)."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            app["name"] = str(LIBRARY_APPS.get(app["app_label"], app["name"]))
            for model in app["models"]:
                label = LIBRARY_MODELS.get(f"{app['app_label']}.{model['object_name']}")
                if label:
                    model["name"] = str(label)
        return app_list

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
