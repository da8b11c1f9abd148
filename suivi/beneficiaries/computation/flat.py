"""A definition as rows of a sheet: (part, condition, value), one condition
per row — what the logframe workbook's « Définitions » sheet holds, so an
M&E officer edits a rule in Excel without writing JSON.

    règle                     mesure                   taux
    règle                     année                    fin d'année scolaire
    services 1                types                    training_enrolment
    services 1                centre ciblé             oui
    services 1 › précédé de   types                    exam_result
    services 1 › précédé de   détail passed            oui
    services 1 › service lié  centre ciblé             oui
    numérateur                types                    exam_result
    numérateur                lien                     lié

Services, organisations and detail values are written as their codes (the
catalogue workbook names them); several are separated by commas. `to_rows`
and `from_rows` are inverse on every definition `spec.parse` accepts whose
`preceded_by` and related conditions do not nest further; `canonical` is the
form both give back (defaults left out, a single selection not in a list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from suivi.beneficiaries import schema
from suivi.beneficiaries.computation.check import Catalogue

RULE = "règle"
SELECTION = "services"
NUMERATOR = "numérateur"
PRECEDED = "précédé de"
RELATED = "service lié"
ARROW = " › "

MEASURES = {"personnes": "persons", "services": "events", "taux": "rate"}
YEARS = {
    "service": "event",
    "début d'année scolaire": "school_year_start",
    "fin d'année scolaire": "school_year_end",
}
VIAS = {"lié": "related", "après": "after"}
SEXES = {"femmes": "women", "hommes": "men"}
YES = {"oui", "yes", "true", "vrai", "1", "x"}
NO = {"non", "no", "false", "faux", "0"}

# Condition keyword → filter key; `détail CODE` names an attribute.
FLAGS = {"centre ciblé": "centre_targeted", "métier technique": "trade_technical"}
DETAIL = "détail "


@dataclass(frozen=True)
class Row:
    part: str
    condition: str
    value: str
    number: int = 0  # the sheet's row, for the messages


@dataclass(frozen=True)
class Problem:
    number: int
    column: str  # "part", "condition" or "value"
    message: str


class FlatError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _word(mapping: Mapping[str, str], code: str) -> str:
    return next(word for word, known in mapping.items() if known == code)


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"


def _value_text(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(_yes(v) if isinstance(v, bool) else str(v) for v in values)


def _filter_rows(part: str, filters: Mapping[str, Any]) -> list[Row]:
    rows = []
    if filters.get("organisations"):
        rows.append(Row(part, "organisations", ", ".join(filters["organisations"])))
    for word, key in FLAGS.items():
        if key in filters:
            rows.append(Row(part, word, _yes(bool(filters[key]))))
    if filters.get("sex"):
        rows.append(Row(part, "sexe", _word(SEXES, filters["sex"])))
    for name, value in (filters.get("attributes") or {}).items():
        rows.append(Row(part, DETAIL + name, _value_text(value)))
    return rows


def _selection_rows(part: str, raw: Mapping[str, Any], *, numerator: bool = False) -> list[Row]:
    filters = raw.get("filters") or {}
    rows = [Row(part, "types", ", ".join(raw["types"])), *_filter_rows(part, filters)]
    if numerator:
        rows.append(Row(part, "lien", _word(VIAS, raw.get("via", "related"))))
    if filters.get("preceded_by"):
        preceded = filters["preceded_by"]
        rows += _selection_rows(part + ARROW + PRECEDED, preceded)
    if filters.get("related"):
        rows += _filter_rows(part + ARROW + RELATED, filters["related"])
    return rows


def to_rows(spec: Mapping[str, Any]) -> list[Row]:
    """The rows saying `spec` (a definition `spec.parse` accepts)."""
    rows = [Row(RULE, "mesure", _word(MEASURES, spec["measure"]))]
    if spec.get("year", "event") != "event":
        rows.append(Row(RULE, "année", _word(YEARS, spec["year"])))
    if spec.get("first_only"):
        rows.append(Row(RULE, "première fois seulement", "oui"))
    events = spec["events"] if isinstance(spec["events"], list) else [spec["events"]]
    for index, selection in enumerate(events, start=1):
        rows += _selection_rows(f"{SELECTION} {index}", selection)
    if spec.get("numerator"):
        rows += _selection_rows(NUMERATOR, spec["numerator"], numerator=True)
    return rows


def codes(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


class _Reader:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.problems: list[Problem] = []

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.append(Problem(row.number, column, message))

    def flag(self, row: Row) -> bool | None:
        word = row.value.strip().lower()
        if word in YES or word in NO:
            return word in YES
        self.problem(row, "value", _("Write oui or non."))
        return None

    def choice(self, row: Row, mapping: Mapping[str, str]) -> str | None:
        word = row.value.strip().lower()
        if word in mapping:
            return mapping[word]
        if word in mapping.values():
            return word
        self.problem(
            row,
            "value",
            _("Write one of: %(words)s.") % {"words": ", ".join(f"« {w} »" for w in mapping)},
        )
        return None

    def detail_value(self, row: Row, name: str, types: list[str]) -> Any:
        details = [
            entry.details[name]
            for code in types
            if (entry := self.catalogue.types.get(code)) and name in entry.details
        ]
        kind = details[0].kind if details else schema.KINDS[0]
        values: list[Any] = []
        for text in codes(row.value):
            if kind == "bool":
                word = text.lower()
                if word not in YES and word not in NO:
                    self.problem(row, "value", _("Write oui or non."))
                    continue
                values.append(word in YES)
            elif kind == "number" and re.fullmatch(r"-?\d+", text):
                values.append(int(text))
            else:
                values.append(text)
        if not values:
            self.problem(row, "value", _("Give at least one value."))
        return values[0] if len(values) == 1 else values

    def filters(
        self, rows: list[Row], types: list[str], *, numerator: bool = False
    ) -> tuple[dict[str, Any], str]:
        filters: dict[str, Any] = {}
        via = "related"
        attributes: dict[str, Any] = {}
        for row in rows:
            condition = row.condition.strip().lower()
            if condition == "types":
                continue
            if condition == "organisations":
                filters["organisations"] = codes(row.value)
            elif condition in FLAGS:
                flag = self.flag(row)
                if flag is not None:
                    filters[FLAGS[condition]] = flag
            elif condition == "sexe":
                sex = self.choice(row, SEXES)
                if sex:
                    filters["sex"] = sex
            elif condition.startswith(DETAIL) and condition[len(DETAIL) :].strip():
                name = row.condition.strip()[len(DETAIL) :].strip()
                attributes[name] = self.detail_value(row, name, types)
            elif condition == "lien" and numerator:
                via = self.choice(row, VIAS) or via
            else:
                self.problem(
                    row, "condition", _("Unknown condition « %(c)s ».") % {"c": row.condition}
                )
        if attributes:
            filters["attributes"] = attributes
        return filters, via

    def selection(
        self, part: str, by_part: Mapping[str, list[Row]], *, numerator: bool = False
    ) -> dict[str, Any]:
        rows = by_part[part]
        types = [
            code
            for row in rows
            if row.condition.strip().lower() == "types"
            for code in codes(row.value)
        ]
        if not types:
            self.problem(rows[0], "condition", _("Name the services (a « types » row)."))
        filters, via = self.filters(rows, types, numerator=numerator)
        preceded = part + ARROW + PRECEDED
        if preceded in by_part:
            filters["preceded_by"] = self.selection(preceded, by_part)
        related = part + ARROW + RELATED
        if related in by_part:
            related_filters, _via = self.filters(by_part[related], [])
            filters["related"] = related_filters
        selection: dict[str, Any] = {"types": types}
        if filters:
            selection["filters"] = filters
        if numerator:
            selection["via"] = via
        return selection


def _parts(rows: Iterable[Row], reader: _Reader) -> dict[str, list[Row]]:
    by_part: dict[str, list[Row]] = {}
    for row in rows:
        part = ARROW.join(piece.strip().lower() for piece in re.split(r"›|>", row.part))
        base = part.split(ARROW)[0]
        known = base in (RULE, NUMERATOR) or re.fullmatch(rf"{SELECTION}( \d+)?", base)
        suffixes = part.split(ARROW)[1:]
        if not known or len(suffixes) > 1 or (suffixes and suffixes[0] not in (PRECEDED, RELATED)):
            reader.problem(row, "part", _("Unknown part « %(p)s ».") % {"p": row.part})
            continue
        if base == SELECTION:
            part = f"{SELECTION} 1" + part[len(SELECTION) :]
        by_part.setdefault(part, []).append(row)
    return by_part


def from_rows(rows: Iterable[Row], catalogue: Catalogue) -> dict[str, Any]:
    """The definition the rows say, in its canonical form; FlatError lists
    every problem with its row and column (what they name is checked
    against the catalogue afterwards, by `check`)."""
    reader = _Reader(catalogue)
    by_part = _parts(rows, reader)
    spec: dict[str, Any] = {}
    for row in by_part.get(RULE, []):
        condition = row.condition.strip().lower()
        if condition == "mesure":
            spec["measure"] = reader.choice(row, MEASURES)
        elif condition == "année":
            year = reader.choice(row, YEARS)
            if year and year != "event":
                spec["year"] = year
        elif condition == "première fois seulement":
            if reader.flag(row):
                spec["first_only"] = True
        else:
            reader.problem(
                row, "condition", _("Unknown condition « %(c)s ».") % {"c": row.condition}
            )
    first = next(iter(by_part.values()), [Row(RULE, "", "")])[0]
    if "measure" not in spec:
        reader.problem(first, "part", _("Say the measure (a « règle / mesure » row)."))
    numbers = sorted(
        int(part.split()[1]) for part in by_part if part.startswith(SELECTION) and ARROW not in part
    )
    selections = [reader.selection(f"{SELECTION} {n}", by_part) for n in numbers]
    if not selections:
        reader.problem(first, "part", _("Name the services counted (a « services 1 » part)."))
    spec["events"] = selections[0] if len(selections) == 1 else selections
    if NUMERATOR in by_part:
        spec["numerator"] = reader.selection(NUMERATOR, by_part, numerator=True)
    if reader.problems:
        raise FlatError(reader.problems)
    return _ordered(spec)


def _ordered(spec: dict[str, Any]) -> dict[str, Any]:
    order = ("measure", "events", "year", "first_only", "numerator")
    return {key: spec[key] for key in order if key in spec}


def canonical(spec: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """`spec` as the sheet and the form give it back: two ways of writing
    the same rule compare equal (a re-import changes nothing)."""
    return from_rows(to_rows(spec), catalogue)
