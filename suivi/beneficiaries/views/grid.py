"""The scholarship vulnerability grid, kept by the M&E officer."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from suivi.beneficiaries.selectors import active_grid
from suivi.beneficiaries.services import scholarships
from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators.policies import may_manage_definitions


class CriterionForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name (French)"), max_length=120)
    name_ar = forms.CharField(label=gettext_lazy("Name (Arabic)"), max_length=120, required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    weight = forms.IntegerField(label=gettext_lazy("Weight"), min_value=0, max_value=100)
    women_only = forms.BooleanField(
        label=gettext_lazy("Specific to women's situations"), required=False
    )


@require_http_methods(["GET", "POST"])
def grid(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_manage_definitions(request.user):
        raise Http404  # the M&E staff's page; partners see the criteria on the person page
    current = active_grid()
    if current is None:
        return render(request, "beneficiaries/grid.html", {"grid": None})
    may_edit = may_manage_definitions(request.user)
    form = CriterionForm(request.POST if "code" in request.POST else None)
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if "code" in request.POST:
            if form.is_valid():
                perform(
                    request,
                    lambda: scholarships.add_criterion(
                        actor=request.user, grid=current, **form.cleaned_data
                    ),
                    _("The criterion has been added."),
                )
                return redirect("beneficiaries:grid")
        else:
            try:
                threshold = int(request.POST.get("threshold", ""))
                weights = {
                    c.code: int(request.POST.get(f"weight-{c.code}", c.weight))
                    for c in current.criteria.all()
                }
            except ValueError:
                threshold, weights = -1, {}
            perform(
                request,
                lambda: scholarships.update_grid(
                    actor=request.user, grid=current, threshold=threshold, weights=weights
                ),
                _("The grid has been saved."),
            )
            return redirect("beneficiaries:grid")
    return render(
        request, "beneficiaries/grid.html", {"grid": current, "may_edit": may_edit, "form": form}
    )
