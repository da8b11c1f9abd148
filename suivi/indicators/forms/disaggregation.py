from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.indicators.models import Dimension
from suivi.indicators.selectors.reference import dimension_code_taken, dimensions, value_code_taken


class DimensionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30, help_text=_("e.g. disability"))
    name = forms.CharField(label=_("Name (French)"), max_length=120)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    is_exhaustive = forms.BooleanField(
        label=_("Its values cover the whole population (parts must add up to the total)"),
        required=False,
        initial=True,
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if dimension_code_taken(code):
            raise forms.ValidationError(_("A dimension already has this code."))
        return code


class DimensionValueForm(forms.Form):
    dimension = forms.ModelChoiceField(label=_("Dimension"), queryset=Dimension.objects.none())
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name (French)"), max_length=120)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dimension = self.fields["dimension"]
        assert isinstance(dimension, forms.ModelChoiceField)
        dimension.queryset = dimensions()

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or {}
        dimension, code = cleaned.get("dimension"), cleaned.get("code")
        if dimension and code and value_code_taken(dimension, code):
            self.add_error("code", _("This dimension already has a value with this code."))
        return cleaned
