"""Running a service from a view: the one way POST views report outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

Result = TypeVar("Result")


def perform(request: HttpRequest, action: Callable[[], Result], success: str) -> Result | None:
    """Call `action` (a service); a refusal of rights is a 404 (what one may
    not change, one may not know about), a broken rule becomes an error
    message, and success a confirmation. Returns the service's result, or
    None when a rule refused it."""
    try:
        result = action()
    except PermissionDenied as denied:
        raise Http404 from denied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result
