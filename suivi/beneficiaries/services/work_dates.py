"""The dates a partner may give its work: in the past, never in the future,
never before the intervention starts; and a service dated before the
person's registration registers the person at that date.

A partner often writes last week's work today (a paper sheet filled in the
field, a day without connection): registration and service dates may be in
the past. The earliest date is the start of the earliest intervention the
partner serves in (any intervention's, for an organisation that serves in
none); without a start date there is no lower bound.

A service dated before the registration does not refuse the service: the
person was met then, so their registration moves to that date (audited, one
event per person, with the two dates). The indicators follow, as after any
record (the persons are marked stale by the caller).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from django.db.models import Min
from django.utils import formats
from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries.models import Person
from suivi.core import audit
from suivi.core.actors import Actor
from suivi.programmes.models import Intervention


def earliest_day(organisation: Organisation) -> date | None:
    """The first day `organisation`'s work may be dated (None: no bound)."""
    first = Intervention.objects.filter(operational_partners=organisation).aggregate(
        first=Min("start_date")
    )["first"]
    if first is None:
        first = Intervention.objects.aggregate(first=Min("start_date"))["first"]
    return first


def date_error(day: date, earliest: date | None, today: date) -> str:
    """Why `day` cannot date a registration or a service ("" if it can)."""
    if day > today:
        return _("The date is in the future.")
    if earliest is not None and day < earliest:
        return _("The date is before the intervention starts (%(start)s).") % {
            "start": formats.date_format(earliest, "SHORT_DATE_FORMAT")
        }
    return ""


def follow_services(*, actor: Actor, firsts: Mapping[uuid.UUID, date]) -> list[Person]:
    """Move the registration of each person of `firsts` (person id → date
    of their earliest new service) that was registered later, to that date.
    Returns the persons moved. The caller marks them stale."""
    moved: list[Person] = []
    candidates = Person.all_objects.filter(pk__in=list(firsts)).only(
        "pk", "registered_on", "organisation_id"
    )
    for person in candidates:
        first = firsts[person.pk]
        if first >= person.registered_on:
            continue
        before = person.registered_on
        person.registered_on = first
        moved.append(person)
        audit.record(
            actor=actor,
            action="beneficiaries.person.registration_moved",
            target=person,
            organisation=person.organisation,
            changed_fields=["registered_on"],
            detail={"from": before.isoformat(), "to": first.isoformat()},
        )
    Person.all_objects.bulk_update(moved, ["registered_on"])
    return moved
