from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from suivi.accounts.selectors import organisations_for
from suivi.core import selectors
from suivi.core.forms import AuditFilterForm
from suivi.core.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


@require_GET
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit trail, filtered; HTMX requests get only the results fragment."""
    user = request.user
    if not selectors.may_view_audit_trail(user):
        raise Http404
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
    events = selectors.audit_events_for(user, filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "core/audit_trail.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers without touching the session."""
    return HttpResponse("ok", content_type="text/plain")
