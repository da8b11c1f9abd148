"""Setting up a new programme from scratch (issue 11, item 5), as its team
does it in the browser, on an empty database: the administrator (created as
`manage.py create_administrator` does) enrols their second factor, creates
the partner organisation and the users; the M&E officer creates the
disaggregations, a new intervention, imports its logframe workbook and its
service catalogue, writes two computation rules on the indicator sheets (a
count of unique women, a rate), previews and saves them; the partner imports
50 persons and 80 services; the progress table shows the figures; a changed
rule makes a new version and the figures follow, the older version staying
readable. In French and Arabic; staff on a desktop, the partner on a phone.

Every figure expected here is counted by this test from the files it
generates, never read from the application. The screenshots (in
test-results/screenshots/<test>/) illustrate docs/setup.md."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from suivi.accounts import services as accounts
from suivi.accounts.models import Organisation, OrganisationKind, User
from suivi.accounts.roles import Role
from suivi.accounts.selectors import organisation_by_code
from suivi.beneficiaries.models import Centre, EventType
from suivi.core.actors import system
from suivi.indicators.models import Dimension, Indicator
from suivi.programmes.models import Intervention, Programme
from tests.browser.conftest import SCREENSHOTS
from tests.browser.setup_walkthrough_data import (
    CATEGORIES,
    CODE,
    YEARS,
    logframe_workbook,
    percent,
    persons_csv,
    placement_rate,
    registry,
    services_csv,
    women_trained,
)
from tests.browser.test_setup_from_scratch import catalogue_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 900), (360, 740)
PASSWORD = "Souss-Argan-2024"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# --- The browser ------------------------------------------------------------


class Walk:
    """One browser context of one person, with named screenshots for the
    pages whose address does not change (a preview, an added value)."""

    def __init__(self, browser, live_server, request, viewport, language):
        self.url = live_server.url
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            locale="ar-MA" if language == "ar" else "fr-FR",
        )
        self.page = self.context.new_page()
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)[:120]

    def sign_in(self, username: str, then: str = "/") -> None:
        page = self.page
        page.goto(f"{self.url}/connexion/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].button-primary")
        page.wait_for_url(re.compile(re.escape(self.url) + then))

    def submit(self, selector: str = "main button[type=submit].button-primary") -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def shot(self, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def shot_region(self, name: str, *selectors: str, pad: int = 12) -> None:
        """The part of the page that holds `selectors` (for docs/setup.md)."""
        boxes = [self.page.locator(s).first.bounding_box() for s in selectors]
        scroll_x, scroll_y = self.page.evaluate("[window.scrollX, window.scrollY]")
        left = min(b["x"] for b in boxes) + scroll_x - pad
        top = min(b["y"] for b in boxes) + scroll_y - pad
        right = max(b["x"] + b["width"] for b in boxes) + scroll_x + pad
        bottom = max(b["y"] + b["height"] for b in boxes) + scroll_y + pad
        clip = {"x": max(left, 0), "y": max(top, 0), "width": right - left, "height": bottom - top}
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True, clip=clip)

    def upload(self, selector: str, name: str, body: bytes, mime: str = XLSX) -> None:
        self.page.set_input_files(
            selector, files=[{"name": name, "mimeType": mime, "buffer": body}]
        )

    def job_succeeded(self) -> str:
        self.page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))
        status = self.page.locator("[data-testid=job-status]")
        status.locator(".message-success").wait_for()
        return status.inner_text()

    def close(self) -> None:
        self.context.close()


def create_administrator(language: str) -> User:
    """As `manage.py create_administrator admin --email …` does."""
    actor = system("manage.py create_administrator")
    organisation = organisation_by_code(actor, "enabel")
    if organisation is None:
        organisation = accounts.create_organisation(
            actor=actor, code="enabel", name="Enabel", short_name="Enabel", kind="enabel"
        )
    membership = accounts.create_member(
        actor=actor,
        organisation=organisation,
        username="admin",
        first_name="Amal",
        last_name="Admin",
        email="admin@example.org",
        role=Role.SYSTEM_ADMINISTRATOR,
        password=PASSWORD,
        preferred_language=language,
    )
    return membership.user


def add_member(walk: Walk, organisation: Organisation, **fields: str) -> None:
    page = walk.page
    page.goto(f"{walk.url}/organisations/{organisation.pk}/membres/ajouter/")
    for name in ("first_name", "last_name", "username", "email", "password"):
        page.fill(f"#id_{name}", fields[name])
    page.select_option("#id_role", fields["role"])
    page.select_option("#id_preferred_language", fields["language"])
    page.click("#member-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/organisations/{organisation.pk}/$"))
    assert f"{fields['first_name']} {fields['last_name']}" in page.locator("main").inner_text()


def add_dimension(walk: Walk, code: str, names: tuple[str, str, str], values, shown: str) -> None:
    page = walk.page
    page.fill("#id_dimension-code", code)
    for field, name in zip(("name", "name_ar", "name_en"), names, strict=True):
        page.fill(f"#id_dimension-{field}", name)
    walk.submit("form:has(#id_dimension-code) button[type=submit]")
    for value, fr, ar, en in values:
        page.select_option("#id_value-dimension", label=shown)
        page.fill("#id_value-code", value)
        page.fill("#id_value-name", fr)
        page.fill("#id_value-name_ar", ar)
        page.fill("#id_value-name_en", en)
        walk.submit("form:has(#id_value-code) button[type=submit]")
    assert page.locator(f"[data-dimension={code}] li").count() == len(values)


def preview_cells(walk: Walk) -> dict[int, dict[str, tuple[str, str]]]:
    """year → cell label → (with the draft rule, value held), as shown."""
    rows = walk.page.locator("[data-testid=definition-preview] tbody tr")
    cells: dict[int, dict[str, tuple[str, str]]] = {}
    year = 0
    for row in rows.all():
        texts = [text.strip() for text in row.locator("td").all_inner_texts()]
        year = int(texts[0]) if texts[0] else year
        cells.setdefault(year, {})[texts[1]] = (texts[2], texts[3])
    return cells


def shown(count: int) -> str:
    """A count as the preview shows it: nobody counted in a cell is no figure."""
    return str(count) if count else "—"


def write_rule(walk: Walk, indicator: Indicator, rule: dict, reason: str, name: str):
    """Open the rule form from the indicator sheet, fill it, preview it,
    save it with its reason; returns the preview's cells."""
    page = walk.page
    page.goto(f"{walk.url}/indicateurs/{indicator.pk}/")
    with page.expect_navigation():
        page.locator("[data-testid=rule-link]").click()
    page.wait_for_url(re.compile(rf".*/indicateurs/{indicator.pk}/regle/$"))
    form = page.locator("[data-testid=definition-form]")
    form.locator("#id_measure").select_option(rule["measure"])
    for code in rule.get("types", ()):
        form.locator(f"input[name=types][value={code}]").check()
    if "sex" in rule:
        form.locator("#id_sex").select_option(rule["sex"])
    if "details" in rule:
        form.locator("#id_details").fill(rule["details"])
    if rule.get("first_only"):
        form.locator("#id_first_only").check()
    for code in rule.get("numerator_types", ()):
        form.locator(f"input[name=numerator_types][value={code}]").check()
    if "via" in rule:
        form.locator("#id_via").select_option(rule["via"])
    walk.submit("[data-testid=definition-form] button[value=preview]")
    preview = page.locator("[data-testid=definition-preview]")
    assert preview.is_visible()
    assert page.locator("[data-testid=draft-rule]").is_visible()
    walk.shot(name)
    walk.shot_region(
        f"{name}-preview", "[data-testid=draft-rule]", "[data-testid=definition-preview]"
    )
    cells = preview_cells(walk)
    form.locator("#id_reason").fill(reason)
    walk.submit("[data-testid=definition-form] button[value=save]")
    page.wait_for_url(re.compile(r".*/recalculs/[0-9a-f-]{36}/$"))
    return cells


def progress_row(walk: Walk, year: int, code: str) -> str:
    walk.page.goto(f"{walk.url}/interventions/{CODE}/progression/?annee={year}")
    return walk.page.locator(f"tr[data-code='{code}'] td[data-progress]").inner_text().strip()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_programme_team_sets_up_suivi_from_scratch(browser, live_server, request, language):
    # An empty Suivi: nothing of any programme.
    assert not Programme.objects.exists() and not Intervention.objects.exists()
    assert not (EventType.objects.exists() or Centre.objects.exists())
    assert not (Indicator.objects.exists() or Dimension.objects.exists())
    arabic = language == "ar"
    administrator = create_administrator(language)

    # 1. The administrator enrols their second factor, creates the partner
    # organisation in the administration and the two users.
    admin = Walk(browser, live_server, request, DESKTOP, language)
    admin.sign_in("admin", then=r"/compte/verification/.*")
    assert admin.page.locator(".qr svg").is_visible()
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    admin.page.fill("#id_token", f"{code:06d}")
    admin.page.click("main button[type=submit]")
    admin.page.wait_for_url(f"{live_server.url}/")
    page = admin.page
    page.goto(f"{live_server.url}/admin/accounts/organisation/add/")
    page.fill("#id_code", "coop")
    page.fill("#id_name", "Coopérative agricole du Souss")
    page.fill("#id_short_name", "Coop Souss")
    page.select_option("#id_kind", OrganisationKind.NGO)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/accounts/organisation/$"))
    coop = Organisation.objects.get(code="coop")
    enabel = Organisation.objects.get(code="enabel")
    add_member(
        admin,
        enabel,
        first_name="Salma",
        last_name="Suivi",
        username="salma.se",
        email="salma@example.org",
        password=PASSWORD,
        role=Role.ME_OFFICER,
        language=language,
    )
    add_member(
        admin,
        coop,
        first_name="Youssef",
        last_name="Coop",
        username="youssef.coop",
        email="youssef@example.org",
        password=PASSWORD,
        role=Role.PARTNER_FOCAL_POINT,
        language=language,
    )
    admin.close()

    # 2. The M&E officer: disaggregations, the intervention, its logframe and
    # its catalogue.
    officer = Walk(browser, live_server, request, DESKTOP, language)
    officer.sign_in("salma.se")
    page = officer.page
    assert page.get_attribute("html", "dir") == ("rtl" if arabic else "ltr")
    page.goto(f"{live_server.url}/desagregations/")
    add_dimension(
        officer,
        "sex",
        ("Sexe", "الجنس", "Sex"),
        [("women", "Femmes", "النساء", "Women"), ("men", "Hommes", "الرجال", "Men")],
        "الجنس" if arabic else "Sexe",
    )
    add_dimension(
        officer,
        "category",
        ("Catégorie", "الفئة", "Category"),
        [
            ("migrant", "Migrant·e", "مهاجر(ة)", "Migrant"),
            ("host", "Population d'accueil", "الساكنة المضيفة", "Host community"),
        ],
        "الفئة" if arabic else "Catégorie",
    )
    officer.shot("dimensions")

    page.goto(f"{live_server.url}/programmes/")
    with page.expect_navigation():
        page.locator("a[href$='/programmes/nouvelle-intervention/']").first.click()
    page.wait_for_url(re.compile(r".*/programmes/nouvelle-intervention/$"))
    form = page.locator("[data-testid=intervention-form]")
    form.locator("#id_programme_code").fill("emploi-rural")
    form.locator("#id_programme_title").fill("Programme Emploi rural Souss-Massa")
    form.locator("#id_code").fill(CODE)
    form.locator("#id_short_name").fill("Agri Souss")
    form.locator("#id_title").fill("Femmes et filières agricoles dans le Souss-Massa")
    form.locator("#id_partner_institution").select_option(label="Coop Souss")
    form.locator("#id_zone").fill("Souss-Massa")
    form.locator("#id_start_date").fill("2024-01-01")
    form.locator("#id_end_date").fill("2026-12-31")
    form.locator("#id_budget").fill("1500000")
    officer.shot("intervention-form")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/interventions/{CODE}/$"))

    page.locator(f"a[href$='/interventions/{CODE}/cadre-logique/importer/']").click()
    page.wait_for_url(re.compile(rf".*/interventions/{CODE}/cadre-logique/importer/$"))
    officer.upload("#id_file", "cadre-logique.xlsx", logframe_workbook())
    officer.submit()
    assert "8" in officer.job_succeeded()  # 6 results and activities, 2 indicators
    page.goto(f"{live_server.url}/interventions/{CODE}/")
    assert page.locator("a[href*='/indicateurs/']").count() >= 2

    page.goto(f"{live_server.url}/interventions/{CODE}/catalogue/importer/")
    serves = {"agri_training": "OI1, A0101", "placement": "OI2, A0201"}
    officer.upload("#id_file", "catalogue.xlsx", catalogue_workbook(serves))
    officer.submit()
    assert "4" in officer.job_succeeded()  # 2 services, a trade, a centre
    page.locator("[data-testid=job-status] a[href$='/catalogue/']").click()
    page.wait_for_url(re.compile(r".*/catalogue/$"))
    body = page.locator("main").inner_text()
    for fr, ar in (
        ("Formation agricole", "تكوين فلاحي"),
        ("Insertion professionnelle", "إدماج مهني"),
    ):
        assert (ar if arabic else fr) in body

    # 3. Two rules, written on the indicator sheets, previewed (no records
    # yet: nothing counted), saved with their reason.
    women = Indicator.objects.get(intervention__code=CODE, code="Ind1.1")
    rate = Indicator.objects.get(intervention__code=CODE, code="Ind2.1")
    women_rule = {"measure": "persons", "types": ["agri_training"], "sex": "women"}
    women_rule["first_only"] = True
    cells = write_rule(
        officer, women, women_rule, "Règle du DTF : chaque femme formée une fois", "rule-women"
    )
    assert set(cells) == set(YEARS)
    assert {text for year in cells.values() for pair in year.values() for text in pair} == {"—"}
    rate_rule = {
        "measure": "rate",
        "types": ["agri_training"],
        "numerator_types": ["placement"],
        "via": "after",
    }
    cells = write_rule(
        officer, rate, rate_rule, "Règle du DTF : insertion après la formation", "rule-rate"
    )
    assert (
        set(cells) == set(YEARS) and len(cells[2024]) == 9
    )  # total, 2 sexes, 2 categories, 4 crossings

    officer.close()

    # 4. The partner imports its persons, then its services, on a phone.
    persons, services = registry()
    assert (len(persons), len(services)) == (50, 80)
    partner = Walk(browser, live_server, request, PHONE, language)
    partner.sign_in("youssef.coop")
    page = partner.page
    page.goto(f"{live_server.url}/imports/dossiers/")
    page.select_option("#id_kind", "persons")
    partner.upload("#id_file", "personnes.csv", persons_csv(persons), "text/csv")
    partner.submit()
    assert "50" in partner.job_succeeded()
    page.goto(f"{live_server.url}/imports/dossiers/")
    page.select_option("#id_kind", "events")
    partner.upload("#id_file", "services.csv", services_csv(services), "text/csv")
    partner.submit()
    assert "80" in partner.job_succeeded()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    partner.close()

    # 5. The progress table shows what the files give.
    officer = Walk(browser, live_server, request, DESKTOP, language)
    officer.sign_in("salma.se")
    expected_women = women_trained(persons, services)
    rates = placement_rate(persons, services)
    for year in (2024, 2025):
        assert progress_row(officer, year, "Ind1.1") == str(sum(expected_women[year].values()))
        n, d = rates[year]
        figure = progress_row(officer, year, "Ind2.1")
        assert figure.startswith(f"{percent(n, d)} %") and f"({n}/{d})" in figure, figure

    # 6. The programme now counts only the argan courses: a new version of
    # the rule, previewed on the records beside the values held, then saved.
    argan = women_trained(persons, services, crop="argan")
    assert argan != expected_women
    cells = write_rule(
        officer,
        women,
        {"measure": "persons", "details": "crop = argan"},
        "COPIL 2 : seules les formations à l'arganier comptent",
        "rule-women-argan",
    )
    women_run = officer.page.url.rstrip("/").rsplit("/", 1)[1]
    labels = {
        "total": "المجموع" if arabic else "Total",
        "migrant": "مهاجر(ة)" if arabic else "Migrant·e",
        "host": "الساكنة المضيفة" if arabic else "Population d'accueil",
    }
    for year in YEARS:
        draft, held = argan.get(year, Counter()), expected_women.get(year, Counter())
        assert cells[year][labels["total"]] == (shown(draft.total()), shown(held.total()))
        for category in CATEGORIES:
            assert cells[year][labels[category]][0] == shown(draft[category])
    for year in (2024, 2025):
        assert progress_row(officer, year, "Ind1.1") == str(sum(argan[year].values()))

    # The older rule stays readable on the indicator sheet.
    page = officer.page
    page.goto(f"{live_server.url}/recalculs/{women_run}/")
    page.locator("[data-testid=job-status] a[href*='/indicateurs/']").click()
    page.wait_for_url(re.compile(rf".*/indicateurs/{women.pk}/$"))
    rules = page.locator("[data-testid=version-rule]")
    assert rules.count() == 2
    officer.shot_region("history", "section.card:has([data-testid=version-rule])")
    now, before = rules.all_inner_texts()
    assert ("الأركان" if arabic else "Arganier") in now
    assert ("الأركان" if arabic else "Arganier") not in before
    officer.close()
