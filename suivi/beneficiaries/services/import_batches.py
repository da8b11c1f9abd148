"""Records an import is still writing: published all at once, or discarded.

An import checks its whole file first, then writes it in short transactions
(an embedded database has one writer at a time: one long transaction would
lock every other user out). The records it writes carry the import's id in
`import_batch`, which hides them from every read (the default managers leave
them out); `publish` then shows them all in one short transaction, and the
indicators follow. If the import fails half-way, or its worker dies,
`discard` removes what it wrote: for the users, the import is all or nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Min

from suivi.beneficiaries.models import JourneyEvent, Person, Referral
from suivi.beneficiaries.services import registration_matches, work_dates
from suivi.beneficiaries.services.computation import mark_stale
from suivi.core import audit
from suivi.core.actors import Actor

# Records deleted per transaction when a batch is discarded.
DISCARD_CHUNK = 2000


def publish(*, actor: Actor, batch: uuid.UUID) -> dict[str, int]:
    """Show every record of `batch` and mark its persons' indicators for a
    refresh, in one transaction; then look for the possible duplicates of its
    persons at other partners (`registration_matches`), a chunk per
    transaction. Returns how many of each were shown."""
    with transaction.atomic():
        new_persons = list(
            Person.all_objects.filter(import_batch=batch).values_list("pk", flat=True)
        )
        identities = set(
            JourneyEvent.all_objects.filter(import_batch=batch).values_list(
                "person__identity_key", flat=True
            )
        )
        # A service dated before its person's registration moves the
        # registration to that date (work_dates).
        firsts = {
            row["person"]: row["first"]
            for row in JourneyEvent.all_objects.filter(
                import_batch=batch, occurred_on__lt=F("person__registered_on")
            )
            .values("person")
            .annotate(first=Min("occurred_on"))
        }
        if firsts:
            work_dates.follow_services(actor=actor, firsts=firsts)
        counts = {
            "persons": Person.all_objects.filter(import_batch=batch).update(import_batch=None),
            "events": JourneyEvent.all_objects.filter(import_batch=batch).update(import_batch=None),
            "referrals": Referral.all_objects.filter(import_batch=batch).update(import_batch=None),
        }
        if identities:
            mark_stale(identities)
        audit.record(
            actor=actor,
            action="beneficiaries.import_batch.published",
            detail={"batch": str(batch), **counts},
        )
    for start in range(0, len(new_persons), registration_matches.CHUNK):
        keys = new_persons[start : start + registration_matches.CHUNK]
        registration_matches.check_registered(
            actor=actor, persons=list(Person.objects.filter(pk__in=keys))
        )
    return counts


def discard(*, actor: Actor, batch: uuid.UUID) -> dict[str, int]:
    """Delete what `batch` wrote (never shown to anyone), a chunk per
    transaction so that other users keep working meanwhile."""
    counts = {
        "referrals": _delete(Referral.all_objects.filter(import_batch=batch)),
        "events": _delete(JourneyEvent.all_objects.filter(import_batch=batch)),
        "persons": _delete(Person.all_objects.filter(import_batch=batch)),
    }
    if any(counts.values()):
        audit.record(
            actor=actor,
            action="beneficiaries.import_batch.discarded",
            detail={"batch": str(batch), **counts},
        )
    return counts


def abandoned_batches(*, written_before: datetime) -> set[uuid.UUID]:
    """The batches still hidden whose last record was written before
    `written_before`: an import that has not written for that long has died
    (its worker was killed) or gave up, and its hidden records would hold
    their partner ids against the next import of the same file."""
    latest: dict[uuid.UUID, datetime] = {}
    for model in (Person, JourneyEvent, Referral):
        rows = (
            model.all_objects.filter(import_batch__isnull=False)  # type: ignore[attr-defined]
            .values("import_batch")
            .annotate(last=Max("created_at"))
        )
        for row in rows:
            batch = row["import_batch"]
            latest[batch] = max(row["last"], latest.get(batch, row["last"]))
    return {batch for batch, last in latest.items() if last < written_before}


def discard_abandoned(*, actor: Actor, written_before: datetime) -> int:
    """Discard every batch `abandoned_batches` finds; how many."""
    batches = abandoned_batches(written_before=written_before)
    for batch in batches:
        discard(actor=actor, batch=batch)
    return len(batches)


def _delete(records: object) -> int:
    deleted = 0
    while True:
        with transaction.atomic():
            keys = list(records.values_list("pk", flat=True)[:DISCARD_CHUNK])  # type: ignore[attr-defined]
            if not keys:
                return deleted
            deleted += len(keys)
            records.model.all_objects.filter(pk__in=keys).delete()  # type: ignore[attr-defined]
