"""What each kind of partner spreadsheet does with a chunk of its rows:
check it (pass 1, writing nothing) and write it (pass 2, into an import
batch that stays hidden until the whole file is written)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.services import events, persons, referrals
from suivi.core.actors import Actor
from suivi.interop.records import template as t
from suivi.interop.records.rows import (
    EventRow,
    References,
    ReferralRow,
    RowReport,
    event_row,
    person_data,
    referral_row,
)


@dataclass
class Counts:
    created: int = 0
    known: int = 0


class Kind:
    """A kind of spreadsheet: how a row is parsed, what identifies it in
    the file, and how a chunk is checked and written."""

    columns: list[t.Column]
    # Rows written per transaction: short enough that other users of an
    # embedded database barely wait for the lock.
    chunk = 500

    def __init__(
        self, actor: Actor, organisation: Organisation, refs: References, report: RowReport
    ) -> None:
        self.actor, self.organisation, self.refs, self.report = actor, organisation, refs, report

    def key(self, row: dict[str, str]) -> Any:
        """What identifies the row's record in the file (the partner's id)."""
        return row.get("Identifiant", "")

    def parse(self, row: dict[str, str], number: int) -> Any:
        raise NotImplementedError

    def check(self, items: Sequence[tuple[int, Any]], counts: Counts) -> None:
        raise NotImplementedError

    def write(self, items: Sequence[tuple[int, Any]], counts: Counts, batch: uuid.UUID) -> None:
        raise NotImplementedError

    def _report(self, items: Sequence[tuple[int, Any]], done: Any, counts: Counts) -> None:
        """What a batch service did with `items` (row number, data): its
        refusals against their rows, its counts."""
        for index, error in done.errors.items():
            self.report.add_error(items[index][0], error)
        counts.created += len(done.created)
        counts.known += done.known


class PersonsKind(Kind):
    columns = t.PERSON_COLUMNS

    def parse(self, row: dict[str, str], number: int) -> persons.PersonData | None:
        return person_data(row, self.refs, self.report, number)

    def check(self, items: Sequence[tuple[int, Any]], counts: Counts) -> None:
        done = persons.check_people(
            actor=self.actor, organisation=self.organisation, batch=[data for _n, data in items]
        )
        self._report(items, done, counts)

    def write(self, items: Sequence[tuple[int, Any]], counts: Counts, batch: uuid.UUID) -> None:
        done = persons.register_people(
            actor=self.actor,
            organisation=self.organisation,
            batch=[data for _n, data in items],
            import_batch=batch,
        )
        self._report(items, done, counts)


class EventsKind(Kind):
    columns = t.EVENT_COLUMNS

    def parse(self, row: dict[str, str], number: int) -> EventRow | str:
        """The row, or only its person's id when it has other issues (the
        person is still checked, so the partner sees every issue at once)."""
        item = event_row(row, self.refs, self.report, number)
        return item if item is not None else row.get("Identifiant personne", "")

    def _data(self, items: Sequence[tuple[int, Any]]) -> list[tuple[int, events.EventData]]:
        found = self.refs.persons(
            self.organisation,
            {item.person_id if isinstance(item, EventRow) else item for _n, item in items},
        )
        unknown = _("No person of yours has this id (import the persons first).")
        checked: list[tuple[int, events.EventData]] = []
        for number, item in items:
            person_id = item.person_id if isinstance(item, EventRow) else item
            person = found.get(person_id)
            if person is None:
                if person_id:
                    self.report.add(number, "person_id", unknown)
                continue
            if isinstance(item, EventRow):
                data = events.EventData(
                    person=person,
                    event_type=item.event_type,
                    occurred_on=item.occurred_on,
                    centre=item.centre,
                    trade=item.trade,
                    attributes=item.attributes,
                    partner_record_id=item.partner_record_id,
                )
                checked.append((number, data))
        return checked

    def check(self, items: Sequence[tuple[int, Any]], counts: Counts) -> None:
        checked = self._data(items)
        done = events.check_events(
            actor=self.actor, organisation=self.organisation, batch=[d for _n, d in checked]
        )
        self._report(checked, done, counts)

    def write(self, items: Sequence[tuple[int, Any]], counts: Counts, batch: uuid.UUID) -> None:
        checked = self._data(items)
        done = events.record_events(
            actor=self.actor,
            organisation=self.organisation,
            batch=[d for _n, d in checked],
            import_batch=batch,
        )
        self._report(checked, done, counts)


class ReferralsKind(Kind):
    columns = t.REFERRAL_COLUMNS
    chunk = 100

    def key(self, row: dict[str, str]) -> Any:
        return (row.get("Identifiant personne", ""), row.get("Vers", "").lower(), row.get("Date"))

    def parse(self, row: dict[str, str], number: int) -> ReferralRow | None:
        return referral_row(row, self.refs, self.report, number, timezone.localdate())

    def _each(
        self, items: Sequence[tuple[int, Any]], counts: Counts, batch: uuid.UUID | None
    ) -> None:
        found = self.refs.persons(self.organisation, {item.person_id for _n, item in items})
        for number, item in items:
            person = found.get(item.person_id)
            if person is None:
                self.report.add(
                    number,
                    "person_id",
                    _("No person of yours has this id (import the persons first)."),
                )
                continue
            if self.refs.referral_sent(person, item.target, item.sent_on):
                counts.known += 1
                continue
            try:
                if batch is None:
                    referrals.check_referral(
                        actor=self.actor,
                        person=person,
                        from_organisation=self.organisation,
                        to_organisation=item.target,
                        note=item.note,
                    )
                else:
                    referrals.send(
                        actor=self.actor,
                        person=person,
                        from_organisation=self.organisation,
                        to_organisation=item.target,
                        purpose=item.purpose,
                        sent_on=item.sent_on,
                        note=item.note,
                        recompute=False,
                        import_batch=batch,
                    )
            except ValidationError as error:
                self.report.add_error(number, error)
                continue
            counts.created += 1

    def check(self, items: Sequence[tuple[int, Any]], counts: Counts) -> None:
        self._each(items, counts, None)

    def write(self, items: Sequence[tuple[int, Any]], counts: Counts, batch: uuid.UUID) -> None:
        with transaction.atomic():
            self._each(items, counts, batch)


KINDS: dict[str, type[Kind]] = {
    "persons": PersonsKind,
    "events": EventsKind,
    "referrals": ReferralsKind,
}
