"""The finance officer imports an accounting extract (issue 13): a file with
one bad row is refused whole, naming the row, the column and the reason;
the fixed file imports; the budget follow-up table and the warnings of the
DTF's rules change with it. In French and Arabic, on a desktop and a phone
(screenshots in test-results/screenshots/)."""

import re
from decimal import Decimal

import pytest

from suivi.accounts.models import User
from suivi.accounts.services import set_preferred_language
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD
from suivi.finance.models import Expense

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)
HEADER = "N° pièce;Ligne budgétaire;Date;Montant (EUR);Type;Libellé;Fournisseur"
TABLE = "/finances/MOR1605211/suivi-budgetaire/?annee=2020"


def _extract(prefix: str, second_line: str) -> bytes:
    rows = [
        HEADER,
        # Fees of vocational training: €30,000 on the line, €90,000 more spent.
        f"{prefix}-1;A 01 04;2020-11-15;90000,00;dépense;Frais d'inscription FP;",
        f"{prefix}-2;{second_line};2020-11-20;1000,00;dépense;Atelier;",
    ]
    return ("\n".join(rows) + "\n").encode()


def _upload(page, live_server, body: bytes) -> None:
    page.goto(f"{live_server.url}/finances/MOR1605211/depenses/importer/")
    page.set_input_files(
        "#id_file", files=[{"name": "extrait.csv", "mimeType": "text/csv", "buffer": body}]
    )
    page.click("button[type=submit].button-primary")
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))


def _cell(page, row: str, what: str) -> Decimal:
    return Decimal(
        page.locator(f"[data-testid=follow-up-table] tr[data-row={row}]").get_attribute(what)
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_finance_officer_imports_an_extract_and_the_table_follows(
    browser, live_server, demo, language
):
    from suivi.finance.models import BudgetVersion

    set_preferred_language(actor=User.objects.get(username="finances"), language=language)
    version = BudgetVersion.objects.get(intervention__code="MOR1605211", number=1)
    for index, viewport in enumerate((DESKTOP, PHONE)):
        prefix = f"TOUR{index}"
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", "finances")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].button-primary")
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("[data-testid=main-nav] a[href='/finances/']").count() == 1

        page.goto(live_server.url + TABLE)
        before = _cell(page, "A01", "data-year")
        if index == 0:
            assert before == Decimal("267458.25")
            assert page.locator("[data-testid=rule-warnings-none]").count() == 1

        # One bad row: the whole file is refused, naming row 3 and its column.
        _upload(page, live_server, _extract(prefix, "A 09 09"))
        issues = page.locator("[data-testid=import-issues]")
        assert issues.locator("tbody tr").count() == 1
        cells = issues.locator("tbody tr td")
        assert cells.nth(0).inner_text() == "3"
        assert cells.nth(1).inner_text() == "Ligne budgétaire"
        assert "A 09 09" in cells.nth(2).inner_text()
        assert not Expense.objects.filter(document_number__startswith=prefix).exists()
        page.goto(live_server.url + TABLE)
        assert _cell(page, "A01", "data-year") == before

        # Fixed: both rows imported.
        _upload(page, live_server, _extract(prefix, "A 01 01"))
        assert page.locator("[data-testid=job-status] .message-success").count() == 1
        assert Expense.objects.filter(document_number__startswith=prefix).count() == 2

        page.goto(live_server.url + TABLE)
        assert _cell(page, "A01", "data-year") == before + Decimal("91000")
        assert _cell(page, "total", "data-year") == Decimal("783288.81") + 91000 * (index + 1)
        warnings = page.locator("[data-testid=rule-warnings]")
        assert warnings.locator("tr[data-rule=line]").count() == 1
        assert "A 01 04" in warnings.locator("tr[data-rule=line]").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        # The home page and the budget say it too.
        page.goto(f"{live_server.url}/")
        assert page.locator(".home-panels").count() == 1
        page.goto(f"{live_server.url}/finances/MOR1605211/budget/")
        assert page.locator("[data-testid=rule-warnings] tr[data-rule=line]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        # The budget version, and an output's cost from the logframe.
        page.goto(f"{live_server.url}/finances/versions/{version.pk}/")
        assert page.locator("[data-testid=budget-lines]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        page.goto(f"{live_server.url}/interventions/MOR1605211/")
        page.click("a[data-testid=result-link][href$='/produits/OI1/']")
        page.wait_for_url(re.compile(r".*/produits/OI1/$"))
        assert page.locator("[data-testid=output-costs] tr[data-year='2020']").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_grants_officer_follows_grants_and_procurement(browser, live_server, demo, language):
    from suivi.finance.models import Grant

    set_preferred_language(actor=User.objects.get(username="marches"), language=language)
    grant = Grant.objects.get(reference="SUB-AMAPPE-2019")
    for step, viewport in (("request", DESKTOP), ("pay", PHONE)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", "marches")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].button-primary")
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator(".home-panels a[href*='/subsides/']").count() >= 1
        for path in (
            "/finances/MOR1605211/subsides/",
            f"/finances/subsides/{grant.pk}/",
            "/finances/MOR1605211/marches/",
        ):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        # A tranche above what remains of the grant: refused on the form, over HTMX.
        page.goto(f"{live_server.url}/finances/subsides/{grant.pk}/tranches/nouvelle/")
        page.fill("#id_planned_date", "2021-06-30")
        page.fill("#id_amount", "100000")
        page.click("#finance-form button[type=submit]")
        page.locator("#finance-form [role=alert]").first.wait_for()
        assert "0.00" in page.locator("#finance-form").inner_text()  # every euro is in a tranche
        assert grant.tranches.count() == 3
        # The last tranche requested (desktop), then paid (phone), from the grant's page.
        page.goto(f"{live_server.url}/finances/subsides/{grant.pk}/")
        page.click(f"[data-testid=tranches] a[data-step={step}]")
        page.fill("#id_on", "2022-02-15")
        page.click("#finance-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/finances/subsides/{grant.pk}/")
        status = "requested" if step == "request" else "paid"
        assert page.locator(f"[data-testid=tranches] tr[data-status={status}]").count() >= 1
        assert grant.tranches.get(number=3).status == status
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_finance_officer_approves_a_revision_with_its_copil_decision(
    browser, live_server, demo, language
):
    """A revision that breaks a rule cannot be approved without a COPIL
    decision; chosen among the steering registers' decisions, it covers the
    breach, and the decision's page names the budget version it approved."""
    from suivi.finance.models import BudgetVersion

    set_preferred_language(actor=User.objects.get(username="finances"), language=language)
    for index, viewport in enumerate((DESKTOP, PHONE)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", "finances")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].button-primary")
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}/finances/MOR1605211/budget/revision/")
        page.fill("#id_label", f"Révision {index + 1}")
        page.fill("#id_reason", "Revue à mi-parcours")
        page.click("#finance-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/finances/versions/[0-9a-f-]{36}/$"))
        version = BudgetVersion.objects.get(intervention__code="MOR1605211", number=index + 2)
        line = version.lines.get(code="A 01 01")
        page.goto(f"{live_server.url}/finances/lignes/{line.pk}/modifier/")
        # Above the last approved amount by more than 20 % and more than €50,000.
        page.fill("#id_amount", ("250000", "380000")[index])
        page.click("#finance-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/finances/versions/{version.pk}/")
        warning = page.locator("[data-testid=rule-warnings] tr[data-rule=line]")
        assert warning.count() == 1 and warning.locator(".badge-warn").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]

        # Without a decision: refused in place; with the COPIL's: approved.
        page.goto(f"{live_server.url}/finances/versions/{version.pk}/approuver/")
        page.fill("#id_approved_on", "2021-01-15")
        page.click("#finance-form button[type=submit]")
        page.locator("#finance-form [role=alert]").first.wait_for()
        version.refresh_from_db()
        assert version.status == "proposed"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        page.select_option("#id_decision", index=1)
        page.click("#finance-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/finances/MOR1605211/budget/")
        version.refresh_from_db()
        assert version.status == "approved" and version.decision is not None

        page.goto(f"{live_server.url}/finances/versions/{version.pk}/")
        assert page.locator("[data-testid=rule-warnings] tr[data-rule=line] .badge-ok").count()
        page.click("[data-testid=approving-decision] a")
        page.wait_for_url(f"{live_server.url}/pilotage/decisions/{version.decision.pk}/")
        approvals = page.locator("[data-testid=decision-approvals]")
        assert approvals.locator(f"a[href='/finances/versions/{version.pk}/']").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
        context.close()
