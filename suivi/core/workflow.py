"""Status workflows, declared once per kind of record.

A `Workflow` names the record's model, its status choices, the model that
keeps its history (a concrete `TransitionBase`) and the `Step`s allowed: from
which statuses to which, who may take each (a policy callable), whether a note
is required, and the audit action it records. `transition` takes a step:

    REFERRALS = Workflow(
        model=Referral,
        states=ReferralStatus,
        history=ReferralTransition,
        steps=[
            Step(
                "accept",
                sources={ReferralStatus.SENT},
                target=ReferralStatus.ACCEPTED,
                allowed=lambda actor, r: policies.may_record_for(actor, r.to_organisation),
                action="beneficiaries.referral.accepted",
            ),
            ...
        ],
    )

    transition(REFERRALS, referral, "accept", actor=actor, decided_by=as_user(actor))

In one transaction, `transition` locks the record's row and reads it again,
then, in this order:

1. runs the workflow's `guard` (what must hold for any step, e.g. an open
   period) — ValidationError;
2. asks the step's policy — PermissionDenied;
3. checks the step may leave the current status — ValidationError with the
   step's (translated) `refused` message;
4. cleans the note (`text.clean_text`: a control character is refused
   against `note_key`) and refuses a blank one where the step requires
   one — ValidationError;
5. sets the target status and the other `fields` given, runs the step's
   `check` on the record as it would become — ValidationError;
6. validates the changed fields (`full_clean` limited to them) and saves them;
7. writes the history row (from, to, actor, note);
8. records the audit event: the changed fields (from the actual diff), and in
   `detail` the statuses and the id of the history row — never the note,
   which is free text and may name people;
9. queues the step's `effects` to run once the transaction commits.

A new workflow (risks, decision actions, grant tranches) declares its steps
and a `TransitionBase` model; its services call `transition`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suivi.core import audit, changes, text
from suivi.core.actors import Actor, as_user, require_actor
from suivi.core.models import TransitionBase

if TYPE_CHECKING:
    from suivi.accounts.models import Organisation

M = TypeVar("M", bound=models.Model)
Message = str | Promise

REFUSED = _("This step is not possible while the status is « %(status)s ».")
MISSING_NOTE = _("Give the reason for the decision.")


@dataclass(frozen=True)
class Step(Generic[M]):
    """One allowed transition of a workflow."""

    name: str
    sources: Collection[str]
    target: str
    # The policy: may this actor take this step on this record?
    allowed: Callable[[Actor, M], bool]
    # The audit action code (labelled in the app's `AppConfig.audit_actions`).
    action: str
    # Shown when the current status is not one of `sources`; may use %(status)s.
    refused: Message = REFUSED
    requires_note: bool = False
    missing_note: Message = MISSING_NOTE
    # The form field the missing-note error is reported against.
    note_key: str = "note"
    # Further rules, on the record with its new status and fields set.
    check: Callable[[M], None] | None = None
    # The organisation the audit event is filed under (default: the actor's).
    organisation: Callable[[M], Organisation | None] | None = None
    # Run after commit, with the record and its new history row.
    effects: Sequence[Callable[[M, TransitionBase], None]] = ()


@dataclass(frozen=True, eq=False)
class Workflow(Generic[M]):
    """The statuses of `model` (`states`, the choices of its `field`) and the
    steps allowed between them, with their history kept in `history`."""

    model: type[M]
    states: type[models.TextChoices]
    history: type[TransitionBase]
    steps: Sequence[Step[M]]
    field: str = "status"
    # Checked first, for every step (ValidationError when the record is frozen).
    guard: Callable[[M], None] | None = None
    # Related rows read with the locked record (for the guard and policies).
    select_related: Sequence[str] = ()
    by_name: Mapping[str, Step[M]] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"Two steps share a name in {names}.")
        known = set(self.states.values)
        for step in self.steps:
            unknown = ({step.target} | set(step.sources)) - known
            if unknown:
                raise ValueError(f"Step {step.name!r} names unknown statuses {sorted(unknown)}.")
        object.__setattr__(self, "by_name", {step.name: step for step in self.steps})

    @cached_property
    def subject(self) -> str:
        """The history model's foreign key to the record."""
        keys = [
            f.name
            for f in self.history._meta.concrete_fields
            if f.is_relation and f.related_model is self.model
        ]
        if len(keys) != 1:
            raise TypeError(f"{self.history.__name__} needs one foreign key to {self.model}.")
        return keys[0]

    def step(self, name: str) -> Step[M]:
        try:
            return self.by_name[name]
        except KeyError:
            raise ValueError(f"No step {name!r} in this workflow.") from None

    def status_of(self, instance: M) -> str:
        return str(getattr(instance, self.field))

    def available(self, actor: Actor, instance: M) -> list[str]:
        """The names of the steps `actor` may take on `instance` now (status
        and policy; a step's `check` and required note are for when it is
        taken). For pages that offer only the buttons that would work."""
        require_actor(actor)
        current = self.status_of(instance)
        return [
            step.name
            for step in self.steps
            if current in step.sources and step.allowed(actor, instance)
        ]


def _refusal(workflow: Workflow[M], step: Step[M], status: str) -> ValidationError:
    label = workflow.states(status).label if status in workflow.states.values else status
    return ValidationError(str(step.refused) % {"status": label})


def _concrete(workflow: Workflow[M], fields: Iterable[str]) -> None:
    names = {f.name for f in workflow.model._meta.concrete_fields}
    for name in fields:
        if name == workflow.field or name not in names:
            raise TypeError(f"{name!r} cannot be set by a step of {workflow.model.__name__}.")


@transaction.atomic
def transition(
    workflow: Workflow[M],
    instance: M,
    name: str,
    *,
    actor: Actor,
    note: str = "",
    **fields: Any,
) -> M:
    """Take the step `name` on `instance` (see the module's docstring for the
    order of the checks); return the record as saved, read again under lock."""
    require_actor(actor)
    step = workflow.step(name)
    _concrete(workflow, fields)
    locked = (
        workflow.model._default_manager.select_for_update()
        .select_related(*workflow.select_related)
        .get(pk=instance.pk)
    )
    if workflow.guard is not None:
        workflow.guard(locked)
    if not step.allowed(actor, locked):
        raise PermissionDenied
    source = workflow.status_of(locked)
    if source not in step.sources:
        raise _refusal(workflow, step, source)
    note = text.clean_fields({step.note_key: (text.clean_text, note)})[step.note_key]
    if step.requires_note and not note:
        raise ValidationError({step.note_key: str(step.missing_note)})

    before = changes.snapshot(locked)
    setattr(locked, workflow.field, step.target)
    for key, value in fields.items():
        setattr(locked, key, value)
    if step.check is not None:
        step.check(locked)
    changed = changes.save_changes(locked, before)

    row = workflow.history(
        **{workflow.subject: locked},
        from_status=source,
        to_status=step.target,
        note=note,
        actor=as_user(actor),
    )
    row.full_clean(exclude=[workflow.subject, "actor"])  # both just read
    row.save()
    audit.record(
        actor=actor,
        action=step.action,
        target=locked,
        organisation=step.organisation(locked) if step.organisation else None,
        changed_fields=changed,
        detail={"from": source, "to": step.target, "transition": str(row.pk)},
    )
    for effect in step.effects:
        transaction.on_commit(partial(effect, locked, row))
    return locked
