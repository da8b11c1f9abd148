"""Entering an indicator's values for a year, and sending them for review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators import policies
from suivi.indicators.cells import AdditivityGap
from suivi.indicators.forms.measurement import EvidenceForm, MeasurementForm
from suivi.indicators.models import MeasurementSource, MeasurementStatus
from suivi.indicators.selectors import sheets
from suivi.indicators.selectors.context import value_context
from suivi.indicators.selectors.sheets import entry_of, indicator_for
from suivi.indicators.services import measurements, periods
from suivi.indicators.services.measurements import current_version


@require_http_methods(["GET", "POST"])
def entry(request: AuthenticatedHttpRequest, pk: str, year: int) -> HttpResponse:
    """The values of one indicator for one year (or quarter): save as draft,
    or save and submit. Showing the form writes nothing; the period is
    created when its first values are saved."""
    indicator = or_404(indicator_for(request.user, pk))
    if not policies.may_enter_values(request.user, indicator, year):
        raise Http404
    quarter_text = request.GET.get("trimestre", "0")
    quarter = int(quarter_text) if quarter_text in {"0", "1", "2", "3", "4"} else -1
    found = entry_of(indicator, year, quarter)
    if found is None:
        raise Http404
    period, measurement = found
    version = current_version(indicator)
    form = MeasurementForm(request.POST or None, version=version, measurement=measurement)
    gaps: list[AdditivityGap] = []
    editable = not period.is_locked and (measurement is None or measurement.is_editable)
    if request.method == "POST" and editable and form.is_valid():
        try:
            with transaction.atomic():  # no period without its first values
                period = periods.ensure_period(
                    actor=request.user,
                    intervention=indicator.intervention,
                    year=period.year,
                    quarter=period.quarter,
                )
                measurement, gaps = measurements.save_values(
                    actor=request.user,
                    indicator=indicator,
                    period=period,
                    values=form.cell_values(),
                    comment=form.cleaned_data["comment"],
                )
            if request.POST.get("action") == "submit":
                measurements.submit(actor=request.user, measurement=measurement)
                messages.success(request, _("The values have been submitted for review."))
                return redirect("indicators:sheet", pk=indicator.pk)
            messages.success(request, _("The values have been saved as a draft."))
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "indicator": indicator,
        "version": version,
        "period": period,
        "measurement": measurement,
        "form": form,
        "grid": form.grid(),
        "gaps": [
            {
                "whole": form.cell_label(g.whole_key),
                "dimension": g.dimension,
                "whole_value": g.whole,
                "sum": g.parts_sum,
            }
            for g in gaps
        ],
        "editable": editable,
        "last_return": sheets.last_return(measurement),
        "evidence_form": EvidenceForm(),
        "context": value_context(request.user, indicator, period.year, measurement),
        "takes_evidence": measurement is not None
        and not period.is_locked
        and measurement.status != MeasurementStatus.APPROVED
        and measurement.source == MeasurementSource.ENTERED,
    }
    template = "indicators/entry.html"
    if request.htmx:
        template += "#entry-form"
    return render(request, template, context)


@require_POST
def evidence_add(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    measurement = or_404(sheets.measurement_for(request.user, pk))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            measurements.add_evidence(
                actor=request.user, measurement=measurement, upload=form.cleaned_data["file"]
            )
            messages.success(request, _("The file has been attached."))
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a file to attach."))
    url = reverse("indicators:entry", args=[measurement.indicator_id, measurement.period.year])
    if measurement.period.quarter:
        url += f"?trimestre={measurement.period.quarter}"
    return redirect(url)
