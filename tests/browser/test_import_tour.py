"""A partner's spreadsheet imports as the partner sees them (issue 10): a file
with an issue on every row — the first 200 listed a page at a time, the rest
counted — and a file with thousands of trailing empty lines, imported with
its summary. In French and Arabic, on a desktop and a phone (screenshots in
test-results/screenshots/)."""

import re

import pytest

from suivi.accounts.models import User
from suivi.accounts.services import set_preferred_language
from suivi.beneficiaries.models import Person
from suivi.demo.organisations import DEMO_PASSWORD as PASSWORD
from suivi.interop.records import template as t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)
HEADERS = [c.header for c in t.PERSON_COLUMNS]


def _row(number: int, sex: str = "femme", prefix: str = "TOUR") -> str:
    values = [f"{prefix}-{number}", "Awa", "Fictif", sex, "1995", "SN", "refugee", "Rabat"]
    values += ["", "", "", "2020-01-10", "2020-01-10"]
    return ";".join(values)


def _upload(page, live_server, name: str, body: bytes) -> None:
    page.goto(f"{live_server.url}/imports/dossiers/")
    page.select_option("#id_kind", "persons")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
    page.click("button[type=submit].button-primary")
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_partner_reads_what_is_wrong_and_what_was_imported(browser, live_server, demo, language):
    set_preferred_language(actor=User.objects.get(username="pf.en"), language=language)
    bad_rows = "\n".join(_row(n, sex="x", prefix="BAD") for n in range(260))
    bad = ";".join(HEADERS) + "\n" + bad_rows + "\n"
    for index, viewport in enumerate((DESKTOP, PHONE)):
        rows = "\n".join(_row(1000 * (index + 1) + n) for n in range(3))
        blank_tail = ";".join(HEADERS) + "\n" + rows + "\n" + ";;;;;;;;;;;;\n" * 5000
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        page.goto(f"{live_server.url}/connexion/")
        page.fill("#id_username", "pf.en")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].button-primary")
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")

        # 260 issues: 200 listed, 50 a page; the other 60 counted by column.
        _upload(page, live_server, "personnes.csv", bad.encode())
        issues = page.locator("[data-testid=import-issues]")
        assert "260" in issues.locator("h2").inner_text()
        assert issues.locator("tbody tr").count() == 50
        assert "60" in page.locator("[data-testid=unlisted-issues]").inner_text()
        pager = issues.locator("nav.pager")
        assert "1" in pager.inner_text() and "4" in pager.inner_text()
        page.goto(page.url + "?page=4")
        assert issues.locator("tbody tr").count() == 50
        assert not Person.all_objects.filter(partner_record_id__startswith="BAD-").exists()

        # Thousands of empty formatted lines: the data ends quietly.
        _upload(page, live_server, "personnes-vides.csv", blank_tail.encode())
        summary = page.locator("[data-testid=job-status] .message-success").inner_text()
        assert "3" in summary and "5000" in summary  # 3 new records, 5000 blank rows
        context.close()
