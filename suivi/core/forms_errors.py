"""Showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """Put the messages of `error` (raised by a service) on `form`: those
    keyed by one of the form's fields next to that field (a model field the
    form calls otherwise through `rename`), the others (keyed by a name the
    form lacks, or not keyed at all) at the top of the form."""
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            field = (rename or {}).get(key, key)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
