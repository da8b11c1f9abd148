"""Logging that never carries personal data.

The people recorded in Suivi are vulnerable migrants and refugees: a log line
must not contain a name, a document number or a phone number. Our own code
never logs such values, but frameworks do: Django logs request paths (with
their query strings, where a search term may sit) and exception messages
(a database error repeats the offending value). :class:`PersonalDataFilter`
therefore rewrites every record before any handler sees it:

* query strings are cut from URLs;
* exception *messages* are withheld, the exception type and stack are kept;
* string arguments of Suivi's own log calls are masked (only numbers,
  identifiers and dates may be interpolated);
* digit runs long enough to be a phone or document number, e-mail addresses and
  identity-document-like tokens are masked.

`build_logging` attaches the filter to every handler, so a handler added later
through the settings cannot forget it.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

REDACTED = "[redacted]"

_QUERY_STRING = re.compile(r"\?[^\s\"']*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, possibly separated by spaces, dots or dashes: phones
# (a Moroccan number has ten). Eight would also catch ISO dates.
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-]?\d){8,}")
# Letters followed by digits, as in residence-card and passport numbers (AB123456).
_DOCUMENT_NUMBER = re.compile(r"\b[A-Za-z]{1,3}\d{4,}\b")


def redact(text: str) -> str:
    """Return `text` with query strings, e-mails and long numbers masked."""
    text = _QUERY_STRING.sub("?" + REDACTED, text)
    text = _EMAIL.sub(REDACTED, text)
    text = _DOCUMENT_NUMBER.sub(REDACTED, text)
    return _LONG_NUMBER.sub(REDACTED, text)


def _format_exception_without_messages(exc: BaseException) -> str:
    """The stack of `exc` and its causes, with each exception's message withheld."""
    lines: list[str] = []
    for part in traceback.TracebackException.from_exception(exc).format():
        lines.append(part)
    text = "".join(lines)
    # Each "Type: message" line closes a chained traceback; keep only the type.
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = str(current)
        if message:
            text = text.replace(message, "[message withheld]")
        current = current.__cause__ or current.__context__
    return redact(text)


class PersonalDataFilter(logging.Filter):
    """Rewrite a record so that it holds no personal value; never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("suivi") and record.args:
            # Suivi's own messages may interpolate identifiers, counts and
            # dates, never text: a string argument could be a name.
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(REDACTED if isinstance(arg, str | bytes) else arg for arg in args)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record must still be logged, safely
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = _format_exception_without_messages(record.exc_info[1])
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        # Django attaches the request; a formatter could print its full path.
        if hasattr(record, "request"):
            record.request = None
        return True


class MemoryHandler(logging.Handler):
    """Keeps formatted records in memory; used by the tests to inspect output."""

    records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        MemoryHandler.records.append(self.format(record))


def build_logging(*, level: str = "INFO") -> dict[str, Any]:
    """The LOGGING dict: console output, with the personal-data filter on it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "suivi.core.logging.PersonalDataFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["personal_data"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": level, "propagate": False},
            "suivi": {"handlers": ["console"], "level": level, "propagate": False},
            "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
