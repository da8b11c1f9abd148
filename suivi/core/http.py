"""Typed request for views behind LoginRequiredMiddleware."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from suivi.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """What a view receives once the login middleware has let the request in:
    `user` is a real account and django-htmx has attached `htmx`."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


T = TypeVar("T")


def or_404(found: T | None) -> T:
    """What a selector returned, or a 404 when it returned nothing: "does not
    exist" and "not yours" answer the same."""
    if found is None:
        raise Http404
    return found
