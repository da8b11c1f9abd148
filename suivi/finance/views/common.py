"""What the finance pages share: the intervention from the URL, and a form
posted (with HTMX or not) to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from suivi.core.forms_errors import add_service_errors
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.finance.selectors.budgets import finance_intervention
from suivi.programmes.models import Intervention

PAGE_SIZE = 50


def intervention(request: AuthenticatedHttpRequest, code: str) -> Intervention:
    return or_404(finance_intervention(request.user, code))


def form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], object],
    success_url: str | Callable[[object], str],
    success_message: str,
    context: dict[str, Any],
    template: str = "finance/form.html",
) -> HttpResponse:
    """Render `form`; on a valid POST call `save(cleaned_data)` (a service)
    and go to `success_url`. A service's refusal shows on the form; an HTMX
    post gets its form back, or a client redirect once saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except PermissionDenied as denied:
            raise Http404 from denied
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success_message)
            url = success_url(saved) if callable(success_url) else success_url
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    if request.htmx:
        template += "#finance-form"
    return render(request, template, {"form": form, **context})
