"""Budget versions, their lines and the yearly planning of a line.

A budget arrives as rows (from a workbook, `interop/budget.py`, or the demo):
`check_rows` tells what is wrong with them, row by row; `record_version`
writes them as the intervention's next version — the original budget
(approved) when it has none, else a proposed revision. A revision is also
opened from the last approved budget (`propose_revision`), its lines edited
(`update_line`), then approved with the COPIL decision that covers its
breaches of the DTF's rules (`approve_version`), or withdrawn with a reason
(`withdraw_version`) — both steps of the `VERSIONS` workflow
(`suivi.core.workflow`), kept in `BudgetVersionTransition`. The decision is a
`governance.Decision` —
finance sits above governance and reads its decisions; governance shows
what a decision approved through its `decision_approvals` hook.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.core import audit, changes
from suivi.core.actors import Actor, as_user
from suivi.core.workflow import Step, Workflow, transition
from suivi.finance import policies, rules
from suivi.finance.models import (
    BudgetLine,
    BudgetVersion,
    BudgetVersionTransition,
    LinePlan,
    VersionKind,
    VersionStatus,
)
from suivi.governance.models import Decision, MeetingKind
from suivi.programmes.models import Activity, ExecutionMode, Intervention, ResultNode

CODE = re.compile(r"^([A-Z])(?:[\s\-._]*(\d{1,2}))?(?:[\s\-._]*(\d{1,2}))?$")


def normalise_code(text: str) -> str | None:
    """``A0101``, ``A 01 01``, ``a-1-1`` → ``A 01 01``; None when it is not a
    budget code."""
    match = CODE.match(text.strip().upper())
    if not match:
        return None
    return " ".join([match.group(1)] + [f"{int(part):02d}" for part in match.groups()[1:] if part])


@dataclass(frozen=True)
class BudgetRow:
    """One row of a budget as read: a heading when it has no mode of execution."""

    number: int  # the row in the file, for messages
    code: str
    title: str
    execution_mode: str = ""
    amount: Decimal | None = None


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str  # one of "code", "title", "mode", "amount"
    message: str


def check_rows(rows: Sequence[BudgetRow]) -> list[RowIssue]:
    """Everything wrong with a budget's rows: codes unknown, repeated or
    without their heading; a line without an amount or a mode; a heading's
    printed amount that is not the sum of its lines."""
    issues: list[RowIssue] = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.code in seen:
            issues.append(
                RowIssue(
                    row.number,
                    "code",
                    _("The code %(code)s is already on row %(other)d.")
                    % {"code": row.code, "other": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.number
        parts = row.code.split()
        parent = " ".join(parts[:-1])
        if parent and parent not in seen:
            issues.append(
                RowIssue(
                    row.number,
                    "code",
                    _("No heading %(parent)s above this row.") % {"parent": parent},
                )
            )
        if not row.title:
            issues.append(RowIssue(row.number, "title", _("The title is missing.")))
        if row.execution_mode and row.amount is None:
            issues.append(RowIssue(row.number, "amount", _("A budget line needs an amount.")))
        if row.execution_mode and row.execution_mode not in ExecutionMode.values:
            issues.append(RowIssue(row.number, "mode", _("Unknown mode of execution.")))
    lines = [row for row in rows if row.execution_mode and row.amount is not None]
    if not lines:
        issues.append(RowIssue(rows[0].number if rows else 1, "mode", _("No budget line.")))
    codes = {row.code for row in rows}
    for row in lines:
        if any(code.startswith(row.code + " ") for code in codes):
            issues.append(
                RowIssue(
                    row.number, "mode", _("A line with a mode of execution has no rows under it.")
                )
            )
    for row in rows:
        if row.execution_mode or row.amount is None:
            continue
        total = sum(
            (line.amount or Decimal(0) for line in lines if line.code.startswith(row.code + " ")),
            Decimal(0),
        )
        if total != row.amount:
            issues.append(
                RowIssue(
                    row.number,
                    "amount",
                    _("%(printed)s is printed, but the lines under it add up to %(sum)s.")
                    % {"printed": row.amount, "sum": total},
                )
            )
    return issues


def _next_number(intervention: Intervention) -> int:
    last = intervention.budget_versions.order_by("-number").first()
    return last.number + 1 if last else 1


def last_approved(intervention: Intervention) -> BudgetVersion | None:
    return (
        intervention.budget_versions.filter(status=VersionStatus.APPROVED)
        .order_by("-number")
        .first()
    )


def _link(intervention: Intervention, line: BudgetLine) -> None:
    """Resolve the line's place in the logframe from its budget code."""
    parts = line.code.split()
    if len(parts) == 3:
        line.activity = Activity.objects.filter(
            intervention=intervention, budget_code=line.code, retired_in__isnull=True
        ).first()
    if len(parts) >= 2:
        line.output = ResultNode.objects.filter(
            intervention=intervention,
            budget_code=line.rubric,
            level="output",
            retired_in__isnull=True,
        ).first()


@transaction.atomic
def record_version(
    *,
    actor: Actor,
    intervention: Intervention,
    rows: Sequence[BudgetRow],
    label: str,
    reason: str = "",
    approved_on: datetime.date | None = None,
) -> BudgetVersion:
    """Write `rows` as the intervention's next budget version: the original
    budget (approved) when it has none, else a proposed revision."""
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    issues = check_rows(rows)
    if issues:
        raise ValidationError([f"{issue.row}: {issue.message}" for issue in issues])
    first = last_approved(intervention) is None
    version = BudgetVersion(
        intervention=intervention,
        number=_next_number(intervention),
        kind=VersionKind.ORIGINAL if first else VersionKind.REVISION,
        status=VersionStatus.APPROVED if first else VersionStatus.PROPOSED,
        label=label,
        reason=reason,
        approved_on=approved_on if first else None,
        created_by=as_user(actor),
    )
    changes.create(version, actor=actor, action="finance.version.created", also=["lines"])
    for order, row in enumerate(rows):
        line = BudgetLine(
            version=version,
            code=row.code,
            title=row.title,
            is_heading=not row.execution_mode,
            execution_mode=row.execution_mode,
            amount=row.amount if row.execution_mode else None,
            order=order,
        )
        _link(intervention, line)
        line.full_clean()
        line.save()
    return version


@transaction.atomic
def propose_revision(
    *, actor: Actor, intervention: Intervention, label: str, reason: str
) -> BudgetVersion:
    """Open a proposed revision as a copy of the last approved budget (one
    proposed revision at a time)."""
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    base = last_approved(intervention)
    if base is None:
        raise ValidationError(_("The intervention has no approved budget to revise."))
    if intervention.budget_versions.filter(status=VersionStatus.PROPOSED).exists():
        raise ValidationError(
            _("A proposed revision is already open: approve or withdraw it first.")
        )
    rows = [
        BudgetRow(0, line.code, line.title, line.execution_mode, line.amount)
        for line in base.lines.order_by("order")
    ]
    version = record_version(
        actor=actor, intervention=intervention, rows=rows, label=label, reason=reason
    )
    closed = set(base.lines.filter(closed=True).values_list("code", flat=True))
    version.lines.filter(code__in=closed).update(closed=True)
    return version


@transaction.atomic
def update_line(
    *,
    actor: Actor,
    line: BudgetLine,
    title: str,
    amount: Decimal | None,
    execution_mode: str,
    closed: bool,
) -> list[str]:
    """Change a line. Amounts, titles and modes change only in a proposed
    revision (an approved budget changes by a revision); closing or
    reopening a line is allowed in the budget in force."""
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    before = changes.snapshot(line)
    if line.version.status == VersionStatus.PROPOSED:
        line.title = title
        if not line.is_heading:
            if amount is None:
                raise ValidationError({"amount": _("A budget line needs an amount.")})
            line.amount = amount
            line.execution_mode = execution_mode
    elif (title, amount, execution_mode) != (line.title, line.amount, line.execution_mode):
        raise ValidationError(
            _("An approved budget changes through a revision: open one to change amounts.")
        )
    line.closed = closed
    return changes.update(line, before, actor=actor, action="finance.line.updated")


def version_lines(version: BudgetVersion) -> list[rules.Line]:
    return [
        rules.Line(line.code, line.amount or Decimal(0), line.execution_mode)
        for line in version.lines.all()
        if not line.is_heading
    ]


def revision_breaches(version: BudgetVersion) -> list[rules.Breach]:
    """The breaches of a proposed (or approved) revision against the budget
    approved before it."""
    base = (
        version.intervention.budget_versions.filter(
            status=VersionStatus.APPROVED, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )
    if base is None:
        return []
    # A COPIL decision covers the breaches when the revision points to it.
    return rules.on_revision(
        version_lines(base), version_lines(version), covered=version.decision_id is not None
    )


def _check_decision(
    version: BudgetVersion, decision: Decision | None, approved_on: datetime.date
) -> None:
    """The approving decision is a COPIL decision of the version's
    intervention, taken on or before the day of approval."""
    if decision is None:
        return
    meeting = decision.meeting
    if meeting.intervention_id != version.intervention_id or meeting.kind != MeetingKind.COPIL:
        raise ValidationError(
            {"decision": _("Choose a decision of this intervention's steering committee (COPIL).")}
        )
    if approved_on < meeting.held_on:
        raise ValidationError(
            {
                "approved_on": _(
                    "The revision cannot be approved before the COPIL that decided it (%(date)s)."
                )
                % {"date": formats.date_format(meeting.held_on, "SHORT_DATE_FORMAT")}
            }
        )


def _allowed(actor: Actor, version: BudgetVersion) -> bool:
    return policies.may_manage_finance(actor)


def _check_approval(version: BudgetVersion) -> None:
    """The approve step's check, on the version with its decision and day
    of approval set: the decision is the intervention's COPIL's, taken on or
    before that day, and a revision that breaks a rule of the DTF has one."""
    if version.approved_on is None:
        raise ValidationError({"approved_on": _("The date of approval is missing.")})
    _check_decision(version, version.decision, version.approved_on)
    if version.decision_id is None and revision_breaches(version):
        raise ValidationError(
            {
                "decision": _(
                    "This revision breaks a rule of the DTF: "
                    "choose the COPIL decision that approved it."
                )
            }
        )


VERSIONS: Workflow[BudgetVersion] = Workflow(
    model=BudgetVersion,
    states=VersionStatus,
    history=BudgetVersionTransition,
    select_related=("intervention",),
    steps=[
        Step(
            "approve",
            sources={VersionStatus.PROPOSED},
            target=VersionStatus.APPROVED,
            allowed=_allowed,
            action="finance.version.approved",
            refused=gettext_lazy("Only a proposed revision can be approved."),
            check=_check_approval,
        ),
        Step(
            "withdraw",
            sources={VersionStatus.PROPOSED},
            target=VersionStatus.WITHDRAWN,
            allowed=_allowed,
            action="finance.version.withdrawn",
            refused=gettext_lazy("Only a proposed revision can be withdrawn."),
            requires_note=True,
        ),
    ],
)


def approve_version(
    *,
    actor: Actor,
    version: BudgetVersion,
    decision: Decision | None,
    approved_on: datetime.date,
    note: str = "",
) -> BudgetVersion:
    """Approve a proposed revision, with the COPIL decision that approved it
    (a decision of the steering registers), through the versions' workflow.
    A revision that breaks a rule of DTF §8.3.4.3 cannot be approved without
    one."""
    saved = transition(
        VERSIONS,
        version,
        "approve",
        actor=actor,
        note=note,
        decision=decision,
        approved_on=approved_on,
    )
    version.refresh_from_db()  # callers keep the instance they passed
    return saved


def withdraw_version(*, actor: Actor, version: BudgetVersion, reason: str) -> BudgetVersion:
    """Withdraw a proposed revision (a reason is required): it stays on
    record, and a new revision may be opened."""
    saved = transition(VERSIONS, version, "withdraw", actor=actor, note=reason)
    version.refresh_from_db()
    return saved


def available_steps(actor: Actor, version: BudgetVersion) -> list[str]:
    """The steps a page may offer on `version` now."""
    return VERSIONS.available(actor, version)


@transaction.atomic
def save_plan(*, actor: Actor, line: BudgetLine, amounts: Mapping[int, Decimal]) -> None:
    """Replace the yearly planning of a line. The years must be the
    intervention's and the amounts must add up to the line's amount."""
    if not policies.may_manage_finance(actor):
        raise PermissionDenied
    if line.is_heading:
        raise ValidationError(_("A heading has no planning of its own."))
    intervention = line.version.intervention
    errors: dict[str, list[str]] = defaultdict(list)
    for year, amount in amounts.items():
        if not intervention.covers_year(year):
            errors["__all__"].append(
                _("%(year)d is outside the intervention's years.") % {"year": year}
            )
        if amount < 0:
            errors["__all__"].append(_("An amount cannot be negative."))
    total = sum(amounts.values(), Decimal(0))
    if total != (line.amount or Decimal(0)):
        errors["__all__"].append(
            _("The years add up to %(total)s, the line holds %(amount)s.")
            % {"total": total, "amount": line.amount}
        )
    if errors:
        raise ValidationError(dict(errors))
    line.plans.all().delete()
    for year, amount in sorted(amounts.items()):
        if amount:
            plan = LinePlan(line=line, year=year, amount=amount)
            plan.full_clean()
            plan.save()
    audit.record(
        actor=actor,
        action="finance.plan.saved",
        target=line,
        changed_fields=["plans"],
        detail={"years": sorted(y for y, a in amounts.items() if a)},
    )
