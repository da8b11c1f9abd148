"""The details a service type declares: what each recorded service carries.

A service type's `attributes` is a list of JSON objects, one per detail::

    {"name": "channel",                       # the code, as in imports and definitions
     "type": "text" | "number" | "date" | "bool" | "choice",
     "required": false,
     "labels": {"fr": "Canal", "ar": "القناة", "en": "Channel"},
     "choices": [                             # choice details only
        {"value": "walk_in", "labels": {"fr": "Spontanément", …}, "retired": false}]}

French labels are required; Arabic and English fall back to French. A
choice in use by recorded services is never removed, only retired: a retired
choice is refused on new services but still read, labelled and counted on the
old ones (see `services.catalogue.put_service_type`).

This module parses and checks the document (`parse`) and gives the typed,
labelled view the forms, pages, imports and definitions read (`Detail`,
`Choice`); it holds no query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from suivi.core import text

KINDS = ("text", "number", "date", "bool", "choice")
LANGUAGE_NAMES = {
    "fr": gettext_lazy("French"),
    "ar": gettext_lazy("Arabic"),
    "en": gettext_lazy("English"),
}
KIND_LABELS = {
    "text": gettext_lazy("Text"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "bool": gettext_lazy("Yes / no"),
    "choice": gettext_lazy("Choice"),
}
LANGUAGES = ("fr", "ar", "en")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A value may start with a digit ("6" months, "12" months).
VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,39}$")
# Centres and trades: slugs ("en-rabat").
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def pick(labels: Mapping[str, str], fallback: str) -> str:
    """The label in the active language, else French, else `fallback`."""
    language = (get_language() or "fr")[:2]
    return labels.get(language) or labels.get("fr") or fallback


@dataclass(frozen=True)
class Choice:
    value: str
    labels: Mapping[str, str]
    retired: bool = False

    @property
    def label(self) -> str:
        return pick(self.labels, self.value)


@dataclass(frozen=True)
class Detail:
    """One declared detail of a service type."""

    name: str
    kind: str
    required: bool
    labels: Mapping[str, str]
    choices: tuple[Choice, ...] = ()

    @property
    def label(self) -> str:
        return pick(self.labels, self.name)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def missing_languages(self) -> list[str]:
        """The languages the detail or one of its values has no label in."""
        labels = [self.labels, *(c.labels for c in self.choices)]
        return [
            str(LANGUAGE_NAMES[lang])
            for lang in LANGUAGES
            if not all(item.get(lang) for item in labels)
        ]

    @property
    def open_choices(self) -> tuple[Choice, ...]:
        """The values a new service may take (retired ones excluded)."""
        return tuple(c for c in self.choices if not c.retired)

    def choice(self, value: Any) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def display(self, value: Any) -> str:
        """A recorded value as a user reads it: the choice's label, yes/no."""
        if self.kind == "bool":
            return _("Yes") if value else _("No")
        if self.kind == "choice":
            choice = self.choice(value)
            return choice.label if choice else str(value)
        if self.kind == "number" and isinstance(value, float) and value.is_integer():
            return str(int(value))  # stored as a float: 12 hours, not "12.0"
        return str(value)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "required": self.required,
            "labels": dict(self.labels),
        }
        if self.kind == "choice":
            data["choices"] = [
                {"value": c.value, "labels": dict(c.labels), "retired": c.retired}
                for c in self.choices
            ]
        return data


def _labels(raw: Any, where: str, errors: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    if not isinstance(raw, dict):
        raw = {}
    for language in LANGUAGES:
        value = raw.get(language) or ""
        try:
            labels[language] = text.clean_line(str(value))
        except ValidationError as error:
            errors.append(f"{where} ({language}) : {error.messages[0]}")
    if not labels.get("fr"):
        errors.append(_("%(where)s: the French label is missing.") % {"where": where})
    return labels


def _choices(raw: Any, where: str, errors: list[str]) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append(_("%(where)s: a choice detail lists its values.") % {"where": where})
        return ()
    seen: set[str] = set()
    result = []
    for item in raw:
        value = str(item.get("value", "")) if isinstance(item, dict) else ""
        place = f"{where} › {value or '?'}"
        if not VALUE.match(value):
            errors.append(
                _("%(where)s: a value's code is lower-case letters, digits and _.")
                % {"where": place}
            )
        elif value in seen:
            errors.append(_("%(where)s: this value is listed twice.") % {"where": place})
        seen.add(value)
        labels = _labels(item.get("labels") if isinstance(item, dict) else None, place, errors)
        retired = bool(item.get("retired")) if isinstance(item, dict) else False
        result.append(Choice(value, labels, retired))
    return tuple(result)


def parse(raw: Any) -> tuple[Detail, ...]:
    """The details of a declared list, or ValidationError listing every
    problem with its place (detail › value)."""
    if not isinstance(raw, list):
        raise ValidationError(_("The details are a list."))
    errors: list[str] = []
    details: list[Detail] = []
    names: set[str] = set()
    for item in raw:
        item = item if isinstance(item, dict) else {}
        name = str(item.get("name", ""))
        where = name or "?"
        if not CODE.match(name):
            errors.append(
                _("%(where)s: a detail's code is lower-case letters, digits and _.")
                % {"where": where}
            )
        elif name in names:
            errors.append(_("%(where)s: this detail is declared twice.") % {"where": where})
        names.add(name)
        kind = item.get("type")
        if kind not in KINDS:
            errors.append(
                _("%(where)s: unknown type « %(kind)s » (one of: %(kinds)s).")
                % {"where": where, "kind": kind, "kinds": ", ".join(KINDS)}
            )
        labels = _labels(item.get("labels"), where, errors)
        choices = _choices(item.get("choices"), where, errors) if kind == "choice" else ()
        details.append(Detail(name, str(kind), bool(item.get("required")), labels, choices))
    if errors:
        raise ValidationError(errors)
    return tuple(details)


def read(raw: Any) -> tuple[Detail, ...]:
    """The details of a stored (already checked) list, without re-checking."""
    return tuple(
        Detail(
            name=item["name"],
            kind=item["type"],
            required=bool(item.get("required")),
            labels=item.get("labels") or {},
            choices=tuple(
                Choice(c["value"], c.get("labels") or {}, bool(c.get("retired")))
                for c in item.get("choices") or ()
            ),
        )
        for item in raw or ()
    )
