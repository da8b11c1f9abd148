"""Editing an indicator's definition: a new version, with its reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import Organisation
from suivi.accounts.selectors import active_organisations
from suivi.indicators.models import (
    Aggregation,
    Dimension,
    Direction,
    Frequency,
    IndicatorVersion,
    Target,
    UnitType,
)
from suivi.indicators.selectors.reference import dimensions
from suivi.programmes.models import ResultNode
from suivi.programmes.selectors import measurable_results


class DefinitionForm(forms.Form):
    result = forms.ModelChoiceField(label=_("Result"), queryset=ResultNode.objects.none())
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ChoiceField(label=_("Unit"), choices=UnitType.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    aggregation = forms.ChoiceField(label=_("Aggregation rule"), choices=Aggregation.choices)
    frequency = forms.ChoiceField(label=_("Collection frequency"), choices=Frequency.choices)
    source_of_verification = forms.CharField(
        label=_("Source of verification"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Disaggregation"),
        queryset=Dimension.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    baseline_value = forms.DecimalField(label=_("Baseline"), required=False, localize=True)
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1990, max_value=2100
    )
    baseline_comment = forms.CharField(
        label=_("Baseline comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    final_target = forms.DecimalField(label=_("Final target"), required=False, localize=True)
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the indicator's history."),
    )
    decision_reference = forms.CharField(
        label=_("Approving COPIL decision"),
        required=False,
        max_length=200,
        help_text=_("The DTF (§8.5) asks the steering committee to approve changes to indicators."),
    )

    def __init__(
        self, data: Any = None, *, version: IndicatorVersion, years: list[int], **kwargs: Any
    ) -> None:
        self.years = years
        targets = {t.year: t.value for t in version.targets.all() if not t.cell_key}
        initial = {
            "result": version.result,
            "title": version.title,
            "unit": version.unit,
            "direction": version.direction,
            "aggregation": version.aggregation,
            "frequency": version.frequency,
            "source_of_verification": version.source_of_verification,
            "responsible_organisation": version.responsible_organisation,
            "dimensions": list(version.dimensions.all()),
            "baseline_value": version.baseline_value,
            "baseline_year": version.baseline_year,
            "baseline_comment": version.baseline_comment,
            "final_target": targets.get(Target.FINAL),
        }
        for year in years:
            initial[f"target_{year}"] = targets.get(year)
        super().__init__(data, initial=initial, **kwargs)
        result = self.fields["result"]
        assert isinstance(result, forms.ModelChoiceField)
        result.queryset = measurable_results(version.indicator.intervention)
        organisation = self.fields["responsible_organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = active_organisations()
        dimensions_field = self.fields["dimensions"]
        assert isinstance(dimensions_field, forms.ModelMultipleChoiceField)
        dimensions_field.queryset = dimensions()
        for year in years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year}, required=False, localize=True
            )

    def year_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{year}"] for year in self.years]
