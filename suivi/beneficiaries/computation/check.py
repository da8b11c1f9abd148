"""A definition checked against the service catalogue.

`spec.parse` checks a definition's shape; this checks what it names: a
service type that does not exist (or is retired), a detail the type does not
declare, a value the detail does not allow, an organisation that does not
record the type. A typo would otherwise show as a plausible 0 on the
progress table. Each problem names its exact place in the definition
("events 2 › filters › attributes › outcome") in the user's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from suivi.beneficiaries import schema
from suivi.beneficiaries.computation.spec import parse

SEXES = {"women", "men"}


@dataclass(frozen=True)
class CatalogueEntry:
    """What a definition may name about one service type."""

    details: Mapping[str, schema.Detail]
    recorders: frozenset[str]  # organisation codes; empty: any partner
    retired: bool = False


@dataclass(frozen=True)
class Catalogue:
    types: Mapping[str, CatalogueEntry]
    organisations: frozenset[str]


def _place(*parts: object) -> str:
    return " › ".join(str(part) for part in parts)


class _Checker:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where} : {message}")

    def selection(self, raw: Mapping[str, Any], where: str) -> None:
        types = [str(code) for code in raw.get("types") or ()]
        known = []
        for code in types:
            entry = self.catalogue.types.get(code)
            if entry is None:
                self.error(
                    _place(where, _("types")), _("unknown service « %(code)s ».") % {"code": code}
                )
            elif entry.retired:
                self.error(
                    _place(where, _("types")),
                    _("« %(code)s » is retired: a new definition cannot count it.")
                    % {"code": code},
                )
            else:
                known.append(code)
        filters = raw.get("filters") or {}
        self.filters(filters, _place(where, _("filters")), known)

    def filters(self, filters: Mapping[str, Any], where: str, types: list[str]) -> None:
        organisations = [str(code) for code in filters.get("organisations") or ()]
        for code in organisations:
            if code not in self.catalogue.organisations:
                self.error(
                    _place(where, _("organisations")),
                    _("unknown organisation « %(code)s ».") % {"code": code},
                )
                continue
            for type_code in types:
                recorders = self.catalogue.types[type_code].recorders
                if recorders and code not in recorders:
                    self.error(
                        _place(where, _("organisations")),
                        _("« %(organisation)s » does not record « %(service)s ».")
                        % {"organisation": code, "service": type_code},
                    )
        sex = filters.get("sex")
        if sex and sex not in SEXES:
            self.error(_place(where, _("sex")), _("write women or men."))
        for name, expected in (filters.get("attributes") or {}).items():
            self.attribute(str(name), expected, _place(where, _("details"), name), types)
        related = filters.get("related")
        if related:
            # The related service's type is not named: the details must exist somewhere.
            everything = list(self.catalogue.types)
            for name in related.get("attributes") or {}:
                if not any(name in self.catalogue.types[c].details for c in everything):
                    self.error(
                        _place(where, _("related"), _("details"), name),
                        _("no service declares the detail « %(name)s ».") % {"name": name},
                    )
        preceded_by = filters.get("preceded_by")
        if preceded_by:
            self.selection(preceded_by, _place(where, _("preceded by")))

    def attribute(self, name: str, expected: Any, where: str, types: list[str]) -> None:
        values = expected if isinstance(expected, list) else [expected]
        for type_code in types:
            detail = self.catalogue.types[type_code].details.get(name)
            if detail is None:
                self.error(
                    where,
                    _("« %(service)s » has no detail « %(name)s ».")
                    % {"service": type_code, "name": name},
                )
                continue
            for value in values:
                if not _allowed(detail, value):
                    self.error(
                        where,
                        _("« %(value)s » is not a value of « %(name)s » (%(service)s).")
                        % {"value": value, "name": name, "service": type_code},
                    )


def _allowed(detail: schema.Detail, value: Any) -> bool:
    if detail.kind == "bool":
        return isinstance(value, bool)
    if detail.kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if detail.kind == "choice":
        # A retired value still counts the services that carry it.
        return detail.choice(value) is not None
    return isinstance(value, str)


def check(raw: dict[str, Any], catalogue: Catalogue) -> None:
    """Raise ValidationError listing every problem of `raw` (its shape, then
    what it names), each with its place; return quietly when it is sound."""
    parse(raw)
    checker = _Checker(catalogue)
    selections = raw["events"] if isinstance(raw["events"], list) else [raw["events"]]
    for index, selection in enumerate(selections, start=1):
        where = _("events %(n)d") % {"n": index} if len(selections) > 1 else _("events")
        checker.selection(selection, where)
    if raw.get("numerator"):
        checker.selection(raw["numerator"], _("numerator"))
    if checker.errors:
        raise ValidationError(checker.errors)
