"""The sentinel test: personal values never reach a log handler.

A sentinel name, phone and document number are pushed through a create, a
search, a failed sign-in and an unhandled error; every record any configured
handler received (the test settings add an in-memory handler beside the
console, with the same filter) is then searched for them.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from suivi.accounts import selectors
from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import OrganisationFactory, member
from suivi.core.logging import MemoryHandler, PersonalDataFilter, redact

pytestmark = pytest.mark.django_db

SENTINEL_NAME = "Qwertzuiopa"
SENTINEL_PHONE = "+212 6 61 23 45 67"
SENTINEL_DOCUMENT = "AB1234567"
SENTINELS = [SENTINEL_NAME, SENTINEL_PHONE, SENTINEL_DOCUMENT, "661234567"]


def _assert_clean():
    assert MemoryHandler.records, "the test must have produced log records"
    for line in MemoryHandler.records:
        for sentinel in SENTINELS:
            assert sentinel not in line, f"{sentinel!r} reached a log handler: {line!r}"


def test_sentinel_never_reaches_a_handler(client, monkeypatch):
    organisation = OrganisationFactory()
    focal_point = member(Role.PARTNER_FOCAL_POINT, organisation)
    client.force_login(focal_point)

    # Create: a member whose name is the sentinel.
    response = client.post(
        reverse("accounts:member_create", args=[organisation.pk]),
        {
            "first_name": SENTINEL_NAME,
            "last_name": SENTINEL_DOCUMENT,
            "username": "sentinel",
            "email": "sentinel@example.invalid",
            "role": Role.PARTNER_CASE_WORKER,
            "preferred_language": "fr",
            "password": "Long-enough-passphrase-9",
        },
    )
    assert response.status_code == 302

    # Search: the sentinel in a query string (logged by django.request on 404).
    client.get(f"/nowhere/?q={SENTINEL_NAME}&phone={SENTINEL_PHONE}")
    client.get(reverse("accounts:organisation_list"), {"q": SENTINEL_NAME})

    # A failed sign-in with the sentinel as username (axes logs failures).
    Client().post(
        reverse("accounts:login"), {"username": SENTINEL_NAME, "password": SENTINEL_PHONE}
    )

    # Error path: an unhandled exception whose message carries the values.
    def explode(*args, **kwargs):
        raise ValueError(f"cannot show {SENTINEL_NAME} {SENTINEL_PHONE} {SENTINEL_DOCUMENT}")

    monkeypatch.setattr(selectors, "search_organisations", explode)
    client.raise_request_exception = False
    assert client.get(reverse("accounts:organisation_list")).status_code == 500

    # And our own code logging carelessly.
    logging.getLogger("suivi.test").warning("calling %s at %s", SENTINEL_NAME, SENTINEL_PHONE)

    _assert_clean()
    assert any("ValueError" in line for line in MemoryHandler.records)


def test_every_configured_handler_carries_the_filter():
    handlers = set(logging.getLogger().handlers)
    for name in ("django", "django.request", "django.server", "suivi", "axes"):
        handlers |= set(logging.getLogger(name).handlers)
    # pytest's own capture handlers are not part of the configuration.
    handlers = {h for h in handlers if not type(h).__module__.startswith("_pytest")}
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("GET /personnes/?q=Amina", "GET /personnes/?[redacted]"),
        ("call 0661234567", "call [redacted]"),
        ("card AB123456 expired", "card [redacted] expired"),
        ("mail x.y@example.org", "mail [redacted]"),
        ("2026-11-22 status 404", "2026-11-22 status 404"),
    ],
)
def test_redact(raw, kept):
    assert redact(raw) == kept


def test_chained_exception_messages_are_withheld_but_types_kept():
    record = logging.LogRecord("suivi", logging.ERROR, __file__, 1, "failed", (), None)
    try:
        try:
            raise ValueError(f"duplicate key (family_name)=({SENTINEL_NAME})")
        except ValueError as inner:
            raise RuntimeError(f"import failed for {SENTINEL_DOCUMENT}") from inner
    except RuntimeError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    PersonalDataFilter().filter(record)
    assert "ValueError" in record.exc_text and "RuntimeError" in record.exc_text
    assert SENTINEL_NAME not in record.exc_text
    assert SENTINEL_DOCUMENT not in record.exc_text
