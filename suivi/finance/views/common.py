"""What the finance pages share: the intervention from the URL, and a form
posted (with HTMX or not) to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import partial, submit
from suivi.finance.selectors.budgets import finance_intervention
from suivi.programmes.models import Intervention

PAGE_SIZE = 50


def intervention(request: AuthenticatedHttpRequest, code: str) -> Intervention:
    return or_404(finance_intervention(request.user, code))


def form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success_url: str | Callable[[Any], str],
    success_message: str,
    context: dict[str, Any],
    template: str = "finance/form.html",
) -> HttpResponse:
    """Render `form`; on a valid POST call `save(cleaned_data)` (a service)
    and go to `success_url` (`suivi.core.register_views.submit`). A service's
    refusal shows on the form; an HTMX post gets its form back, or a client
    redirect once saved."""
    answer = submit(
        request,
        form,
        save=save,
        success_url=success_url,
        success_message=success_message,
        htmx_redirect=HttpResponseClientRedirect,
    )
    if answer is not None:
        return answer
    return render(request, partial(request, template, "finance-form"), {"form": form, **context})
