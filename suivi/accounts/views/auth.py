"""Sign-in, sign-out, language, password and second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suivi.accounts import mfa, policies, services
from suivi.accounts.forms import LanguageForm, MFATokenForm
from suivi.accounts.models import User
from suivi.core.http import AuthenticatedHttpRequest


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )


def _safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        # Django's login() gives the session a new key (no session fixation).
        response = super().form_valid(form)
        user = form.get_user()
        services.record_login(user=user)
        _set_language_cookie(response, user.preferred_language)
        return response

    def form_invalid(self, form):  # type: ignore[no-untyped-def]
        services.record_failed_login()
        return super().form_invalid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if isinstance(request.user, User):
        services.record_logout(user=request.user)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_not_required
@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """Switch language; a signed-in user's choice is remembered on their account."""
    form = LanguageForm(request.POST)
    default = reverse("home") if request.user.is_authenticated else reverse("accounts:login")
    if not form.is_valid():
        return HttpResponseRedirect(default)
    language = form.cleaned_data["language"]
    if isinstance(request.user, User):
        services.set_preferred_language(actor=request.user, language=language)
    response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"], default))
    _set_language_cookie(response, language)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        services.record_password_changed(user=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def mfa_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app (first time) or enter its current code."""
    user = request.user
    device = mfa.confirmed_device(user)
    if device is None and not policies.requires_mfa(user):
        raise Http404  # no role of this user needs a second factor: nothing to enrol
    enrolling = device is None
    if device is None:
        device = mfa.pending_device(user=user)
    form = MFATokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request=request, user=user, device=device, token=form.cleaned_data["token"]):
            return HttpResponseRedirect(
                _safe_next(request, request.GET.get("next"), reverse("home"))
            )
        form.add_error(
            "token", _("This code is not valid. Check your device's clock and try again.")
        )
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context |= {"secret": mfa.device_secret(device), "qr_svg": mfa.qr_code_svg(device)}
    return render(request, "accounts/mfa.html", context)
