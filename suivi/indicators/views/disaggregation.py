"""The disaggregation lists (sex, migrant category, and those users add)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest
from suivi.indicators import policies
from suivi.indicators.forms.disaggregation import DimensionForm, DimensionValueForm
from suivi.indicators.selectors.sheets import dimensions_with_values
from suivi.indicators.services import definitions


@require_http_methods(["GET", "POST"])
def dimensions(request: AuthenticatedHttpRequest) -> HttpResponse:
    may_manage = policies.may_manage_definitions(request.user)
    if not may_manage:
        raise Http404  # the page is the M&E staff's (it is in their menu only)
    dimension_form = DimensionForm(prefix="dimension")
    value_form = DimensionValueForm(prefix="value")
    if request.method == "POST":
        if not may_manage:
            raise Http404
        try:
            if "dimension-code" in request.POST:
                dimension_form = DimensionForm(request.POST, prefix="dimension")
                if dimension_form.is_valid():
                    data = dimension_form.cleaned_data
                    definitions.put_dimension(actor=request.user, values=[], **data)
                    messages.success(request, _("The dimension has been added."))
                    return redirect("indicators:dimensions")
            else:
                value_form = DimensionValueForm(request.POST, prefix="value")
                if value_form.is_valid():
                    data = value_form.cleaned_data
                    dimension = data["dimension"]
                    definitions.put_dimension(
                        actor=request.user,
                        code=dimension.code,
                        name=dimension.name,
                        values=[(data["code"], data["name"], data["name_ar"], data["name_en"])],
                    )
                    messages.success(request, _("The value has been added."))
                    return redirect("indicators:dimensions")
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            posted = dimension_form if "dimension-code" in request.POST else value_form
            add_service_errors(posted, error)
    return render(
        request,
        "indicators/dimensions.html",
        {
            "dimensions": dimensions_with_values(),
            "may_manage": may_manage,
            "dimension_form": dimension_form,
            "value_form": value_form,
        },
    )
