"""Idle expiry without writing the session on every request.

A session lapses after SESSION_COOKIE_AGE seconds without activity. Django's
way (SESSION_SAVE_EVERY_REQUEST) writes the session row on every request;
on the embedded database each of those writes waits for the one writer's
lock, so a long import locked every signed-in page out. Here the session is
written only when its expiry is more than SESSION_RENEW_AFTER seconds old:
the idle timeout becomes "between AGE − RENEW_AFTER and AGE seconds", and a
user clicking around writes once a minute, not once a request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_renewed_at"


class IdleSessionMiddleware:
    """After Django's SessionMiddleware: mark an active session for saving
    when it was last renewed more than SESSION_RENEW_AFTER seconds ago."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        renewed_at = session.get(RENEWED_AT, 0)
        if session.modified or now - renewed_at >= settings.SESSION_RENEW_AFTER:
            # The session middleware saves it on the way out (it runs after
            # this one), which renews its expiry.
            session[RENEWED_AT] = now
        return response
