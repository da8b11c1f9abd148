"""Countries in pages: `{{ person.nationality|country }}` (after
`{% load country_names %}`) names the ISO code in the reader's language
(django-countries, `suivi.core.countries`)."""

from django import template

from suivi.core import countries

register = template.Library()


@register.filter
def country(code: str | None) -> str:
    """The country's name in the active language; "" for a blank code, the
    code itself for one the list does not know (never hidden)."""
    if not code:
        return ""
    return countries.country_name(code) or code
