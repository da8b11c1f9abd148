"""The Arabic and English wordings of an indicator's current version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.core import text
from suivi.indicators.models import IndicatorVersion


class TranslationForm(forms.Form):
    title_ar = forms.CharField(
        label=_("Wording in Arabic"),
        required=False,
        help_text=_("Shown on Arabic pages; empty: the French wording is shown."),
        validators=[text.validate_line],
        widget=forms.Textarea(attrs={"rows": 2, "dir": "rtl", "lang": "ar"}),
    )
    title_en = forms.CharField(
        label=_("Wording in English"),
        required=False,
        help_text=_("Shown on English pages; empty: the French wording is shown."),
        validators=[text.validate_line],
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "lang": "en"}),
    )

    def __init__(self, *args: Any, version: IndicatorVersion, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"title_ar": version.title_ar, "title_en": version.title_en})
        super().__init__(*args, **kwargs)
