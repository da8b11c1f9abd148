"""The UI shell in a real Chromium: right-to-left Arabic, phones, HTMX."""

import io

import pytest
from PIL import Image

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import PASSWORD, OrganisationFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAV_COLOUR = (0x12, 0x35, 0x4F)  # --nav in suivi.css


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")


def _is_nav(pixel) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(pixel[:3], NAV_COLOUR, strict=True))


def _nav_share(image: Image.Image, x_range: range) -> float:
    """The share of the navigation's colour in a vertical band, over rows
    every 10 px: one row may cross a menu entry's white text."""
    rows = range(100, image.size[1] - 100, 10)
    hits = sum(_is_nav(image.getpixel((x, y))) for y in rows for x in x_range)
    return hits / (len(rows) * len(x_range))


def test_arabic_page_is_rtl_with_navigation_on_the_right(page, live_server):
    user = member(Role.ME_OFFICER, preferred_language="ar")
    page.set_viewport_size({"width": 1280, "height": 800})
    _sign_in(page, live_server, user.username)
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"

    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    width, _height = image.size
    # The navigation's dark band fills the right edge and none of the left.
    assert _nav_share(image, range(width - 150, width - 10)) > 0.75
    assert _nav_share(image, range(10, 150)) < 0.05
    box = page.locator("[data-testid=main-nav]").bounding_box()
    assert box["x"] > width / 2


def test_french_page_has_navigation_on_the_left(page, live_server):
    user = member(Role.ME_OFFICER, preferred_language="fr")
    page.set_viewport_size({"width": 1280, "height": 800})
    _sign_in(page, live_server, user.username)
    assert page.get_attribute("html", "dir") == "ltr"
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    assert _nav_share(image, range(10, 150)) > 0.75
    assert _nav_share(image, range(image.size[0] - 150, image.size[0] - 10)) < 0.05


def test_phone_screen_has_no_horizontal_scroll_and_nav_above_content(page, live_server):
    user = member(Role.PARTNER_FOCAL_POINT)
    page.set_viewport_size({"width": 360, "height": 740})
    _sign_in(page, live_server, user.username)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    nav = page.locator("[data-testid=main-nav]").bounding_box()
    main = page.locator("#main").bounding_box()
    assert nav["y"] + nav["height"] <= main["y"] + 1


def test_member_form_errors_swap_in_place_over_htmx(page, live_server):
    organisation = OrganisationFactory()
    user = member(Role.PARTNER_FOCAL_POINT, organisation)
    _sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/membres/ajouter/")
    page.fill("#id_first_name", "Awa")
    page.fill("#id_email", "not-an-email")
    with page.expect_response(lambda r: "membres/ajouter" in r.url and r.request.method == "POST"):
        page.click("#member-form button[type=submit]")
    page.wait_for_selector("#member-form .field-error")
    assert page.locator("#member-form .error").count() >= 3
    # A partial swap: the page around the form was not reloaded.
    assert page.locator("h1").count() == 1
    assert page.input_value("#id_first_name") == "Awa"


def test_no_console_errors_and_no_csp_violations(page, live_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    user = member(Role.INTERVENTION_MANAGER)
    _sign_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/journal/")
    page.select_option("#id_action", index=1)
    page.wait_for_load_state("networkidle")
    assert errors == []
