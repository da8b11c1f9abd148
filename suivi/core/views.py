from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from suivi.accounts.selectors import organisations_for
from suivi.core import audit, selectors, spreadsheets
from suivi.core.forms import AuditFilterForm
from suivi.core.http import AuthenticatedHttpRequest


def _filters(request: AuthenticatedHttpRequest) -> tuple[AuditFilterForm, selectors.AuditFilters]:
    """The filter form of the trail and the valid filters it holds (none
    when a value is not one of the choices: the form says which)."""
    user = request.user
    choices = selectors.audit_filter_choices(user)
    form = AuditFilterForm(
        request.GET or None,
        actions=choices["actions"],
        object_types=choices["object_types"],
        organisations=organisations_for(user),
        actors=selectors.audit_actors_for(user),
    )
    filters = selectors.AuditFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.AuditFilters(
            action=data["action"],
            object_type=data["object_type"],
            organisation_id=str(data["organisation"].pk) if data["organisation"] else "",
            actor_id=data["actor"].pk if data["actor"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, filters


@require_GET
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit trail, filtered; HTMX requests get only the results fragment."""
    if not selectors.may_view_audit_trail(request.user):
        raise Http404
    form, filters = _filters(request)
    page = selectors.audit_page(request.user, filters, request.GET.get("page"))
    template = "core/audit_trail.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@require_GET
def audit_trail_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered trail as an xlsx file (recorded in the trail itself)."""
    if not selectors.may_view_audit_trail(request.user):
        raise Http404
    _form, filters = _filters(request)
    events = selectors.audit_export(request.user, filters)
    if events is None:
        messages.error(
            request,
            _("More than %(limit)s events match: narrow the filters and export again.")
            % {"limit": f"{selectors.EXPORT_LIMIT:,}".replace(",", "\u202f")},
        )
        return redirect(f"{reverse('core:audit_trail')}?{request.GET.urlencode()}")
    headers = [
        _("Time (UTC)"),
        _("User"),
        _("Organisation"),
        _("Action"),
        _("Action code"),
        _("Object type"),
        _("Object id"),
        _("Changed fields"),
        _("IP address"),
    ]
    rows = (
        [
            event.occurred_at.replace(tzinfo=None),
            event.actor.username if event.actor else _("system"),
            event.organisation.short_name if event.organisation else "",
            audit.action_label(event.action),
            event.action,
            event.object_type,
            event.object_id,
            ", ".join(event.changed_fields),
            event.ip_address or "",
        ]
        for event in events
    )
    response = HttpResponse(
        spreadsheets.xlsx(_("Audit trail"), headers, rows), content_type=spreadsheets.XLSX
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="journal-{stamp}.xlsx"'
    return response


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without touching the session."""
    return HttpResponse("ok", content_type="text/plain")
