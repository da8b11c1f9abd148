"""Looking records up by the partner's own ids (imports, double submissions),
and hiding the records an import is still writing.

An import writes its records in short transactions, so that other users are
not locked out of an embedded database, and keeps them invisible until the
last one is written (`import_batch` set to the import's id): every read
through the default manager leaves them out, and publishing the batch (one
UPDATE) shows them all at once. `all_objects` sees them (the import itself,
publishing and discarding a batch).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

Record = TypeVar("Record", bound=models.Model)


class PartnerRecordQuerySet(models.QuerySet[Record]):
    def with_partner_ids(
        self, organisation: Any, ids: Iterable[str]
    ) -> PartnerRecordQuerySet[Record]:
        """The organisation's records carrying one of these partner ids.

        The unique index on (organisation, partner id) is partial (empty ids
        are not unique), and PostgreSQL only uses it when the query repeats
        its condition: with an IN list it cannot infer "not empty" and
        falls back to scanning every record of the organisation (seconds a
        batch at ten million services)."""
        return self.filter(organisation=organisation, partner_record_id__in=ids).exclude(
            partner_record_id=""
        )

    def published_or_in(self, import_batch: Any) -> PartnerRecordQuerySet[Record]:
        """The published records, and those `import_batch` is writing (an
        import sees its own records; another import's stay hidden)."""
        return self.filter(
            models.Q(import_batch__isnull=True) | models.Q(import_batch=import_batch)
        )


class PublishedManager(models.Manager[Record]):
    """The records no import is still writing."""

    def get_queryset(self) -> models.QuerySet[Record]:
        return super().get_queryset().filter(import_batch__isnull=True)


class PublishedPartnerRecordManager(
    PublishedManager[Record],
    models.Manager.from_queryset(PartnerRecordQuerySet),  # type: ignore[misc]
):
    """`PartnerRecordQuerySet` over the records no import is still writing."""


def import_batch_field() -> models.UUIDField[Any, Any]:
    return models.UUIDField(
        _("import in progress"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Set while an import writes the record: hidden until it is published."),
    )
