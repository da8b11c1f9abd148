"""Synthetic persons and services for the benchmarks, written with raw SQL.

`bench/run.py`'s `_generate` builds model instances and saves them with the ORM's
`bulk_create`: about 18 s per 100,000 services, far too slow at the sizes the
benchmarks need (1M services on SQLite, 10M on PostgreSQL). `generate` writes the
same data without model instances: `COPY ... FROM STDIN` on PostgreSQL, `executemany`
of plain INSERTs on SQLite, both in one transaction, streamed in chunks so that
memory stays bounded whatever the size. While the database stores one chunk, the
next one is generated (a second thread: the database driver waits without the GIL).

The data is `_generate`'s: for the same seed the random draws are made in the same
order and give the same persons and services. Only the keys differ: `_generate` takes
them from `uuid.uuid4()`, here they come from a second generator seeded from `seed`, so
that a run is reproducible. Raw SQL skips no rule the computation relies on: `save()`
and signals are bypassed by `bulk_create` too. Every column the code does not set gets
the value the ORM would give it (its default, "" or NULL, now for auto dates), so a
column added to the models later is filled, or the run stops, naming it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, Self

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

ORGANISATIONS = ["en", "anapec", "amappe", "care", "remess"]
# In `_generate`'s order: the position a draw picks must name the same type.
EVENT_CODES = [
    "information_session",
    "training_enrolment",
    "anapec_registration",
    "job_search_support",
    "self_employment_support",
    "referral",
    "scholarship",
    "exam_result",
    "job_placement",
]
FIRST_DAY = date(2018, 1, 1)
REGISTRATION_DAYS = 1000  # registrations over 2018-01-01 … 2020-09-26
EVENT_DAYS = 400  # a service within 400 days of the registration…
LAST_DAY = date(2020, 12, 31)  # …and not after the end of 2020

CHUNK_EVENTS = 100_000  # services generated, then written, at a time
PROGRESS_EVERY = 1_000_000  # services between two progress messages
SQLITE_CACHE_KIB = 128 * 1024  # SQLite's page cache while writing (default: 2 MiB)

# The columns written from generated values, in the order of the generated rows;
# every other concrete column gets a constant (see `_table`).
PERSON_FIELDS = (
    "id",
    "identity_key",
    "organisation",
    "registered_on",
    "given_name",
    "family_name",
    "sex",
    "category",
    "birth_year",
    "nationality",
    "partner_record_id",
)
EVENT_FIELDS = (
    "id",
    "person",
    "event_type",
    "organisation",
    "occurred_on",
    "centre",
    "attributes",
)

# How an event type's attributes vary: not, with the school year, or with a draw.
_FIXED, _SCHOOL_YEAR, _EXAM, _PLACEMENT = range(4)

# A random (version 4) UUID from 128 random bits, as 32 hexadecimal digits: how
# Django stores a UUID on SQLite, and a form PostgreSQL's uuid type accepts.
_UUID_KEEP = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)

PersonRow = tuple[Any, ...]
EventRow = tuple[str, ...]
Chunk = tuple[list[PersonRow], list[EventRow]]


def generate(
    persons: int,
    events_per_person: int,
    seed: int = 1,
    progress: Callable[[str], object] = print,
) -> None:
    """Insert `persons` synthetic persons with `events_per_person` services each.

    Needs the organisations, the "category" dimension, the event types and the
    centres already loaded (as `bench/run.py` does). Reports through `progress`
    about every million services.
    """
    from suivi.beneficiaries.models import JourneyEvent, Person

    now = timezone.now()
    people, events = _table(Person, PERSON_FIELDS, now), _table(JourneyEvent, EVENT_FIELDS, now)
    writer: _Writer
    if connection.vendor == "postgresql":
        writer = _PostgresWriter(people, events)
    elif connection.vendor == "sqlite":
        writer = _SqliteWriter(people, events)
    else:
        raise NotImplementedError(f"no bulk writer for {connection.vendor}")
    chunks = _rows(persons, events_per_person, seed, **_references())

    written_persons = written_events = 0
    next_report = PROGRESS_EVERY
    # On leaving, the pool waits for the chunk being written before the
    # transaction ends (committed, or rolled back on an error).
    with transaction.atomic(), writer, ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[None] | None = None
        for person_rows, event_rows in chunks:
            # The previous chunk was written while this one was generated: wait
            # for it, the connection takes one statement at a time.
            if pending is not None:
                pending.result()
            pending = pool.submit(writer.write, person_rows, event_rows)
            written_persons += len(person_rows)
            written_events += len(event_rows)
            if written_events >= next_report:
                progress(f"{written_persons:,} persons, {written_events:,} services generated")
                next_report += PROGRESS_EVERY
        if pending is not None:
            pending.result()
    progress(f"{written_persons:,} persons, {written_events:,} services written")


def _references() -> dict[str, Any]:
    """The keys generated rows point to, as stored (str), in `_generate`'s order."""
    from suivi.accounts.models import Organisation
    from suivi.beneficiaries.models import Centre, EventType
    from suivi.indicators.models import DimensionValue

    def keys(queryset: models.QuerySet[Any], what: str) -> list[str]:
        found = [pk.hex for pk in queryset.values_list("pk", flat=True)]
        if not found:
            raise ImproperlyConfigured(f"no {what}: load the reference data first")
        return found

    types = dict(EventType.objects.values_list("code", "pk"))
    missing = sorted(set(EVENT_CODES) - set(types))
    if missing:
        raise ImproperlyConfigured(f"missing event types: {', '.join(missing)}")
    return {
        "organisations": keys(Organisation.objects.filter(code__in=ORGANISATIONS), "organisation"),
        "categories": keys(DimensionValue.objects.filter(dimension__code="category"), "category"),
        "event_types": [types[code].hex for code in EVENT_CODES],
        "centres": keys(Centre.objects.all(), "centre"),
    }


def _rows(
    persons: int,
    events_per_person: int,
    seed: int,
    *,
    organisations: Sequence[str],
    categories: Sequence[str],
    event_types: Sequence[str],
    centres: Sequence[str],
) -> Iterator[Chunk]:
    """Chunks of person and service rows, values in `*_FIELDS` order.

    Every value is a str except the birth year (an int); none holds a backslash,
    tab or newline, so they go to PostgreSQL's COPY text format as they are.
    """
    rng = random.Random(seed)  # noqa: S311 — synthetic data
    keys = random.Random(f"bench.generate keys {seed}")  # noqa: S311
    randrange, choice, randint, draw = rng.randrange, rng.choice, rng.randint, rng.random
    bits = keys.getrandbits

    # Every day a registration or a service can fall on: its text (capped at the
    # end of 2020) and, uncapped, its year (the school year of an enrolment).
    days = [FIRST_DAY + timedelta(days=n) for n in range(REGISTRATION_DAYS + EVENT_DAYS)]
    day_text = [min(day, LAST_DAY).isoformat() for day in days]
    day_year = [day.year for day in days]

    def dump(value: dict[str, Any]) -> str:
        text = json.dumps(value)  # what JSONField stores on SQLite
        if any(char in text for char in "\\\t\n\r"):
            raise ValueError(f"would need escaping for COPY: {text}")
        return text

    years = range(FIRST_DAY.year, days[-1].year + 1)
    attributes: dict[str, tuple[int, Any]] = {
        "training_enrolment": (
            _SCHOOL_YEAR,
            {y: dump({"school_year": f"{y}-{y + 1}"}) for y in years},
        ),
        "scholarship": (
            _SCHOOL_YEAR,
            {
                y: dump({"school_year": f"{y}-{y + 1}", "grid_score": 9, "eligible": True})
                for y in years
            },
        ),
        "exam_result": (_EXAM, {b: dump({"passed": b}) for b in (False, True)}),
        "referral": (_FIXED, dump({"to": "anapec", "purpose": "employment"})),
        "self_employment_support": (
            _FIXED,
            dump({"phase": "post_creation", "outcome": "auto_entrepreneur_card"}),
        ),
        "job_placement": (_PLACEMENT, {b: dump({"contrat_aide": b}) for b in (False, True)}),
    }
    kinds = [
        (type_pk, *attributes.get(code, (_FIXED, dump({}))))
        for code, type_pk in zip(EVENT_CODES, event_types, strict=True)
    ]
    sexes = ["women", "men"]

    per_chunk = max(1, CHUNK_EVENTS // max(1, events_per_person))
    for start in range(0, persons, per_chunk):
        people: list[PersonRow] = []
        events: list[EventRow] = []
        add_person, add_event = people.append, events.append
        for n in range(start, min(start + per_chunk, persons)):
            pk = f"{(bits(128) & _UUID_KEEP) | _UUID_SET:032x}"
            registered = randrange(REGISTRATION_DAYS)
            organisation = choice(organisations)
            add_person(
                (
                    pk,
                    pk,
                    organisation,
                    day_text[registered],
                    f"G{n % 997}",
                    f"F{n % 7919}",
                    choice(sexes),
                    choice(categories),
                    randint(1970, 2003),
                    "SN",
                    f"B{n}",
                )
            )
            for _ in range(events_per_person):
                event_type, kind, values = choice(kinds)
                day = registered + randrange(EVENT_DAYS)
                # `_generate` draws both, whatever the type (one dict literal).
                passed = draw() < 0.5
                contrat_aide = draw() < 0.3
                if kind == _FIXED:
                    details = values
                elif kind == _SCHOOL_YEAR:
                    details = values[day_year[day]]
                elif kind == _EXAM:
                    details = values[passed]
                else:
                    details = values[contrat_aide]
                add_event(
                    (
                        f"{(bits(128) & _UUID_KEEP) | _UUID_SET:032x}",
                        pk,
                        event_type,
                        organisation,
                        day_text[day],
                        choice(centres),
                        details,
                    )
                )
        yield people, events


class _Table(NamedTuple):
    name: str
    columns: list[str]  # the generated ones first, in the order of the rows' values
    constants: tuple[Any, ...]  # the values of the other columns, as the driver takes them


def _table(model: type[models.Model], generated: Sequence[str], now: datetime) -> _Table:
    """The model's table, and a value for each column the rows do not give.

    That value is what the ORM stores when the code leaves the field unset: its
    default, "" or NULL, the current time for `auto_now(_add)` dates.
    """
    meta = model._meta
    fields = {field.name: field for field in meta.concrete_fields}
    columns = [fields.pop(name).column for name in generated]
    constants = []
    value: Any
    for field in fields.values():
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now if isinstance(field, models.DateTimeField) else now.date()
        else:
            value = field.get_default()
        if value is None and not field.null:
            raise ImproperlyConfigured(
                f"{model.__name__}.{field.name}: no value to give this NOT NULL column"
            )
        if isinstance(field, models.JSONField):
            value = json.dumps(value)  # the text form both backends accept
        else:
            value = field.get_db_prep_save(value, connection)
        columns.append(field.column)
        constants.append(value)
    return _Table(meta.db_table, columns, tuple(constants))


class _Writer:
    """Writes chunks of rows; entered and left inside the transaction."""

    def __init__(self, people: _Table, events: _Table) -> None:
        self.people, self.events = people, events

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def write(self, people: list[PersonRow], events: list[EventRow]) -> None:
        raise NotImplementedError


class _SqliteWriter(_Writer):
    """Plain INSERTs, many rows per call, straight to the sqlite3 connection."""

    def __enter__(self) -> Self:
        self.raw = connection.connection
        self.person_sql, self.event_sql = _insert(self.people), _insert(self.events)
        # Random keys make every index insertion touch a random page: with
        # SQLite's default 2 MiB page cache, they are read back from disk.
        (self.cache_size,) = self.raw.execute("PRAGMA cache_size").fetchone()
        self.raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.raw.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def write(self, people: list[PersonRow], events: list[EventRow]) -> None:
        person_constants, event_constants = self.people.constants, self.events.constants
        self.raw.executemany(self.person_sql, (row + person_constants for row in people))
        self.raw.executemany(self.event_sql, (row + event_constants for row in events))


def _insert(table: _Table) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608


class _PostgresWriter(_Writer):
    """COPY in text format: one tab-separated line per row."""

    def __enter__(self) -> Self:
        self.cursor = connection.cursor()
        # Foreign keys checked at the end of each COPY rather than all at the
        # commit: a deferred check waits in the server's memory, one per row.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.person_sql, self.event_sql = _copy(self.people), _copy(self.events)
        self.person_end = _copy_suffix(self.people.constants)
        self.event_end = _copy_suffix(self.events.constants)
        return self

    def __exit__(self, *exc_info: object) -> None:
        # Back to Django's setting, for the rest of an enclosing transaction.
        if exc_info[0] is None:
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.cursor.close()

    def write(self, people: list[PersonRow], events: list[EventRow]) -> None:
        person_end, event_end = self.person_end, self.event_end
        self._copy(self.person_sql, ("\t".join(map(str, row)) + person_end for row in people))
        self._copy(self.event_sql, ("\t".join(row) + event_end for row in events))

    def _copy(self, sql: str, lines: Iterable[str]) -> None:
        with self.cursor.cursor.copy(sql) as copy:
            copy.write("".join(lines))


def _copy(table: _Table) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in table.columns)
    return f"COPY {quote(table.name)} ({names}) FROM STDIN"


def _copy_suffix(constants: tuple[Any, ...]) -> str:
    """The end of every line: the constant columns in COPY's text format."""
    return "".join("\t" + _copy_text(value) for value in constants) + "\n"


def _copy_text(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    for char, escaped in (("\\", "\\\\"), ("\t", r"\t"), ("\n", r"\n"), ("\r", r"\r")):
        text = text.replace(char, escaped)
    return text
