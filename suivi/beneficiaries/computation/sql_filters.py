# ruff: noqa: S608 — statements are assembled from model table and column names and
# compiler aliases; every value is a parameter.
"""The filters of a definition as SQL conditions on one journey event (see sql.py).

Each function returns a fragment with ``%s`` placeholders and its parameters,
in order: values are never written into the statement (table and column names
come from the models, aliases from the compiler). The same conditions are
written for PostgreSQL (``jsonb`` operators) and SQLite (JSON1 functions), so
that both backends decide exactly as `engine.matches` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from django.db import connection

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import EventType, JourneyEvent, Person, TargetingPeriod, Trade
from suivi.indicators.models import DimensionValue

Fragment = tuple[str, list[Any]]
FALSE = "1 = 0"


def table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def column(model: Any, name: str) -> str:
    return str(connection.ops.quote_name(model._meta.get_field(name).column))


def placeholders(values: Iterable[Any]) -> str:
    return ", ".join("%s" for _ in values)


def postgres() -> bool:
    return connection.vendor == "postgresql"


def key(value: Any) -> Any:
    """A UUID as the backend takes it in a raw statement (hex on SQLite)."""
    return value if postgres() else value.hex


@dataclass
class Aliases:
    """Fresh table aliases for nested subqueries (related, preceded_by)."""

    numbers: count[int] = field(default_factory=lambda: count(1))

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self.numbers)}"


class Names:
    """Quoted table and column names, read from the models once per statement."""

    def __init__(self) -> None:
        self.events = table(JourneyEvent)
        self.persons = table(Person)
        self.types = table(EventType)
        self.organisations = table(Organisation)
        self.periods = table(TargetingPeriod)
        self.trades = table(Trade)
        self.values = table(DimensionValue)
        self.e = {
            name: column(JourneyEvent, name)
            for name in (
                "id",
                "person",
                "event_type",
                "organisation",
                "occurred_on",
                "centre",
                "trade",
                "related_event",
                "attributes",
                "import_batch",
                "created_at",
            )
        }
        self.p = {
            name: column(Person, name)
            for name in (
                "id",
                "identity_key",
                "sex",
                "category",
                "registered_on",
                "created_at",
                "import_batch",
            )
        }


def event_source(n: Names, e: str, p: str) -> str:
    """A published event `e` with its person `p` (hidden or not, as the
    Python engine reads `person__identity_key` through the foreign key)."""
    return (
        f"{n.events} {e} JOIN {n.persons} {p} ON {p}.{n.p['id']} = {e}.{n.e['person']}"
        f" AND {e}.{n.e['import_batch']} IS NULL"
    )


def types_condition(n: Names, e: str, types: Iterable[str]) -> Fragment:
    codes = list(types)
    if not codes:
        return FALSE, []
    return (
        f"{e}.{n.e['event_type']} IN (SELECT t.id FROM {n.types} t"
        f" WHERE t.code IN ({placeholders(codes)}))",
        codes,
    )


def conditions(n: Names, aliases: Aliases, e: str, p: str, filters: dict[str, Any]) -> Fragment:
    """The filters of a selection on event `e` of person `p`, as `matches` reads them."""
    parts: list[str] = []
    params: list[Any] = []

    def add(fragment: Fragment) -> None:
        parts.append(fragment[0])
        params.extend(fragment[1])

    organisations = filters.get("organisations")
    if organisations:
        add(
            (
                f"{e}.{n.e['organisation']} IN (SELECT o.id FROM {n.organisations} o"
                f" WHERE o.code IN ({placeholders(organisations)}))",
                list(organisations),
            )
        )
    if filters.get("centre_targeted"):
        on = f"{e}.{n.e['occurred_on']}"
        add(
            (
                # Targeted on the service's date: inside one of the centre's periods.
                f"EXISTS (SELECT 1 FROM {n.periods} tp WHERE tp.centre_id = {e}.{n.e['centre']}"
                f" AND tp.starts_on <= {on} AND (tp.ends_on IS NULL OR {on} <= tp.ends_on))",
                [],
            )
        )
    if filters.get("trade_technical"):
        add(
            (
                f"{e}.{n.e['trade']} IN (SELECT r.id FROM {n.trades} r WHERE r.is_technical = %s)",
                [True],
            )
        )
    sex = filters.get("sex")
    if sex:
        add((f"{p}.{n.p['sex']} = %s", [sex]))
    for name, expected in (filters.get("attributes") or {}).items():
        allowed = expected if isinstance(expected, list) else [expected]
        add(attribute_condition(f"{e}.{n.e['attributes']}", str(name), allowed))
    related = filters.get("related")
    if related:
        r, rp = aliases.new("r"), aliases.new("rp")
        inner, inner_params = conditions(n, aliases, r, rp, related)
        add(
            (
                f"EXISTS (SELECT 1 FROM {event_source(n, r, rp)}"
                f" WHERE {r}.{n.e['id']} = {e}.{n.e['related_event']} AND {inner})",
                inner_params,
            )
        )
    preceded_by = filters.get("preceded_by")
    if preceded_by:
        add(earlier_match(n, aliases, e, p, preceded_by))
    return (" AND ".join(f"({part})" for part in parts) or "1 = 1"), params


def earlier_match(n: Names, aliases: Aliases, e: str, p: str, raw: dict[str, Any]) -> Fragment:
    """``preceded_by``: the same identity matched the selection on or before
    the event's date (the earliest such date is ≤ it, as `Precedence` says)."""
    q, qp = aliases.new("q"), aliases.new("qp")
    types_sql, types_params = types_condition(n, q, raw.get("types") or [])
    inner, inner_params = conditions(n, aliases, q, qp, raw.get("filters") or {})
    return (
        f"EXISTS (SELECT 1 FROM {event_source(n, q, qp)}"
        f" WHERE {qp}.{n.p['identity_key']} = {p}.{n.p['identity_key']}"
        f" AND {q}.{n.e['occurred_on']} <= {e}.{n.e['occurred_on']}"
        f" AND {types_sql} AND {inner})",
        types_params + inner_params,
    )


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def attribute_condition(attributes: str, name: str, allowed: list[Any]) -> Fragment:
    """``attributes.get(name) in allowed`` with Python's equality: a missing
    attribute equals None, ``True == 1 == 1.0`` and ``False == 0``, a string
    never equals a number."""
    if not allowed:
        return FALSE, []
    return (_postgres_attribute if postgres() else _sqlite_attribute)(attributes, name, allowed)


def _json_equals(value: Any) -> list[str]:
    """The JSON texts a stored value may have to equal `value` in Python."""
    texts = [json.dumps(value)]
    if isinstance(value, bool):
        texts.append("1" if value else "0")
    elif isinstance(value, int | float) and value in (0, 1):
        texts.append("true" if value == 1 else "false")
    return texts


def _postgres_attribute(attributes: str, name: str, allowed: list[Any]) -> Fragment:
    value = f"({attributes} -> %s)"
    parts: list[str] = []
    params: list[Any] = []
    texts = [text for item in allowed if item is not None for text in _json_equals(item)]
    if texts:
        # jsonb equality: numbers compare as numbers (1 = 1.0), arrays and
        # objects element by element.
        parts.append(f"{value} IN ({', '.join('%s::jsonb' for _ in texts)})")
        params += [name, *texts]
    if None in allowed:
        parts.append(f"{value} IS NULL OR {value} = 'null'::jsonb")
        params += [name, name]
    return " OR ".join(f"({part})" for part in parts), params


def _sqlite_attribute(attributes: str, name: str, allowed: list[Any]) -> Fragment:
    # A key is quoted in the path; a name holding a double quote cannot be
    # written in SQLite's JSON path syntax and matches nothing.
    if '"' in name:
        return (FALSE, []) if None not in allowed else ("1 = 1", [])
    path = f'$."{name}"'
    parts: list[str] = []
    params: list[Any] = []
    strings = [item for item in allowed if isinstance(item, str)]
    numbers = [int(i) if isinstance(i, bool) else i for i in allowed if isinstance(i, int | float)]
    nested = [json.dumps(item, separators=(",", ":")) for item in allowed if not _scalar(item)]
    if strings:
        parts.append(
            f"json_type({attributes}, %s) = 'text'"
            f" AND json_extract({attributes}, %s) IN ({placeholders(strings)})"
        )
        params += [path, path, *strings]
    if numbers:
        # json_extract gives true/false as 1/0, and SQLite compares 1 = 1.0.
        parts.append(
            f"json_type({attributes}, %s) IN ('integer', 'real', 'true', 'false')"
            f" AND json_extract({attributes}, %s) IN ({placeholders(numbers)})"
        )
        params += [path, path, *numbers]
    if nested:
        parts.append(
            f"json_type({attributes}, %s) IN ('array', 'object')"
            f" AND json_extract({attributes}, %s) IN ({placeholders(nested)})"
        )
        params += [path, path, *nested]
    if None in allowed:
        parts.append(f"json_extract({attributes}, %s) IS NULL")
        params.append(path)
    return " OR ".join(f"({part})" for part in parts), params


def school_year_start(n: Names, e: str) -> Fragment:
    """The first (up to) four characters of the event's ``school_year`` as a
    year when they are all digits (``"2019-2020"`` → 2019, ``"12"`` → 12),
    else NULL, as `engine._school_year_start` reads the value's text (ASCII
    digits: Python's ``isdigit`` also takes other scripts' digits, which the
    service catalogue's validation keeps out of a school year)."""
    if postgres():
        text = f"({e}.{n.e['attributes']} ->> %s)"
        return (
            f"CASE WHEN substr({text}, 1, 4) ~ %s THEN CAST(substr({text}, 1, 4) AS integer) END",
            ["school_year", "^[0-9]+$", "school_year"],
        )
    # json_extract gives true as 1, whose text Python writes "True".
    attributes = f"{e}.{n.e['attributes']}"
    text = (
        f"(CASE WHEN json_type({attributes}, %s) IN ('text', 'integer', 'real')"
        f" THEN CAST(json_extract({attributes}, %s) AS TEXT) END)"
    )
    path = '$."school_year"'
    return (
        f"CASE WHEN substr({text}, 1, 4) <> '' AND substr({text}, 1, 4) NOT GLOB %s"
        f" THEN CAST(substr({text}, 1, 4) AS INTEGER) END",
        [path, path, path, path, "*[^0-9]*", path, path],
    )


def event_year(n: Names, e: str) -> Fragment:
    if postgres():
        return f"CAST(EXTRACT(YEAR FROM {e}.{n.e['occurred_on']}) AS integer)", []
    return f"CAST(strftime(%s, {e}.{n.e['occurred_on']}) AS INTEGER)", ["%Y"]
