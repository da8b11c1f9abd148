"""Typed request for views behind LoginRequiredMiddleware."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from suivi.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What a view receives once the login middleware has let the request in:
    `user` is a real account and django-htmx has attached `htmx`."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
