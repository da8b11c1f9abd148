"""Who imports what, and who follows an import.

The single answer used by the pages (their links and the 404 of a page the
user may not use), the upload forms (the kinds of spreadsheet offered) and
the services that start an import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from suivi.accounts.policies import organisation_ids_of
from suivi.beneficiaries.policies import may_record_for, may_register_for
from suivi.core.actors import Actor, is_system
from suivi.finance.policies import may_manage_finance
from suivi.programmes.models import Intervention
from suivi.programmes.policies import may_manage_results_framework, visible_interventions_q

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation

# The spreadsheets a partner imports: persons it registered, services it
# gave, referrals it sent.
RECORD_KINDS = ("persons", "events", "referrals")


def may_import_logframe(user: Actor) -> bool:
    """Importing a logframe workbook is managing the results framework."""
    return may_manage_results_framework(user)


def may_import_catalogue(user: Actor) -> bool:
    """The service catalogue is the M&E staff's, like the framework."""
    return may_manage_results_framework(user)


def record_kinds_for(user: Actor, organisation: Organisation) -> tuple[str, ...]:
    """The spreadsheets `user` may import in the name of `organisation`:
    persons if they register people for it, services and referrals if they
    record its services."""
    kinds: list[str] = []
    if may_register_for(user, organisation):
        kinds.append("persons")
    if may_record_for(user, organisation):
        kinds += ["events", "referrals"]
    return tuple(kinds)


def may_import_records(user: Actor, organisation: Organisation, kind: str | None = None) -> bool:
    """Whether `user` imports spreadsheets (of `kind`, if given) for `organisation`."""
    kinds = record_kinds_for(user, organisation)
    return kind in kinds if kind is not None else bool(kinds)


# The finance files an intervention's finance officer imports.
FINANCE_KINDS = ("expenses", "budget")


def may_import_finance(user: Actor) -> bool:
    """Budget workbooks and accounting extracts: the finance officer."""
    return may_manage_finance(user)


def may_remove_import_files(user: Actor) -> bool:
    """Uploaded files are removed by the platform (the import task, the
    purge command and task) on the retention rule, never from a page."""
    return is_system(user)


def visible_import_jobs_q(user: Actor) -> Q:
    """An import is followed by who may make it: a logframe or catalogue
    import by the staff who import them (into an intervention they see), a finance
    file by the finance officer who uploaded it, a
    spreadsheet by the person who uploaded it, while they belong to the
    organisation it was imported for."""
    if is_system(user):
        return Q()
    visible = Q(
        ~Q(kind__in=("logframe", "catalogue")),
        organisation__in=organisation_ids_of(user),
        created_by=user.pk,
    )
    if may_import_finance(user):
        visible |= Q(kind__in=FINANCE_KINDS, created_by=user.pk)
    if may_import_logframe(user):
        visible |= Q(
            kind__in=("logframe", "catalogue"),
            intervention__in=Intervention.objects.filter(visible_interventions_q(user)),
        )
    return visible
