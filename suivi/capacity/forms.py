"""The forms of the capacity pages: a register's record (built from its
description, choices scoped to what the user reads), a list's filters, a
participant line, a deliverable's file and an indicator definition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from suivi.capacity import selectors
from suivi.capacity.describe import scope_choices
from suivi.capacity.models import Measure, Participant, Register, Satisfaction, Sex
from suivi.capacity.registers import Register as RegisterSpec
from suivi.capacity.selectors import MODELS
from suivi.core.actors import Actor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _scoped(user: Actor) -> dict[str, Any]:
    return {
        "intervention": selectors.interventions(user),
        "activity": selectors.activities(user),
        "sensitised_by": selectors.organisations(user),
        "organisation": selectors.organisations(user),
    }


class RecordForm(forms.Form):
    """The fields of one register's record. Never bound to the record
    itself: the service compares the record before and after."""

    def __init__(
        self, *args: Any, register: RegisterSpec, user: Actor, record: Any = None, **kwargs: Any
    ) -> None:
        if record is not None:
            kwargs.setdefault("initial", model_to_dict(record, fields=register.fields))
        super().__init__(*args, **kwargs)
        model = MODELS[register.kind]
        widgets: dict[str, Any] = {
            f.name: DATE for f in model._meta.fields if isinstance(f, models.DateField)
        } | {f.name: TEXTAREA for f in model._meta.fields if isinstance(f, models.TextField)}
        self.fields.update(fields_for_model(model, fields=register.fields, widgets=widgets))
        scoped = _scoped(user)
        for name, field in self.fields.items():
            if name in scoped and isinstance(field, forms.ModelChoiceField):
                field.queryset = scoped[name]


class FilterForm(forms.Form):
    """A list's filters: the intervention, the year, the register's own."""

    def __init__(self, *args: Any, register: RegisterSpec, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["intervention"] = forms.ModelChoiceField(
            label=_("Intervention"),
            queryset=selectors.interventions(user),
            to_field_name="code",
            required=False,
            empty_label="—",
        )
        self.fields["year"] = forms.IntegerField(
            label=_("Year"),
            required=False,
            min_value=2000,
            max_value=2100,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4"}),
        )
        model = MODELS[register.kind]
        scoped = _scoped(user)
        for name in register.filters:
            field: Any = model._meta.get_field(name)
            label = str(field.verbose_name).capitalize()
            if isinstance(field, models.ForeignKey):
                self.fields[name] = forms.ModelChoiceField(
                    label=label, queryset=scoped[name], required=False, empty_label="—"
                )
            elif isinstance(field, models.BooleanField):
                self.fields[name] = forms.NullBooleanField(
                    label=label,
                    required=False,
                    widget=forms.Select(
                        choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]
                    ),
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=[("", "—"), *field.choices],
                    required=False,
                )

    def lookups(self) -> dict[str, object]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        lookups: dict[str, object] = {}
        year = data.pop("year", None)
        if year:
            lookups[f"{self.register.year_field}__year"] = year
        lookups.update({k: v for k, v in data.items() if v not in ("", None)})
        return lookups


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
