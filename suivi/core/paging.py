"""Pages of a list whose cost does not grow with the table.

A list page shows `per_page` rows and the number of rows that match. Counting
every match of a million-row table takes as long as reading it, so the count
stops at `cap`: up to it the total is exact, beyond it the page says "more
than 1,000" and the reader narrows the filters (the export takes the same
filters and goes further). The pages are reachable up to the cap. A page
number that is not a number, below 1 or past the last page gives the first
or the last page, never an error: page numbers come from query strings
anyone can edit.

This module reads the querysets its callers (selectors) built and scoped; it
builds no query of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

PER_PAGE = 25
COUNT_CAP = 1_000
_DIGITS = 7  # a page number longer than this is past any last page

Row = TypeVar("Row")


def page_number(raw: object) -> int:
    """A page number from a query string: 1 for anything but digits."""
    text = str(raw or "").strip()
    if not text.isdigit() or not text.isascii():
        return 1
    if len(text) > _DIGITS:
        return 10**_DIGITS
    return max(int(text), 1)


@dataclass(frozen=True)
class ListPage(Generic[Row]):
    """One page of a list: its rows, where it stands, and the total."""

    rows: Sequence[Row]
    number: int
    per_page: int
    total: int  # exact when `capped` is False, else the cap
    capped: bool  # more rows match than were counted

    @property
    def num_pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def paginate(
    queryset: QuerySet[Any],
    raw_page: object,
    *,
    per_page: int = PER_PAGE,
    cap: int = COUNT_CAP,
) -> ListPage[Any]:
    """The page `raw_page` (as read from the query string) of `queryset`,
    which must be ordered, with its total counted up to `cap`. Two queries:
    the keys of the first `cap` + 1 rows in order (one pass down the index
    the order follows: they give the total and the page's keys at once), then
    the page's rows by key."""
    keys = list(queryset.values_list("pk", flat=True)[: cap + 1])
    capped = len(keys) > cap
    total = min(len(keys), cap)
    last = max((total + per_page - 1) // per_page, 1)
    number = min(page_number(raw_page), last)
    offset = (number - 1) * per_page
    wanted = keys[offset : offset + per_page]
    rows: list[Any] = []
    if wanted:
        found = {row.pk: row for row in queryset.filter(pk__in=wanted)}
        rows = [found[key] for key in wanted if key in found]
    return ListPage(rows=rows, number=number, per_page=per_page, total=total, capped=capped)


def with_rows(page: ListPage[Any], rows: Sequence[Row]) -> ListPage[Row]:
    """The same page holding `rows` (the selector's view of each row)."""
    return ListPage(
        rows=rows, number=page.number, per_page=page.per_page, total=page.total, capped=page.capped
    )
