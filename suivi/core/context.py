"""Who is acting, from where: set per request, read by the audit trail.

Services receive the acting user explicitly; the client address is transport
detail that services should not have to thread through every call, so the
request middleware puts it in a context variable. Outside a request (CLI,
task worker) it is empty.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None


# RequestContext is frozen, so sharing the default instance is safe.
_current: ContextVar[RequestContext] = ContextVar(
    "suivi_request_context",
    default=RequestContext(),  # noqa: B039
)


def current() -> RequestContext:
    return _current.get()


def activate(context: RequestContext) -> object:
    return _current.set(context)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
