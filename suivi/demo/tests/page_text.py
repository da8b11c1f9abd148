"""Years are never printed as quantities, and Arabic pages isolate what
reads left to right (tests run by `test_url_access.py`, with its world).

Every page of the access table (`url_access.py`) a demo user opens is
rendered in French, Arabic and English against the demo and its additions
(`url_access_world.py`): no year may show grouped like a number ("1 982",
"2 021", "1,980"). The person pages are read in Arabic: every date, code
and organisation is isolated for bidirectional text (inside a `<bdi>`, an
element with a `dir`, or alone in its table cell), so "29/11/2026" next to
« AMAPPE » never reads "2026/11/AMAPPE · 29".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from suivi.demo.tests import url_access as table
from suivi.demo.tests import url_access_users as access_users
from suivi.demo.tests.url_access_world import World

# The pages are those of the access table, the world its (built once for
# `test_url_access.py`, which collects these tests).
Pages = list[tuple[str, str, str]]

LANGUAGES = ("fr", "ar", "en")
SEPARATORS = " \u00a0\u202f,.\u066c\u2009"
# A year of the programme's times (1900-2099) written with a thousands
# separator, and not part of a longer grouped number (an amount of 2 019 500)
# nor followed by decimals (2 020,50).
GROUPED_YEAR = re.compile(
    rf"(?<!\d)(?<!\d[{SEPARATORS}])(?:1[{SEPARATORS}]9\d\d|2[{SEPARATORS}]0\d\d)"
    rf"(?!\d)(?![{SEPARATORS}]\d)"
)


def test_the_pattern_finds_grouped_years_and_only_them():
    found = GROUPED_YEAR.findall
    grouped = ["1\u202f982", "2\u00a0021", "1,980"]
    assert found("né en 1\u202f982 · 2\u00a0021 · 1,980 · ٢") == grouped
    assert not found("1982 · 2021 · 12 019 500 · 2 020,50 · 3 021 · 21")


# Who reads each page: the first user of the table who gets it, and the
# first partner (a page may differ for them: the person page, not the
# reviewer's record).
READERS = (
    [u for u in access_users.USERS if u != access_users.ANONYMOUS],
    [u for u in access_users.USERS if u in access_users.REGISTERING],
)


def _pages(w: World) -> Pages:
    """(label, user, path) of every page: per pattern and group of
    readers, the first target one of them gets, as the first who gets it."""
    from suivi.demo.tests.test_url_access import PATTERNS, _requests, expected

    pages = []
    for key, pattern in PATTERNS.items():
        entry = table.URLS.get(key, {})
        if key.startswith("admin:") or "GET" not in entry:
            continue
        for readers in READERS:
            found = next(
                (
                    (user, request)
                    for user in readers
                    for request in _requests(pattern, entry, user, w)
                    if request.method == "GET" and not request.hx and not request.query
                    if expected(entry, "GET", user, request.target) == 200
                ),
                None,
            )
            if found is not None:
                user, request = found
                page = (f"{key} [{request.target}]", user, request.path)
                if page not in pages:
                    pages.append(page)
    return pages


def _get(w: World, user: str, path: str, language: str):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[user]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path)


def test_no_page_prints_a_year_as_a_number(db):
    w = db
    problems = []
    pages = _pages(w)
    assert len(pages) > 60
    for label, user, path in pages:
        for language in LANGUAGES:
            response = _get(w, user, path, language)
            if not response.get("Content-Type", "").startswith("text/html"):
                break
            found = GROUPED_YEAR.findall(response.content.decode())
            if found:
                problems.append(f"{label} as {user} in {language}: {sorted(set(found))}")
    assert not problems, "\n".join(problems)


# -- Bidirectional text --------------------------------------------------------------------
# Django's Arabic short date marks the day and month right to left (U+200F).
DATE = r"\d{1,2}\u200f?/\d{1,2}\u200f?/\d{4}|\d{4}-\d{2}-\d{2}"
CODE = r"\b[A-Z][A-Z0-9]*[-_.][\w.-]*\w|\b[A-Z]{3,}\b"
LEFT_TO_RIGHT = re.compile(rf"{DATE}|{CODE}|< 5")
ISOLATING = {"bdi", "code", "input", "textarea", "select", "option", "script", "style", "title"}
CELLS = {"td", "th", "dd", "dt", "li", "option", "label", "a", "button", "h1", "h2", "h3"}


class Unisolated(HTMLParser):
    """The left-to-right pieces (dates, codes, "< 5") of a page's text that
    sit among other text without being isolated."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, isolates)
        self.texts: dict[int, list[str]] = {}  # text pieces per open element
        self.found: list[str] = []

    def _isolated(self) -> bool:
        return any(isolates for _tag, isolates in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        names = dict(attrs)
        self.stack.append((tag, tag in ISOLATING or "dir" in names))
        self.texts[len(self.stack)] = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _isolates = self.stack.pop()
            pieces = self.texts.pop(len(self.stack) + 1, [])
            if pieces and not self._isolated_cell(open_tag, pieces):
                self.found += [m for p in pieces for m in LEFT_TO_RIGHT.findall(p)]
            if open_tag == tag:
                return

    def _isolated_cell(self, tag: str, pieces: list[str]) -> bool:
        """A piece alone in its cell, item or link is a paragraph of its own."""
        text = "".join(pieces).strip()
        return tag in CELLS and bool(LEFT_TO_RIGHT.fullmatch(text))

    def handle_data(self, data: str) -> None:
        if self.stack and data.strip() and not self._isolated():
            self.texts[len(self.stack)].append(data)


def unisolated(body: str) -> list[str]:
    main = body.split("<main", 1)[-1]
    parser = Unisolated()
    parser.feed(main)
    parser.close()
    return parser.found


def test_the_checker_finds_a_date_among_text():
    assert unisolated("<main><p>AMAPPE · 29/11/2026</p></main>") == ["AMAPPE", "29/11/2026"]
    arabic_date = "29\u200f/11\u200f/2026"  # as Django's Arabic short date writes it
    assert unisolated(f"<main><p>قيمة {arabic_date}</p></main>") == [arabic_date]
    assert unisolated("<main><p><bdi>AMAPPE</bdi> · <bdi>29/11/2026</bdi></p></main>") == []
    assert unisolated("<main><table><tr><td>29/11/2026</td></tr></table></main>") == []
    assert unisolated("<main><p>قيمة <span>&lt; 5</span> هنا</p></main>") == ["< 5"]


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("pf.en", "person:en>anapec+amappe"),
        ("pf.en", "person:en>anapec withdrawn"),
        ("pf.anapec", "person:en>anapec+amappe"),
        ("suivi", "person:en duplicate"),
    ],
)
def test_person_pages_isolate_dates_codes_and_organisations_in_arabic(db, user, page):
    w = db
    path = reverse("beneficiaries:person", kwargs={"pk": w.target(page)["pk"]})
    response = _get(w, user, path, "ar")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert unisolated(body) == []
