"""Registers: lists of records an app declares once and gets the same pages
for — a list (filters, pagination, count), a detail with its history, an
HTMX form and an xlsx export (`register_views`, `register_forms`).

A `Register` describes one list: its URL segment, titles, the fields of its
form, its columns (each a label and a function of the record and a
`CellContext`), its filters and the service that saves a record. Core knows
no domain app: the selectors, services and policies come in through the
register (its `save`) and the app's `RegisterSite` (`register_views`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.http import Http404
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from suivi.core.actors import Actor
from suivi.core.tabular import append_row


@dataclass(frozen=True)
class CellContext:
    """What a cell may need besides its record: the day the page is shown
    (an action past its deadline on that day is late)."""

    today: date


Cell = Callable[[Any, CellContext], object]


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Cell


@dataclass(frozen=True)
class Register:
    kind: str
    slug: str
    title: str | Promise
    singular: str | Promise
    # The model's fields the form edits, in order.
    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    # Filters on the model's fields (choices, booleans, organisations; "year"
    # an integer field), a path through relations allowed ("meeting__kind").
    filters: tuple[str, ...]
    # The service that saves a record: (actor, record or None, cleaned data).
    save: Callable[[Actor, Any, dict[str, Any]], Any]
    # A "year" filter on this date field, just after the intervention.
    year_field: str = ""
    # Filter on records with an open action past its deadline.
    late_filter: bool = False
    # Where the record's intervention is, for the intervention filter.
    intervention_path: str = "intervention"
    # More sheets of the export: (workbook, the exported records).
    more_sheets: Callable[[Any, list[Any]], None] | None = None

    def cells(self, record: Any, context: CellContext) -> list[tuple[str | Promise, object]]:
        """The record's columns as a page shows them (label, shown value)."""
        return [(column.label, shown(column.value(record, context))) for column in self.columns]


class Catalogue:
    """The registers of one app, found by URL segment or by kind."""

    def __init__(self, registers: Iterable[Register]) -> None:
        self.registers = tuple(registers)
        self.kinds = {register.kind: register for register in self.registers}
        self.slugs = {register.slug: register for register in self.registers}

    def by_slug(self, slug: str) -> Register:
        """The register at this URL segment; an unknown one is a 404."""
        try:
            return self.slugs[slug]
        except KeyError:
            raise Http404 from None


def attr(path: str) -> Cell:
    """A cell reading a dotted attribute path; blank where a link is missing."""

    def read(record: Any, context: CellContext) -> object:
        value: Any = record
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return "" if value is None else value

    return read


def display(name: str) -> Cell:
    """A cell showing a choice field's label."""
    return lambda record, context: getattr(record, f"get_{name}_display")()


def shown(value: object) -> object:
    """A cell as a page shows it (an export keeps the raw value)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


def workbook(register: Register, records: Iterable[Any], context: CellContext) -> tuple[bytes, int]:
    """The register as an xlsx workbook — the columns of its list, one row per
    record, every cell written through `suivi.core.tabular` (a text never
    becomes a formula; dates and numbers keep their types), then the
    register's `more_sheets` — and how many records it holds."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(register.title)[:31]
    append_row(sheet, [column.label for column in register.columns])
    kept = []
    for item in records:
        append_row(sheet, [column.value(item, context) for column in register.columns])
        kept.append(item)
    if register.more_sheets is not None:
        register.more_sheets(book, kept)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(kept)
