"""Import a partner spreadsheet of persons, services or referrals: all or
nothing, within bounds, without locking other users out (docs/imports.md).

Pass 1 reads the whole file and checks every row against the reference lists
and the records already there, writing nothing: a file with issues is
refused with all of them (the first 200 listed, the others counted). Pass 2
reads the file again and writes it a chunk per short transaction, into an
import batch that nobody sees; the batch is published at the end in one
transaction, or discarded if anything fails on the way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suivi.accounts.models import Organisation
from suivi.beneficiaries import policies
from suivi.beneficiaries.services import import_batches
from suivi.core.actors import Actor
from suivi.interop.reading import IssueList, Limits, Table, open_table
from suivi.interop.reading.issues import FileIssuesError
from suivi.interop.reading.limits import Deadline
from suivi.interop.records import template as t
from suivi.interop.records.kinds import KINDS, Counts, Kind
from suivi.interop.records.rows import References, RowReport

Progress = Callable[[str, int, int], None]


class RecordsFileError(FileIssuesError):
    """The file has issues; nothing was written."""


# Warnings listed in an import's summary (the others counted).
LISTED_WARNINGS = 20


@dataclass
class Outcome:
    created: int = 0
    known: int = 0
    repeated: int = 0
    blank: int = 0
    warnings: list[str] = field(default_factory=list)  # row, column and reason

    def summary(self) -> str:
        parts = [
            ngettext("%(count)d new record.", "%(count)d new records.", self.created)
            % {"count": self.created}
        ]
        if self.known:
            parts.append(
                ngettext(
                    "%(count)d already known (its id was imported before): left as it is.",
                    "%(count)d already known (their ids were imported before): left as they are.",
                    self.known,
                )
                % {"count": self.known}
            )
        if self.repeated:
            parts.append(
                ngettext(
                    "%(count)d row repeating an earlier row of the file: skipped.",
                    "%(count)d rows repeating an earlier row of the file: skipped.",
                    self.repeated,
                )
                % {"count": self.repeated}
            )
        if self.blank:
            parts.append(
                ngettext(
                    "%(count)d blank row ignored.", "%(count)d blank rows ignored.", self.blank
                )
                % {"count": self.blank}
            )
        if self.warnings:
            parts.append(
                ngettext(
                    "%(count)d warning (kept, to check):",
                    "%(count)d warnings (kept, to check):",
                    len(self.warnings),
                )
                % {"count": len(self.warnings)}
            )
            parts.append(" · ".join(self.warnings[:LISTED_WARNINGS]))
            if len(self.warnings) > LISTED_WARNINGS:
                parts.append("…")
        return " ".join(parts)


def import_records(
    *,
    actor: Actor,
    organisation: Organisation,
    kind: str,
    source: IO[bytes],
    filename: str,
    progress: Progress | None = None,
    batch: uuid.UUID | None = None,
) -> Outcome:
    """Import `source` (csv or xlsx); raise RecordsFileError, nothing
    written, listing its issues. `batch` names the import batch (the job's
    id when a job runs it)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if not (
        policies.may_register_for(actor, organisation)
        if kind == "persons"
        else policies.may_record_for(actor, organisation)
    ):
        raise PermissionDenied
    limits = Limits.from_settings()
    issues = IssueList(limits=limits)
    refs = References()
    handler_class = KINDS[kind]
    try:
        table = open_table(
            source,
            filename,
            sheet_names=_sheet_names(kind),
            columns=handler_class.columns,
            extra_headers=refs.attribute_names if kind == "events" else (),
            issues=issues,
            limits=limits,
            deadline=Deadline(limits.max_seconds),
        )
    except FileIssuesError as error:
        raise RecordsFileError(error.issues) from error
    handler = handler_class(
        actor, organisation, refs, RowReport(issues, table.sheet, handler_class.columns)
    )
    try:
        return _import(table, handler, issues, actor, progress, batch or uuid.uuid4())
    except FileIssuesError as error:
        if isinstance(error, RecordsFileError):
            raise
        raise RecordsFileError(error.issues.sorted()) from error
    finally:
        table.close()


def _sheet_names(kind: str) -> list[str]:
    """The data sheet's title in the user's language first, then in the
    others (a template downloaded in Arabic, imported by a French user)."""
    names = [str(t.SHEET_TITLES[kind])]
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            names.append(str(t.SHEET_TITLES[kind]))
    return names


def _import(
    table: Table,
    handler: Kind,
    issues: IssueList,
    actor: Actor,
    progress: Progress | None,
    batch: uuid.UUID,
) -> Outcome:
    outcome = Outcome()
    repeated = _check(table, handler, outcome, progress)
    if issues:
        raise RecordsFileError(issues.sorted())
    counts = Counts()
    try:
        _write(table, handler, counts, repeated, batch, progress)
        if issues:  # refused while writing: someone changed the records meanwhile
            raise RecordsFileError(issues.sorted())
    except BaseException:
        import_batches.discard(actor=actor, batch=batch)
        raise
    import_batches.publish(actor=actor, batch=batch)
    outcome.created, outcome.known = counts.created, counts.known
    return outcome


def _check(table: Table, handler: Kind, outcome: Outcome, progress: Progress | None) -> set[int]:
    """Pass 1: every row checked, nothing written. Returns the rows that
    repeat an earlier row exactly (skipped when writing)."""
    total = table.estimate
    seen: dict[Any, tuple[int, int]] = {}
    repeated: set[int] = set()
    chunk: list[tuple[int, Any]] = []
    counts = Counts()
    for position, (number, row) in enumerate(table.rows(), start=1):
        key, fingerprint = handler.key(row), hash(tuple(sorted(row.items())))
        if key and key in seen:
            first, first_fingerprint = seen[key]
            if fingerprint == first_fingerprint:
                repeated.add(number)
            else:
                handler.report.add(
                    number,
                    "partner_record_id" if isinstance(key, str) else "person_id",
                    _("Row %(row)d already has this id with other details: one record, one row.")
                    % {"row": first},
                )
            continue
        if key:
            seen[key] = (number, fingerprint)
        item = handler.parse(row, number)
        if item is not None:
            chunk.append((number, item))
        if len(chunk) >= handler.chunk:
            handler.check(chunk, counts)
            chunk.clear()
        if progress:
            progress(_("Checking the file"), position, total)
    if chunk:
        handler.check(chunk, counts)
    outcome.created, outcome.known = counts.created, counts.known
    outcome.repeated, outcome.blank = len(repeated), table.blank_rows
    outcome.warnings = [str(issue) for issue in handler.report.warnings.values()]
    return repeated


def _write(
    table: Table,
    handler: Kind,
    counts: Counts,
    repeated: set[int],
    batch: uuid.UUID,
    progress: Progress | None,
) -> None:
    """Pass 2: the rows written a chunk per transaction into `batch`."""
    chunk: list[tuple[int, Any]] = []
    total = table.data_rows - len(repeated)
    done = 0
    for number, row in table.rows():
        if number in repeated:
            continue
        item = handler.parse(row, number)
        if item is not None:
            chunk.append((number, item))
        done += 1
        if len(chunk) >= handler.chunk:
            handler.write(chunk, counts, batch)
            chunk.clear()
        if progress:
            progress(_("Importing"), done, total)
    if chunk:
        handler.write(chunk, counts, batch)
