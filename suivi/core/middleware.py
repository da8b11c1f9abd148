from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from suivi.core import context


class RequestContextMiddleware:
    """Expose the client address to the audit trail for the request's duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # axes has already resolved the client address (honouring the proxy count).
        ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
        token = context.activate(context.RequestContext(ip_address=ip))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
