"""The forms of the steering pages, built from each register's description
(`registers.py`): the record form (choices scoped to what the user reads),
the filters of a list, an action, an attendance line, the minutes, and the
graded sub-questions of a quality criterion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from suivi.core.actors import Actor
from suivi.governance import selectors
from suivi.governance.models import Grade
from suivi.governance.registers import Register
from suivi.governance.selectors import MODELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _scoped(user: Actor) -> dict[str, Any]:
    return {
        "intervention": selectors.interventions(user),
        "result": selectors.results(user),
        "activity": selectors.activities(user),
        "meeting": selectors.meetings(user),
        "decision": selectors.decisions(user),
        "revision": selectors.revisions(user),
        "organisation": selectors.organisations(user),
    }


class RecordForm(forms.Form):
    """The fields of one register's record. Never bound to the record itself:
    the service compares the record before and after."""

    def __init__(
        self, *args: Any, register: Register, user: Actor, record: Any = None, **kwargs: Any
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
    """A list's filters: the intervention, the register's own choices, and
    (risks, decisions) only those with a late action."""

    def __init__(self, *args: Any, register: Register, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["intervention"] = forms.ModelChoiceField(
            label=_("Intervention"),
            queryset=selectors.interventions(user),
            to_field_name="code",
            required=False,
            empty_label="—",
        )
        model = MODELS[register.kind]
        for path in register.filters:
            field = _model_field(model, path)
            if path == "year":
                self.fields[path] = forms.IntegerField(
                    label=_("Year"), required=False, min_value=2000, max_value=2100
                )
            elif isinstance(field, models.BooleanField):
                self.fields[path] = forms.NullBooleanField(
                    label=field.verbose_name.capitalize(),
                    required=False,
                    widget=forms.Select(
                        choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]
                    ),
                )
            else:
                self.fields[path] = forms.ChoiceField(
                    label=field.verbose_name.capitalize(),
                    choices=[("", "—"), *field.choices],
                    required=False,
                )
        if register.late_filter:
            self.fields["late"] = forms.BooleanField(
                label=_("Only with late actions"), required=False
            )

    def lookups(self, today: Any) -> dict[str, object]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        lookups: dict[str, object] = {}
        intervention = data.pop("intervention", None)
        if intervention is not None:
            key = "meeting__intervention" if self.register.kind == "decision" else "intervention"
            lookups[key] = intervention
        if data.pop("late", False):
            lookups["late"] = today
        lookups.update({k: v for k, v in data.items() if v not in ("", None)})
        return lookups


def _model_field(model: type[models.Model], path: str) -> Any:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return model._meta.get_field(name)


class ActionForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=TEXTAREA)
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    progress = forms.CharField(label=_("Progress"), widget=TEXTAREA, required=False)


class StepForm(forms.Form):
    note = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class ParticipationForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
    )
    institution = forms.CharField(label=_("Or another institution"), max_length=200, required=False)
    state_institution = forms.BooleanField(label=_("State institution"), required=False)
    attendees = forms.IntegerField(
        label=_("People present"), min_value=1, max_value=500, required=False
    )
    focal_points = forms.IntegerField(
        label=_("Focal points present"), min_value=0, max_value=500, required=False
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations(user)  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = forms.FileField(label=_("Minutes (PDF or Word)"))


GRADE_CHOICES = [("", "—"), *Grade.choices]


class GradesForm(forms.Form):
    """The sub-questions of a criterion, each with its grade; a blank line
    at the end adds one."""

    def __init__(self, *args: Any, answers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for position in range(1, len(answers) + 2):
            answer = answers[position - 1] if position <= len(answers) else None
            question = forms.CharField(
                label=_("Sub-question %(n)d") % {"n": position},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.question if answer else "",
            )
            grade = forms.ChoiceField(
                label=_("Grade"),
                choices=GRADE_CHOICES,
                required=False,
                initial=answer.grade if answer else "",
            )
            statement = forms.CharField(
                label=_("Statement chosen"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.statement if answer else "",
            )
            self.fields[f"question_{position}"] = question
            self.fields[f"grade_{position}"] = grade
            self.fields[f"statement_{position}"] = statement
            self.rows.append(position)

    def answers(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (data[f"question_{n}"], data[f"grade_{n}"], data[f"statement_{n}"])
            for n in self.rows
            if data[f"question_{n}"].strip() or data[f"grade_{n}"]
        ]

    def bound_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"question_{n}"], self[f"grade_{n}"], self[f"statement_{n}"]) for n in self.rows
        ]
