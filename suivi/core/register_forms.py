"""The forms of a register's pages, built from its description
(`suivi.core.registers.Register`): the record form and the list's filters.
Choices that point to other records (interventions, activities,
organisations…) are the querysets the app's selectors give for the acting
user (`scoped`), so a form never offers what its user may not read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from suivi.core.registers import CellContext, Register

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class RecordForm(forms.Form):
    """The fields of one register's record. Never bound to the record itself:
    the service compares the record before and after."""

    def __init__(
        self,
        *args: Any,
        register: Register,
        model: type[models.Model],
        scoped: Mapping[str, Any],
        record: Any = None,
        **kwargs: Any,
    ) -> None:
        if record is not None:
            kwargs.setdefault("initial", model_to_dict(record, fields=register.fields))
        super().__init__(*args, **kwargs)
        widgets: dict[str, Any] = {
            f.name: DATE for f in model._meta.fields if isinstance(f, models.DateField)
        } | {f.name: TEXTAREA for f in model._meta.fields if isinstance(f, models.TextField)}
        self.fields.update(fields_for_model(model, fields=register.fields, widgets=widgets))
        for name, field in self.fields.items():
            if name in scoped and isinstance(field, forms.ModelChoiceField):
                field.queryset = scoped[name]


class FilterForm(forms.Form):
    """A list's filters: the intervention, the year of the register's date
    field (if it names one), the register's own filters, and (with
    `late_filter`) only the records with a late action."""

    def __init__(
        self,
        *args: Any,
        register: Register,
        model: type[models.Model],
        scoped: Mapping[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["intervention"] = forms.ModelChoiceField(
            label=_("Intervention"),
            queryset=scoped["intervention"],
            to_field_name="code",
            required=False,
            empty_label="—",
        )
        if register.year_field:
            self.fields["year"] = forms.IntegerField(
                label=_("Year"),
                required=False,
                min_value=2000,
                max_value=2100,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4"}),
            )
        for path in register.filters:
            self.fields[path] = _filter_field(path, _model_field(model, path), scoped)
        if register.late_filter:
            self.fields["late"] = forms.BooleanField(
                label=_("Only with late actions"), required=False
            )

    def lookups(self, context: CellContext) -> dict[str, object]:
        """The field lookups the filters ask for (none while they are invalid);
        `late` carries the day an open action's deadline is compared with."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        lookups: dict[str, object] = {}
        intervention = data.pop("intervention", None)
        if intervention is not None:
            lookups[self.register.intervention_path] = intervention
        if self.register.year_field:
            year = data.pop("year", None)
            if year:
                lookups[f"{self.register.year_field}__year"] = year
        if data.pop("late", False):
            lookups["late"] = context.today
        lookups.update({k: v for k, v in data.items() if v not in ("", None)})
        return lookups


def _filter_field(path: str, field: Any, scoped: Mapping[str, Any]) -> forms.Field:
    label = str(field.verbose_name).capitalize()
    if path == "year":
        return forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    if isinstance(field, models.ForeignKey):
        return forms.ModelChoiceField(
            label=label, queryset=scoped[path], required=False, empty_label="—"
        )
    if isinstance(field, models.BooleanField):
        return forms.NullBooleanField(
            label=label,
            required=False,
            widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
        )
    return forms.ChoiceField(label=label, choices=[("", "—"), *field.choices], required=False)


def _model_field(model: type[models.Model], path: str) -> Any:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return model._meta.get_field(name)
