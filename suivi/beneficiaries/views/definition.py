"""The computation rule of an indicator computed from records: the form of
the indicator sheet, its preview on the current records, and saving it as a
new version of the indicator (then that indicator alone is recomputed, with
its progress). Only who may manage the results framework reaches it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suivi.beneficiaries.computation.source import SOURCE
from suivi.beneficiaries.forms.definition import DefinitionForm, initial_of
from suivi.beneficiaries.selectors import definitions as selectors
from suivi.beneficiaries.selectors.catalogue import rule_in_words
from suivi.beneficiaries.services import computation
from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators.selectors.sheets import indicator_for


@require_http_methods(["GET", "POST"])
def definition(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    indicator = or_404(indicator_for(request.user, pk))
    page = selectors.definition_page(request.user, indicator)
    if page is None or indicator.retired_in_id is not None:
        raise Http404
    if indicator.computed_source not in ("", SOURCE.name):  # another source computes it
        raise Http404
    initial, whole = initial_of(page.spec) if page.spec else ({}, True)
    form = DefinitionForm(
        request.POST or None,
        initial=initial,
        catalogue=page.catalogue,
        service_choices=page.service_choices,
        organisation_choices=page.organisation_choices,
    )
    previewed = None
    if request.method == "POST" and form.is_valid() and form.spec is not None:
        if request.POST.get("action") == "save":
            try:
                computation.define_computation(
                    actor=request.user,
                    indicator=indicator,
                    spec=form.spec,
                    reason=form.cleaned_data["reason"],
                    decision_reference=form.cleaned_data["decision_reference"],
                )
            except PermissionDenied as refused:
                raise Http404 from refused
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                run = selectors.latest_indicator_run(request.user, indicator)
                if run is not None:
                    return redirect("beneficiaries:run", pk=run.pk)
                return redirect("indicators:sheet", pk=indicator.pk)
        else:
            previewed = selectors.definition_preview(request.user, page, form.spec)
    return render(
        request,
        "beneficiaries/definition.html",
        {
            "indicator": indicator,
            "page": page,
            "form": form,
            "whole": whole,
            "previewed": previewed,
            "rule": form.spec,
            "draft_words": rule_in_words(form.spec) if form.spec else "",
            "in_force_words": rule_in_words(page.spec) if page.spec else "",
            "title": _("Computation rule"),
        },
    )
