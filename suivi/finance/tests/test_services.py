from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import SYSTEM, member
from suivi.core.models import AuditEvent
from suivi.finance.models import Expense, VersionStatus
from suivi.finance.services import budget, expenses, grants
from suivi.finance.services.budget import BudgetRow, check_rows, normalise_code
from suivi.finance.tests.factories import budgeted_intervention, rows
from suivi.governance import hooks as steering_hooks
from suivi.governance.tests import factories as steering

decision_approvals = steering_hooks.decision_approvals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A0101", "A 01 01"),
        ("A 01 01", "A 01 01"),
        ("z-3-2", "Z 03 02"),
        ("X 01", "X 01"),
        ("A", "A"),
        ("total", None),
        ("A 01 01 01", None),
    ],
)
def test_budget_codes_are_normalised(text, code):
    assert normalise_code(text) == code


def test_a_printed_subtotal_must_equal_the_sum_of_its_lines():
    spec = rows()
    wrong = [
        r if r.code != "A 01" else BudgetRow(r.number, r.code, r.title, "", Decimal("400001"))
        for r in spec
    ]
    [issue] = check_rows(wrong)
    assert (issue.row, issue.column) == (3, "amount")
    assert "400001" in issue.message and "400000" in issue.message


def test_rows_without_their_heading_or_amount_are_reported():
    spec = [
        BudgetRow(2, "A 01 01", "Sans titre parent", "regie", Decimal("1")),
        BudgetRow(3, "Z", "", "", None),
        BudgetRow(4, "Z 01", "Ligne", "regie", None),
        BudgetRow(5, "Z 01", "Encore", "regie", Decimal("1")),
    ]
    found = {(i.row, i.column) for i in check_rows(spec)}
    assert {(2, "code"), (3, "title"), (4, "amount"), (5, "code")} <= found


def test_the_first_version_is_the_approved_original_and_the_next_a_proposal():
    intervention, original = budgeted_intervention()
    assert (original.number, original.status, original.kind) == (1, "approved", "original")
    revision = budget.propose_revision(
        actor=SYSTEM, intervention=intervention, label="Révision 1", reason="MTR"
    )
    assert (revision.number, revision.status) == (2, VersionStatus.PROPOSED)
    assert revision.lines.count() == original.lines.count()
    with pytest.raises(ValidationError):
        budget.propose_revision(actor=SYSTEM, intervention=intervention, label="R2", reason="")


def test_a_revision_breaking_a_rule_is_approved_only_with_its_copil_decision():
    intervention, _ = budgeted_intervention()
    revision = budget.propose_revision(
        actor=SYSTEM, intervention=intervention, label="R1", reason="MTR"
    )
    line = revision.lines.get(code="A 01 01")
    budget.update_line(
        actor=SYSTEM,
        line=line,
        title=line.title,
        amount=Decimal("160000"),
        execution_mode="regie",
        closed=False,
    )
    breaches = budget.revision_breaches(revision)
    assert {b.rule for b in breaches} >= {"line", "rubric", "mode_total"}
    assert not any(b.covered for b in breaches)
    with pytest.raises(ValidationError) as refused:
        budget.approve_version(
            actor=SYSTEM, version=revision, decision=None, approved_on=datetime.date.today()
        )
    assert "decision" in refused.value.message_dict
    copil = steering.meeting(intervention, held_on=datetime.date(2021, 6, 10))
    approving = steering.decision(copil, text="Approuver la révision budgétaire 1")
    budget.approve_version(
        actor=SYSTEM, version=revision, decision=approving, approved_on=datetime.date(2021, 6, 10)
    )
    revision.refresh_from_db()
    assert revision.status == VersionStatus.APPROVED and revision.decision == approving
    assert all(b.covered for b in budget.revision_breaches(revision))
    # Governance shows what the decision approved, through its hook.
    [link] = decision_approvals(SYSTEM, [approving.pk])[approving.pk]
    assert link["url"] == f"/finances/versions/{revision.pk}/"


def test_the_approving_decision_is_a_copil_decision_of_the_intervention_before_approval():
    intervention, _ = budgeted_intervention()
    revision = budget.propose_revision(
        actor=SYSTEM, intervention=intervention, label="R1", reason="MTR"
    )
    ctos = steering.decision(steering.meeting(intervention, kind="ctos"))
    elsewhere = steering.decision(steering.meeting())
    copil = steering.decision(
        steering.meeting(intervention, number=4, held_on=datetime.date(2021, 6, 10))
    )
    for wrong, day, field in [
        (ctos, datetime.date(2021, 6, 10), "decision"),
        (elsewhere, datetime.date(2021, 6, 10), "decision"),
        (copil, datetime.date(2021, 6, 9), "approved_on"),
    ]:
        with pytest.raises(ValidationError) as refused:
            budget.approve_version(actor=SYSTEM, version=revision, decision=wrong, approved_on=day)
        assert set(refused.value.message_dict) == {field}
    revision.refresh_from_db()
    assert revision.status == VersionStatus.PROPOSED and revision.decision is None


def test_an_approved_budget_changes_only_through_a_revision():
    _intervention, original = budgeted_intervention()
    line = original.lines.get(code="A 01 01")
    with pytest.raises(ValidationError):
        budget.update_line(
            actor=SYSTEM,
            line=line,
            title=line.title,
            amount=Decimal("1"),
            execution_mode="regie",
            closed=False,
        )
    budget.update_line(
        actor=SYSTEM,
        line=line,
        title=line.title,
        amount=line.amount,
        execution_mode="regie",
        closed=True,
    )
    line.refresh_from_db()
    assert line.closed


def test_the_yearly_planning_adds_up_to_the_line():
    _intervention, original = budgeted_intervention()
    line = original.lines.get(code="Z 01 01")
    with pytest.raises(ValidationError):
        budget.save_plan(actor=SYSTEM, line=line, amounts={2019: Decimal("40000")})
    with pytest.raises(ValidationError):
        budget.save_plan(actor=SYSTEM, line=line, amounts={2030: Decimal("80000")})
    budget.save_plan(
        actor=SYSTEM, line=line, amounts={2019: Decimal("40000"), 2020: Decimal("40000")}
    )
    assert sorted(line.plans.values_list("year", flat=True)) == [2019, 2020]


def test_only_the_finance_officer_writes_budgets_and_expenses():
    intervention, _ = budgeted_intervention()
    for role in (Role.GRANTS_PROCUREMENT_OFFICER, Role.STEERING_READER, Role.ME_OFFICER):
        with pytest.raises(PermissionDenied):
            budget.record_version(
                actor=member(role), intervention=intervention, rows=rows(), label="x"
            )
    officer = member(Role.FINANCE_OFFICER)
    data = expenses.ExpenseData("PC-1", "A 01 01", datetime.date(2020, 5, 1), Decimal("10"))
    expenses.create_expense(actor=officer, intervention=intervention, data=data)
    assert AuditEvent.objects.filter(action="finance.expense.created").exists()


def _expense(code: str, number: str = "PC-1", **kw: object) -> expenses.ExpenseData:
    return expenses.ExpenseData(number, code, datetime.date(2020, 5, 1), Decimal("10"), **kw)


def test_an_expense_on_an_unknown_or_closed_line_is_refused():
    intervention, original = budgeted_intervention()
    with pytest.raises(ValidationError) as error:
        expenses.create_expense(actor=SYSTEM, intervention=intervention, data=_expense("A 09 01"))
    assert "line_code" in error.value.message_dict
    original.lines.filter(code="A 01 02").update(closed=True)
    with pytest.raises(ValidationError):
        expenses.create_expense(actor=SYSTEM, intervention=intervention, data=_expense("A 01 02"))
    with pytest.raises(ValidationError):  # a heading takes no expense
        expenses.create_expense(actor=SYSTEM, intervention=intervention, data=_expense("A 01"))
    assert not Expense.objects.exists()


def test_importing_expenses_is_idempotent_by_document_number():
    intervention, _ = budgeted_intervention()
    items = [_expense("A 01 01", "PC-1"), _expense("Z 01 01", "PC-2")]
    counts = expenses.import_expenses(actor=SYSTEM, intervention=intervention, items=items)
    assert (counts.created, counts.updated, counts.unchanged) == (2, 0, 0)
    counts = expenses.import_expenses(actor=SYSTEM, intervention=intervention, items=items)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 2)
    corrected = [_expense("A 01 01", "PC-1", description="corrigé"), items[1]]
    counts = expenses.import_expenses(actor=SYSTEM, intervention=intervention, items=corrected)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 1)
    assert Expense.objects.count() == 2


def test_a_tranche_above_the_remaining_amount_is_refused():
    from suivi.accounts.tests.factories import OrganisationFactory

    intervention, _ = budgeted_intervention()
    officer = member(Role.GRANTS_PROCUREMENT_OFFICER)
    grant = grants.create_grant(
        actor=officer,
        intervention=intervention,
        data=grants.GrantData(
            "SUB-1",
            OrganisationFactory(),
            Decimal("1000"),
            datetime.date(2020, 1, 1),
            datetime.date(2021, 1, 1),
            "But",
        ),
    )
    grants.add_tranche(
        actor=officer, grant=grant, planned_date=datetime.date(2020, 2, 1), amount=Decimal("600")
    )
    with pytest.raises(ValidationError) as error:
        grants.add_tranche(
            actor=officer,
            grant=grant,
            planned_date=datetime.date(2020, 6, 1),
            amount=Decimal("400.01"),
        )
    assert "400.00" in str(error.value)
    grants.add_amendment(
        actor=officer,
        grant=grant,
        signed_on=datetime.date(2020, 3, 1),
        amount_change=Decimal("100"),
        new_end_date=None,
        description="Avenant",
    )
    grants.add_tranche(
        actor=officer, grant=grant, planned_date=datetime.date(2020, 6, 1), amount=Decimal("500")
    )
    assert grants.remaining(grant) == 0
    with pytest.raises(PermissionDenied):
        grants.add_tranche(
            actor=member(Role.FINANCE_OFFICER),
            grant=grant,
            planned_date=datetime.date(2020, 6, 1),
            amount=Decimal("1"),
        )


def test_spending_is_judged_against_the_budget_in_force_and_the_yearly_general_means():
    from suivi.finance.selectors.budgets import spending_breaches

    intervention, original = budgeted_intervention()
    line = original.lines.get(code="Z 01 01")
    budget.save_plan(
        actor=SYSTEM, line=line, amounts={2019: Decimal("40000"), 2020: Decimal("40000")}
    )

    def spend(number: str, code: str, amount: str, year: int = 2020) -> None:
        data = expenses.ExpenseData(number, code, datetime.date(year, 6, 1), Decimal(amount))
        expenses.create_expense(actor=SYSTEM, intervention=intervention, data=data)

    spend("Z-1", "Z 01 01", "42000")  # 5 % above the 2020 planning: within the rule
    assert spending_breaches(SYSTEM, intervention) == []
    spend("Z-2", "Z 01 01", "0.01")
    assert {(b.rule, b.scope) for b in spending_breaches(SYSTEM, intervention)} == {
        ("general_means_year", "2020")
    }
    spend("X-1", "X 01", "1")
    assert ("reserve", "X") in {(b.rule, b.scope) for b in spending_breaches(SYSTEM, intervention)}
