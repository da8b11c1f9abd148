"""Home, account and organisation pages."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from suivi.accounts import mfa, policies, selectors, services
from suivi.accounts.forms import LanguageForm, MemberForm
from suivi.accounts.models import User
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.panels import Panel


def home_panels(user: User) -> list[Panel]:
    """Panels contributed by the domain apps (`AppConfig.home_panels`, a dotted
    path to a function of the user returning `suivi.core.panels.Panel`s), so
    accounts depends on none of them; work waiting first (`Panel.order`)."""
    panels: list[Panel] = []
    for config in apps.get_app_configs():
        path = getattr(config, "home_panels", None)
        if path:
            panels.extend(import_string(path)(user))
    return sorted(panels, key=lambda panel: panel.order)


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A home page per role: each membership gets its own panel."""
    user = request.user
    capabilities = policies.capabilities_of(user)
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": user.active_memberships,
            "capabilities": {c.value for c in capabilities},
            "organisation_count": selectors.organisations_for(user).count(),
            "panels": home_panels(user),
        },
    )


@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "language_form": LanguageForm(initial={"language": user.preferred_language}),
            "mfa_enrolled": mfa.confirmed_device(user) is not None,
            "mfa_required": policies.requires_mfa(user),
        },
    )


@require_GET
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    organisations = selectors.search_organisations(request.user, query)
    return render(
        request, "accounts/organisation_list.html", {"organisations": organisations, "query": query}
    )


@require_GET
def organisation_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    organisation = or_404(selectors.organisation_for(request.user, pk))
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": selectors.members_of(request.user, organisation),
            "may_manage": policies.may_manage_members(request.user, organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def member_create(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    organisation = or_404(selectors.organisation_for(request.user, pk))
    roles = policies.assignable_roles(request.user, organisation)
    if not roles:
        raise Http404
    form = MemberForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_member(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member has been added."))
            if request.htmx:
                # htmx would follow a redirect and swap the whole next page
                # into the form: ask it to load that page instead.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse(
                    "accounts:organisation_detail", args=[organisation.pk]
                )
                return response
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    template = "accounts/member_form.html"
    if request.htmx:
        template += "#member-form"
    return render(request, template, {"organisation": organisation, "form": form})


@require_POST
def membership_deactivate(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    membership = or_404(selectors.membership_managed_by(request.user, pk))
    perform(
        request,
        lambda: services.deactivate_membership(actor=request.user, membership=membership),
        _("The membership has been ended."),
    )
    return redirect("accounts:organisation_detail", pk=membership.organisation_id)
