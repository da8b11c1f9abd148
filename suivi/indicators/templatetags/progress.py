"""Formatting of indicator values in pages, per locale and unit."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext

from suivi.indicators.disclosure import SUPPRESSED
from suivi.indicators.models import MeasurementTransition, UnitType
from suivi.indicators.selectors.progress import YearValue, display_number
from suivi.indicators.services.sources import step_note as platform_note

register = template.Library()

EMPTY = ""


@register.simple_tag
def suppressed() -> str:
    """The "< 5" of a small count, isolated left to right: on an Arabic page
    it reads "< 5", not "5 >" glued to its neighbours."""
    return format_html('<bdi class="suppressed" dir="ltr">{}</bdi>', SUPPRESSED)


def _format(number: int | float | None, unit: str) -> str:
    if number is None:
        return EMPTY
    text = number_format(number, use_l10n=True, force_grouping=True)
    return f"{text} %" if unit == UnitType.PERCENTAGE else text


@register.filter
def measure(value: Decimal | None, unit: str) -> str:
    """A target or baseline, as set (52,5 %)."""
    return _format(display_number(value, unit, measured=False), unit)


@register.filter
def year_value(value: YearValue | None, unit: str) -> str:
    """A measured value as the report prints it (41 %), with n/N for rates."""
    if value is None:
        return EMPTY
    if value.suppressed:
        return suppressed()
    if unit == UnitType.TEXT:
        return value.text
    if unit == UnitType.YES_NO and value.total is not None:
        return gettext("Yes") if value.total == 1 else gettext("No")
    text = _format(display_number(value.total, unit), unit)
    if (
        unit == UnitType.PERCENTAGE
        and value.numerator is not None
        and value.denominator is not None
    ):
        n = number_format(value.numerator.normalize(), use_l10n=True)
        d = number_format(value.denominator.normalize(), use_l10n=True)
        text += f" ({n}/{d})"
    return text


@register.filter
def step_note(step: MeasurementTransition) -> str:
    """A workflow step's note in the reader's language when the platform wrote
    it (a computed value), else as the person wrote it."""
    return platform_note(step.message) if step.message else step.note
