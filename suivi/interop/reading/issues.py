"""What is wrong with a file: issues naming the sheet, row, column and reason.

A file with an issue on each of its rows must not become millions of objects
in the worker or a 600 MB job page: an `IssueList` keeps the first
`max_issues` issues and only counts the others, per sheet and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from suivi.interop.reading.limits import Limits


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}"
        if self.row:
            where += _(", row %(row)d") % {"row": self.row}
        if self.column:
            where += _(", column « %(column)s »") % {"column": self.column}
        return f"{where} : {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class IssueList:
    """Issues in the order found: the first `limits.max_issues` kept (their
    messages cut to `limits.max_message_chars`), the rest counted per sheet
    and column. `len()` is the number found, kept or not."""

    def __init__(self, issues: Iterable[Issue] = (), limits: Limits | None = None) -> None:
        self.limits = limits or Limits.from_settings()
        self.kept: list[Issue] = []
        self.more: Counter[tuple[str, str]] = Counter()
        self.total = 0
        for issue in issues:
            self.append(issue)

    def append(self, issue: Issue) -> None:
        self.total += 1
        if len(self.kept) < self.limits.max_issues:
            message = shorten(str(issue.message), self.limits.max_message_chars)
            self.kept.append(replace(issue, column=shorten(issue.column, 80), message=message))
        else:
            self.more[(issue.sheet, shorten(issue.column, 80))] += 1

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.append(Issue(sheet, row, column, message))

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.append(issue)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.kept)

    def sorted(self) -> IssueList:
        """The same issues, the kept ones in row order."""
        self.kept.sort(key=lambda issue: (issue.sheet, issue.row or 0))
        return self

    def beyond(self) -> list[dict[str, Any]]:
        """The issues not listed, counted per sheet and column, most first."""
        return [
            {"sheet": sheet, "column": column, "count": count}
            for (sheet, column), count in self.more.most_common()
        ]


class FileIssuesError(Exception):
    """The file has issues; nothing was written."""

    def __init__(self, issues: Iterable[Issue] | IssueList) -> None:
        self.issues = issues if isinstance(issues, IssueList) else IssueList(issues)
        super().__init__(f"{len(self.issues)} issue(s)")


class FileRefusedError(FileIssuesError):
    """The file is refused as a whole, for one reason (too large, not a
    spreadsheet, no data…), before or while it is read."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        super().__init__([Issue(sheet, row, column, message)])
        self.message = message


def describe(issues: IssueList) -> list[str]:
    """The issues as lines for a terminal: each listed one, then how many
    more there are per sheet and column."""
    lines = [str(issue) for issue in issues]
    for more in issues.beyond():
        lines.append(_("… and %(count)d more issues in %(sheet)s, column « %(column)s ».") % more)
    return lines
