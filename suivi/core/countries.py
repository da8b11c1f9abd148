"""Nationalities: a code of the ISO 3166-1 country list.

The list and its French and Arabic names come from django-countries
(`docs/dependencies.md`), so a nationality is stored as the alpha-2 code
(`SN`) and shown in the reader's language. What a partner writes is
accepted in the forms partners actually use: the alpha-2 code in any case
(`sn`), the alpha-3 code (`SEN`), or the country's name in French, Arabic or
English, compared without case, accents, harakat or punctuation
("Cote d'Ivoire", "côte d’ivoire", "ساحل العاج"). Anything else, numeric
codes included (a birth year typed in the wrong column must not become a
country), is refused with a message naming the value.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from suivi.core import text

NAME_LANGUAGES = ("fr", "ar", "en")


def _folded(value: str) -> str:
    """Lower case, without accents, harakat, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


@cache
def _by_name() -> dict[str, str]:
    """Alpha-2 codes by folded country name, in every language accepted
    (built once per process: a partner file may name thousands of countries)."""
    table: dict[str, str] = {}
    for language in NAME_LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                table.setdefault(_folded(str(name)), code)
            # The official names behind the common ones ("Syrian Arab Republic").
            for code, names in countries.shadowed_names.items():
                for name in names:
                    table.setdefault(_folded(str(name)), code)
    return table


def country_code(value: str) -> str:
    """The alpha-2 code `value` stands for ("" for a blank value); a
    ValidationError naming the value when it is not a country."""
    value = text.clean_line(value)
    if not value:
        return ""
    if value.isascii() and value.isalpha() and len(value) in (2, 3):
        code = countries.alpha2(value)
        if code:
            return code
    code = _by_name().get(_folded(value), "")
    if code:
        return code
    raise ValidationError(
        _("« %(value)s » is not a country: write its ISO code (SN, CI…) or its name.")
        % {"value": value}
    )


def choices() -> list[tuple[str, str]]:
    """(alpha-2 code, name) of every country, named and sorted in the active
    language: the nationality picker's options."""
    return [(code, str(name)) for code, name in countries]


def country_name(code: str) -> str:
    """The country's name in the active language ("" for a blank or unknown code)."""
    return str(countries.name(code)) if code else ""


def validate_country(value: str) -> None:
    """Form validator: the same check as the services."""
    country_code(value)
