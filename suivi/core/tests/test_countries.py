"""Nationalities: ISO codes and country names in French, Arabic or English."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from suivi.core.countries import country_code, country_name, validate_country


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("SN", "SN"),
        ("sn", "SN"),
        (" ci ", "CI"),
        ("SEN", "SN"),
        ("civ", "CI"),
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("Côte d’Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("ساحل العاج", "CI"),
        ("السنغال", "SN"),
        ("République démocratique du Congo", "CD"),
        ("Syrian Arab Republic", "SY"),
        ("Maroc", "MA"),
        ("", ""),
    ],
)
def test_codes_and_names_become_the_alpha2_code(value, code):
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["<>", "XX", "ZZZ", "1995", "504", "Atlantide", "S N"])
def test_anything_else_is_refused_naming_the_value(value):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        country_code(value)
    assert error.value.messages == [
        f"« {value} » is not a country: write its ISO code (SN, CI…) or its name."
    ]


def test_control_characters_are_refused_before_the_lookup():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        country_code("S\u202eN")
    assert "U+202E" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_country("<>")


def test_names_follow_the_active_language():
    with translation.override("fr"):
        assert country_name("SN") == "Sénégal"
    with translation.override("ar"):
        assert country_name("SN") == "السنغال"
    assert country_name("") == ""
