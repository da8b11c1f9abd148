from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import submit
from suivi.indicators.selectors.sheets import indicators_by_result
from suivi.programmes import hooks, policies, selectors, services
from suivi.programmes.forms import InterventionEditForm, InterventionForm

# What the edit form changes, as the intervention holds it.
EDITABLE = (
    "short_name",
    "title",
    "title_ar",
    "title_en",
    "zone",
    "zone_ar",
    "zone_en",
    "start_date",
    "end_date",
)


@require_GET
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The interventions the user sees, side by side."""
    return render(
        request,
        "programmes/portfolio.html",
        {
            "interventions": selectors.portfolio(request.user),
            "may_manage": policies.may_manage_results_framework(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def intervention_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new intervention (and, when needed, its programme); its framework
    is then imported from a logframe workbook on its page."""
    choices = selectors.new_intervention_choices(request.user)
    if choices is None:
        raise Http404
    form = InterventionForm(
        request.POST or None, programmes=choices.programmes, organisations=choices.organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution = selectors.organisations_by_pk([data["partner_institution"]])
        try:
            intervention = services.start_intervention(
                actor=request.user,
                programme=selectors.programme_by_pk(request.user, data["programme"]),
                new_programme={"code": data["programme_code"], "title": data["programme_title"]},
                code=data["code"],
                short_name=data["short_name"],
                title=data["title"],
                title_ar=data["title_ar"],
                title_en=data["title_en"],
                partner_institution=institution[0] if institution else None,
                operational_partners=selectors.organisations_by_pk(data["operational_partners"]),
                zone=data["zone"],
                zone_ar=data["zone_ar"],
                zone_en=data["zone_en"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                budget=data["budget"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("programmes:logframe", code=intervention.code)
    return render(request, "programmes/intervention_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def intervention_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Change an intervention's names (in French, Arabic and English), zone
    and dates; whoever may create an intervention may change one."""
    intervention = or_404(selectors.intervention_for(request.user, code))
    if not policies.may_manage_results_framework(request.user):
        raise Http404
    form = InterventionEditForm(
        request.POST or None, initial={name: getattr(intervention, name) for name in EDITABLE}
    )

    def save(data: dict[str, Any]) -> list[str]:
        return services.update_intervention(
            actor=request.user, intervention=intervention, **{n: data[n] for n in EDITABLE}
        )

    answer = submit(
        request,
        form,
        save=save,
        success_url=reverse("programmes:logframe", args=[intervention.code]),
        success_message=_("The intervention has been saved."),
    )
    if answer is not None:
        return answer
    return render(
        request, "programmes/intervention_edit.html", {"form": form, "intervention": intervention}
    )


@require_GET
def logframe(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The current results chain with each result's indicators."""
    intervention = or_404(selectors.intervention_for(request.user, code))
    revisions = selectors.revisions_of(intervention)
    approvals = hooks.revision_approvals(request.user, [r.pk for r in revisions])
    return render(
        request,
        "programmes/logframe.html",
        {
            "intervention": intervention,
            "chain": selectors.current_chain(intervention),
            "indicators_by_result": indicators_by_result(request.user, intervention),
            "revisions": [(revision, approvals.get(revision.pk, [])) for revision in revisions],
            "result_links": hooks.result_links(request.user, intervention),
            "may_manage": policies.may_manage_results_framework(request.user),
        },
    )
