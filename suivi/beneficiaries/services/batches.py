"""What the batch services (a chunk of a partner's spreadsheet) share: new
records are built in memory, each partner record id once, and the records
that fail their checks are reported by their index in the batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError


class HasPartnerRecordId(Protocol):
    @property
    def partner_record_id(self) -> str: ...


Data = TypeVar("Data", bound=HasPartnerRecordId)
Record = TypeVar("Record")


@dataclass
class BatchOutcome(Generic[Record]):
    """What a batch service did with its batch."""

    created: list[Record] = field(default_factory=list)
    known: int = 0  # partner record ids already there, left as they are
    errors: dict[int, ValidationError] = field(default_factory=dict)  # by index in the batch


def build_new(
    batch: Sequence[Data], known_ids: Iterable[str], build: Callable[[Data], Record]
) -> BatchOutcome[Record]:
    """Build the batch's new records, unsaved. A partner record id already
    known, in the database (`known_ids`) or earlier in the batch, is skipped;
    a `ValidationError` from `build` is kept against the item's index."""
    outcome: BatchOutcome[Record] = BatchOutcome()
    known = set(known_ids)
    for index, data in enumerate(batch):
        if data.partner_record_id in known:
            outcome.known += 1
            continue
        try:
            record = build(data)
        except ValidationError as error:
            outcome.errors[index] = error
            continue
        if data.partner_record_id:
            known.add(data.partner_record_id)
        outcome.created.append(record)
    return outcome
