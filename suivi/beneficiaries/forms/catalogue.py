"""Forms of the service catalogue pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.services.reference import Period


class TargetingPeriodForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Targeted from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Targeted until"),
        required=False,
        help_text=_("Empty while the intervention still targets it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class BaseTargetingPeriods(forms.BaseFormSet):  # type: ignore[type-arg]
    def periods(self) -> list[Period]:
        """The periods kept (filled and not marked for removal); the service
        checks their order and overlaps."""
        kept: list[tuple[date, date | None]] = []
        for form in self.forms:
            data: dict[str, Any] = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("starts_on"):
                continue
            kept.append((data["starts_on"], data.get("ends_on")))
        return kept


TargetingPeriods = forms.formset_factory(
    TargetingPeriodForm, formset=BaseTargetingPeriods, extra=1, can_delete=True, max_num=20
)
