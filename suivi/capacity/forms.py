"""The forms of the capacity pages besides a register's record and filters
(`suivi.core.register_forms`, with the choices `scoped` gives): a
participant line, a deliverable's file and an indicator definition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from suivi.capacity import selectors
from suivi.capacity.describe import scope_choices
from suivi.capacity.models import Measure, Participant, Register, Satisfaction, Sex
from suivi.core.actors import Actor
from suivi.core.register_forms import TEXTAREA


def scoped(user: Actor) -> dict[str, Any]:
    """What the record and filter forms may offer, for `user`."""
    return {
        "intervention": selectors.interventions(user),
        "activity": selectors.activities(user),
        "sensitised_by": selectors.organisations(user),
        "organisation": selectors.organisations(user),
    }


class ParticipantForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False
    )
    institution = forms.CharField(label=_("Or another institution"), max_length=200, required=False)
    state_institution = forms.BooleanField(label=_("State institution"), required=False)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    pre_score = forms.DecimalField(
        label=_("Pre-test score"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    post_score = forms.DecimalField(
        label=_("Post-test score"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=[("", _("Not answered")), *Satisfaction.choices],
        required=False,
    )

    def __init__(
        self, *args: Any, user: Actor, participant: Participant | None = None, **kwargs: Any
    ) -> None:
        if participant is not None:
            kwargs.setdefault(
                "initial",
                model_to_dict(
                    participant,
                    fields=[
                        "organisation",
                        "institution",
                        "state_institution",
                        "function",
                        "sex",
                        "pre_score",
                        "post_score",
                        "satisfaction",
                    ],
                ),
            )
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(user)  # type: ignore[attr-defined]


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, Word, Excel or image)"))


class DefinitionForm(forms.Form):
    indicator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Indicator"), queryset=None
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    scope = forms.MultipleChoiceField(
        label=_("Records counted (empty: all)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    migrants_only = forms.BooleanField(
        label=_("Only deliverables meant for migrants"), required=False
    )
    cumulative = forms.BooleanField(label=_("Cumulative since the start"), required=False)
    threshold = forms.DecimalField(
        label=_("Threshold (percent of the maximum score)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    from_year = forms.IntegerField(
        label=_("Computed from the year"), min_value=2000, max_value=2100
    )
    reason = forms.CharField(label=_("Why (shown in the indicator's history)"), widget=TEXTAREA)
    note = forms.CharField(label=_("Note for readers"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, user: Actor, definition: Any = None, **kwargs: Any) -> None:
        if definition is not None:
            indicator = definition.indicator
            kwargs.setdefault(
                "initial",
                {
                    "indicator": indicator.pk,
                    "measure": definition.measure,
                    "scope": definition.scope,
                    "migrants_only": definition.migrants_only,
                    "cumulative": definition.cumulative,
                    "threshold": definition.threshold,
                    "from_year": indicator.computed_from_year,
                    "reason": indicator.computed_reason,
                    "note": definition.note,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = selectors.definable_indicators(user)  # type: ignore[attr-defined]
        if definition is not None:
            self.fields["indicator"].disabled = True
        choices: list[tuple[str, Any]] = []
        for register in (Register.TRAINING, Register.MEETING, Register.DELIVERABLE):
            label = Register(register).label
            choices.append((str(label), scope_choices(register)))
        self.fields["scope"].choices = choices  # type: ignore[attr-defined]
