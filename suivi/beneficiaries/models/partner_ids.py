"""Looking records up by the partner's own ids (imports, double submissions)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

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
