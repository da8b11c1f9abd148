"""Editing an indicator's definition through a new logframe revision, and
the translations of its wording (which make no new version)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import partial, submit
from suivi.indicators import policies
from suivi.indicators.forms.definition import DefinitionForm
from suivi.indicators.forms.translation import TranslationForm
from suivi.indicators.models import Target
from suivi.indicators.selectors.sheets import indicator_for
from suivi.indicators.services import definitions
from suivi.indicators.services.definitions import IndicatorSpec, TargetSpec
from suivi.indicators.services.measurements import current_version
from suivi.programmes.services import open_revision


@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    indicator = or_404(indicator_for(request.user, pk, current_only=True))
    if not policies.may_manage_definitions(request.user):
        raise Http404
    version = current_version(indicator)
    intervention = indicator.intervention
    years = intervention.years
    form = DefinitionForm(request.POST or None, version=version, years=years)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Targets per cell are kept as they are; the form edits the totals.
        targets = [
            TargetSpec(t.year, t.value, t.cell_key) for t in version.targets.all() if t.cell_key
        ]
        if data["final_target"] is not None:
            targets.append(TargetSpec(Target.FINAL, data["final_target"]))
        targets += [
            TargetSpec(year, data[f"target_{year}"])
            for year in years
            if data[f"target_{year}"] is not None
        ]
        spec = IndicatorSpec(
            code=indicator.code,
            result=data["result"],
            title=data["title"],
            unit=data["unit"],
            aggregation=data["aggregation"],
            direction=data["direction"],
            frequency=data["frequency"],
            source_of_verification=data["source_of_verification"],
            responsible_organisation=data["responsible_organisation"],
            dimensions=list(data["dimensions"]),
            baseline_value=data["baseline_value"],
            baseline_year=data["baseline_year"],
            baseline_comment=data["baseline_comment"],
            targets=targets,
            replaces_code=indicator.replaces.code if indicator.replaces else "",
            is_computed=indicator.is_computed,
        )
        try:
            with transaction.atomic():
                revision = open_revision(
                    actor=request.user,
                    intervention=intervention,
                    label=_("Change to %(code)s") % {"code": indicator.code},
                    reason=data["reason"],
                    decision_reference=data["decision_reference"],
                )
                _indicator, changed = definitions.put_indicator(
                    actor=request.user, revision=revision, spec=spec
                )
                if not changed:
                    transaction.set_rollback(True)
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("A new version of the definition has been recorded."))
            else:
                messages.info(request, _("Nothing has changed: no new version."))
            return redirect("indicators:sheet", pk=indicator.pk)
    return render(
        request, "indicators/definition_form.html", {"indicator": indicator, "form": form}
    )


@require_http_methods(["GET", "POST"])
def translate(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The Arabic and English wordings of the current version: a translation
    does not change what is measured, so no revision is asked for."""
    indicator = or_404(indicator_for(request.user, pk, current_only=True))
    if not policies.may_manage_definitions(request.user):
        raise Http404
    version = current_version(indicator)
    form = TranslationForm(request.POST or None, version=version)
    answer = submit(
        request,
        form,
        save=lambda data: definitions.translate_version(
            actor=request.user,
            version=version,
            title_ar=data["title_ar"],
            title_en=data["title_en"],
        ),
        success_url=reverse("indicators:sheet", args=[indicator.pk]),
        success_message=_("The translations of the wording have been saved (no new version)."),
    )
    if answer is not None:
        return answer
    return render(
        request,
        partial(request, "indicators/translation_form.html", "translation-form"),
        {"indicator": indicator, "version": version, "translation_form": form},
    )
