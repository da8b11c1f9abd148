"""Starting a new intervention from the portfolio (any programme: nothing
of Amuddu is needed), and changing it afterwards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InterventionEditForm(forms.Form):
    """What may change once an intervention exists: its names in three
    languages, its zone and its dates (the code is fixed)."""

    short_name = forms.CharField(label=_("Short name"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=400)
    title_ar = forms.CharField(
        label=_("Title in Arabic"),
        required=False,
        max_length=400,
        help_text=_("Shown on Arabic pages; empty: the title above is shown."),
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    title_en = forms.CharField(
        label=_("Title in English"),
        required=False,
        max_length=400,
        help_text=_("Shown on English pages; empty: the title above is shown."),
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    zone = forms.CharField(label=_("Zone"), required=False, max_length=300)
    zone_ar = forms.CharField(
        label=_("Zone in Arabic"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    zone_en = forms.CharField(
        label=_("Zone in English"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date comes after the start date."))
        return data


class InterventionForm(InterventionEditForm):
    field_order = [
        "programme",
        "programme_code",
        "programme_title",
        "code",
        "short_name",
        "title",
        "title_ar",
        "title_en",
        "partner_institution",
        "operational_partners",
        "zone",
        "zone_ar",
        "zone_en",
        "start_date",
        "end_date",
        "budget",
    ]
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        help_text=_("Leave empty to start a new programme with the fields below."),
    )
    programme_code = forms.SlugField(label=_("New programme: code"), required=False, max_length=40)
    programme_title = forms.CharField(
        label=_("New programme: title"), required=False, max_length=300
    )
    code = forms.CharField(
        label=_("Intervention code"),
        max_length=20,
        help_text=_("As in the DTF, e.g. MOR1605211."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    partner_institution = forms.ChoiceField(label=_("Partner institution"), required=False)
    operational_partners = forms.MultipleChoiceField(
        label=_("Operational partners"), required=False, widget=forms.CheckboxSelectMultiple
    )
    budget = forms.DecimalField(
        label=_("Budget (EUR)"), required=False, max_digits=14, decimal_places=2, min_value=0
    )

    def __init__(
        self,
        *args: Any,
        programmes: list[tuple[str, str]],
        organisations: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", "—"), *programmes]  # type: ignore[attr-defined]
        self.fields["partner_institution"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *organisations,
        ]
        self.fields["operational_partners"].choices = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("programme"):
            for name in ("programme_code", "programme_title"):
                if not data.get(name):
                    self.add_error(name, _("Choose a programme, or name the new one."))
        return data
