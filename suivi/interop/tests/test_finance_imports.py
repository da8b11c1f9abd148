"""The budget workbook and the accounting extract: row, column and reason;
all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest

from suivi.accounts.tests.factories import SYSTEM
from suivi.finance.models import BudgetVersion, Expense
from suivi.finance.tests.factories import SMALL_BUDGET, budgeted_intervention
from suivi.interop.finance.budget import import_budget
from suivi.interop.finance.expenses import import_expenses_file
from suivi.interop.reading.issues import FileIssuesError
from suivi.programmes.tests.factories import InterventionFactory

pytestmark = pytest.mark.django_db

HEADER = "N° pièce,Ligne budgétaire,Date,Montant (EUR),Type,Libellé,Fournisseur\n"


def _csv(*lines: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "\n".join(lines) + "\n").encode())


def test_an_extract_with_one_bad_row_writes_nothing_and_names_row_column_reason():
    intervention, _ = budgeted_intervention()
    source = _csv(
        "PC-1,A 01 01,2020-03-01,1000.00,dépense,Atelier,",
        "PC-2,A 09 09,2020-03-02,200,dépense,Inconnue,",
        'PC-3,A0102,05/03/2020,"1 250,50",engagement,Commande,',
        "PC-4,Z 01 01,2020-13-01,12.345,achat,,",
    )
    with pytest.raises(FileIssuesError) as error:
        import_expenses_file(
            actor=SYSTEM, intervention=intervention, source=source, filename="extrait.csv"
        )
    found = {(i.row, i.column) for i in error.value.issues}
    assert found == {
        (3, "Ligne budgétaire"),
        (5, "Date"),
        (5, "Montant (EUR)"),
        (5, "Type"),
    }
    assert not Expense.objects.exists()


def test_the_fixed_extract_imports_and_again_changes_nothing():
    intervention, _ = budgeted_intervention()
    lines = (
        "PC-1,A 01 01,2020-03-01,1000.00,dépense,Atelier,",
        'PC-3,A0102,05/03/2020,"1 250,50",engagement,Commande,',
    )
    outcome = import_expenses_file(
        actor=SYSTEM, intervention=intervention, source=_csv(*lines), filename="extrait.csv"
    )
    assert (outcome.counts.created, outcome.rows) == (2, 2)
    commitment = Expense.objects.get(document_number="PC-3")
    assert (commitment.kind, str(commitment.amount), commitment.line_code) == (
        "commitment",
        "1250.50",
        "A 01 02",
    )
    again = import_expenses_file(
        actor=SYSTEM, intervention=intervention, source=_csv(*lines), filename="extrait.csv"
    )
    assert (again.counts.created, again.counts.unchanged) == (0, 2)


def test_a_document_number_twice_with_other_figures_names_both_rows():
    intervention, _ = budgeted_intervention()
    source = _csv("PC-1,A 01 01,2020-03-01,1000,,,", "PC-1,A 01 01,2020-03-01,999,,,")
    with pytest.raises(FileIssuesError) as error:
        import_expenses_file(
            actor=SYSTEM, intervention=intervention, source=source, filename="x.csv"
        )
    [issue] = list(error.value.issues)
    assert issue.row == 3 and "2" in issue.message


def test_wrong_columns_refuse_the_file():
    intervention, _ = budgeted_intervention()
    source = io.BytesIO(b"Piece,Compte,Montant\n1,2,3\n")
    with pytest.raises(FileIssuesError) as error:
        import_expenses_file(
            actor=SYSTEM, intervention=intervention, source=source, filename="x.csv"
        )
    assert any("N° pièce" in str(issue) for issue in error.value.issues)


def _workbook(spec) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    sheet.append(["Code", "Libellé", "Mode d'exécution", "Montant (EUR)"])
    for code, title, mode, amount in spec:
        sheet.append([code, title, "Régie" if mode else None, amount])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_budget_workbook_whose_subtotal_is_wrong_is_refused():
    intervention = InterventionFactory()
    spec = [list(row) for row in SMALL_BUDGET]
    spec[1][3] = "400100"  # A 01 printed above the sum of its lines
    spec.append(["TOTAL", "Total", "", "500001"])
    with pytest.raises(FileIssuesError) as error:
        import_budget(
            actor=SYSTEM,
            intervention=intervention,
            source=_workbook(spec),
            filename="budget.xlsx",
            label="DTF",
        )
    found = {(i.row, i.column) for i in error.value.issues}
    assert found == {(3, "Montant (EUR)"), (11, "Montant (EUR)")}
    assert not BudgetVersion.objects.exists()


def test_a_budget_workbook_imports_as_the_original_budget():
    intervention = InterventionFactory()
    spec = [*SMALL_BUDGET, ("TOTAL", "Total", "", "500000")]
    version = import_budget(
        actor=SYSTEM,
        intervention=intervention,
        source=_workbook(spec),
        filename="budget.xlsx",
        label="DTF",
    )
    assert version.lines.filter(is_heading=False).count() == 4


def test_the_commands_import_a_budget_then_an_extract(tmp_path):
    from django.core.management import CommandError, call_command

    intervention = InterventionFactory(start_date=None, end_date=None)
    spec = [*SMALL_BUDGET, ("TOTAL", "Total", "", "500000")]
    budget_file = tmp_path / "budget.xlsx"
    budget_file.write_bytes(_workbook(spec).getvalue())
    out = io.StringIO()
    call_command(
        "import_budget", str(budget_file), intervention=intervention.code, label="DTF", stdout=out
    )
    assert intervention.budget_versions.get().lines.count() == len(SMALL_BUDGET)
    extract = tmp_path / "extrait.csv"
    extract.write_bytes(_csv("PC-9,Z 01 01,2021-02-01,10,,,", "PC-10,X 09,2021-02-01,10,,,").read())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_expenses", str(extract), intervention=intervention.code, stdout=out, stderr=err
        )
    assert "X 09" in err.getvalue()
    assert not Expense.objects.exists()


def test_the_finance_officer_imports_from_the_page_with_a_job(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from suivi.accounts.roles import Role
    from suivi.accounts.tests.factories import member
    from suivi.core.models import JobStatus
    from suivi.interop.models import ImportJob

    intervention, _ = budgeted_intervention()
    client.force_login(member(Role.FINANCE_OFFICER))
    url = f"/finances/{intervention.code}/depenses/importer/"
    bad = (HEADER + "PC-1,A 01 01,2020-03-01,10,,,\nPC-2,Z 09 09,2020-03-01,10,,,\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("extrait.csv", bad)})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    job.refresh_from_db()
    assert (job.kind, job.status, job.error_count) == ("expenses", JobStatus.FAILED, 1)
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "Ligne budgétaire"
    assert not Expense.objects.exists()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Z 09 09" in page
    good = bad.replace(b"Z 09 09", b"Z 01 01")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("extrait.csv", good)})
    job = ImportJob.objects.order_by("-created_at").first()
    assert job.status == JobStatus.SUCCEEDED
    assert Expense.objects.count() == 2
    # A partner's staff may not use the page.
    client.force_login(member(Role.PARTNER_FOCAL_POINT))
    assert client.get(url).status_code == 404
