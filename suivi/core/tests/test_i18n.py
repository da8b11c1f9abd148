"""French, Arabic and English: complete catalogues, right-to-left Arabic,
dates and numbers per locale."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from suivi.accounts.roles import Role
from suivi.accounts.tests.factories import member
from suivi.core.management.commands.update_catalogues import LOCALES

BASE = Path(settings.BASE_DIR)


def _catalogue(locale: str, root: Path = BASE) -> polib.POFile:
    return polib.pofile(str(root / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale):
    po = _catalogue(locale)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_its_source(locale):
    po = _catalogue(locale)
    mo = polib.mofile(str(BASE / "locale" / locale / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ), f"{locale}: {entry.msgid!r} — run `manage.py update_catalogues`"


def test_catalogues_hold_every_string_of_the_sources(tmp_path):
    """Extract again from a copy of the sources: nothing may be missing."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", "staticfiles", "*.sqlite3")
    shutil.copytree(BASE, copy, ignore=ignore)
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "from suivi.core.management.commands.update_catalogues import MAKEMESSAGES_OPTIONS as o;"
        "call_command('makemessages', **o)"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=copy,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(copy),
        },
    )
    for locale in LOCALES:
        extracted = {(e.msgctxt, e.msgid) for e in _catalogue(locale, copy) if not e.obsolete}
        committed = {(e.msgctxt, e.msgid) for e in _catalogue(locale) if not e.obsolete}
        assert extracted == committed, (
            f"{locale}: run `manage.py update_catalogues` and translate: "
            f"new {sorted(m for _c, m in extracted - committed)}"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_page_language_and_direction(client, language, direction):
    client.force_login(member(Role.ME_OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in body
    with translation.override(language):
        assert escape(translation.gettext("Audit trail")) in body


def test_french_is_the_default():
    assert settings.LANGUAGE_CODE == "fr"


@pytest.mark.parametrize(
    ("language", "expected_date", "expected_number"),
    [
        ("fr", "22 novembre 2026", "12\xa0345,5"),
        ("en", "Nov. 22, 2026", "12,345.5"),
        ("ar", "22 نوفمبر، 2026", "12\xa0345,5"),
    ],
)
def test_dates_and_numbers_follow_the_locale(language, expected_date, expected_number):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 11, 22)) == expected_date
        assert formats.number_format(
            12345.5, decimal_pos=1, use_l10n=True, force_grouping=True
        ) == (expected_number)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "22/11/2026 07:06"), ("ar", "22\u200f/11\u200f/2026 07:06")],
)
def test_a_short_date_and_time_puts_the_day_first(language, expected):
    # Django's Arabic locale has no SHORT_DATETIME_FORMAT: the global
    # default would print 11/22/2026 on Arabic pages.
    moment = datetime.datetime(2026, 11, 22, 7, 6)
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == expected
