"""The service type form of the catalogue page and its details formset.

The details are a formset, one row per detail; the values of a choice
detail are written one line per value, « code | label fr | label ar |
label en », with « retired » in a fifth column to retire one. A line per
value reads like the workbook's « Valeurs » sheet, pastes from a
spreadsheet (tabs are read as columns), keeps the values in order without
buttons to move rows, and needs no nested formset; every problem names its
line. The rules are the workbook import's: `schema` checks the document,
`services.catalogue` what recorded services forbid — the formset asks it
first, so the problem shows on the detail's row, and the service asks again
when it writes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.utils import ErrorDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suivi.beneficiaries import schema
from suivi.beneficiaries.models import EventType
from suivi.beneficiaries.selectors.catalogue import CatalogueChoices
from suivi.beneficiaries.services.catalogue import problems_in_use
from suivi.core import text

# The fifth column of a value's line: retired. The words of the three
# languages are all read, whatever the page's language.
RETIRED_WORDS = frozenset(
    {"retired", "retiré", "retirée", "retire", "retiree", "متوقف", "متوقفة", "مسحوب", "مسحوبة"}
)

code_validator = RegexValidator(
    schema.CODE,
    gettext_lazy("A code is lower-case letters, digits and _, starting with a letter."),
)


def _chain_label(intervention: str, code: str, title: str) -> str:
    """An output or activity as a box's label: its intervention, code and
    the start of its title (titles run to several lines)."""
    return f"{intervention} · {code} — {Truncator(title).chars(90)}"


def _label_fields(form: forms.Form, max_length: int) -> None:
    form.fields["name"] = forms.CharField(
        label=gettext_lazy("Label in French"),
        max_length=max_length,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
    )
    form.fields["name_ar"] = forms.CharField(
        label=gettext_lazy("Label in Arabic"),
        max_length=max_length,
        required=False,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    form.fields["name_en"] = forms.CharField(
        label=gettext_lazy("Label in English"),
        max_length=max_length,
        required=False,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )


class ServiceTypeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        validators=[code_validator],
        help_text=gettext_lazy(
            "Used by the partner spreadsheets and the definitions; fixed once the service exists."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, choices: CatalogueChoices, event_type: EventType | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices, self.event_type = choices, event_type
        _label_fields(self, 120)
        self.fields["needs_centre"] = forms.BooleanField(
            label=gettext_lazy("Given at a centre"), required=False
        )
        self.fields["organisations"] = forms.MultipleChoiceField(
            label=gettext_lazy("Recorded by"),
            required=False,
            choices=[(o.code, o.short_name or o.name) for o in choices.organisations],
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("None ticked: any partner may record it."),
        )
        self.fields["serves"] = forms.MultipleChoiceField(
            label=gettext_lazy("Outputs and activities served"),
            required=False,
            choices=[
                (str(node.pk), _chain_label(node.intervention.short_name, node.code, node.title))
                for node in choices.outputs
            ]
            + [
                (str(act.pk), _chain_label(act.intervention.short_name, act.code, act.title))
                for act in choices.activities
            ],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["is_retired"] = forms.BooleanField(
            label=gettext_lazy("Retired"),
            required=False,
            help_text=gettext_lazy(
                "A retired service keeps its recorded services but takes no new one."
            ),
        )
        if event_type is not None:
            self.fields["code"].disabled = True
            self.initial.update(
                code=event_type.code,
                name=event_type.name,
                name_ar=event_type.name_ar,
                name_en=event_type.name_en,
                needs_centre=event_type.needs_centre,
                is_retired=event_type.is_retired,
                organisations=[o.code for o in event_type.organisations.all()],
                serves=[
                    str(node.pk)
                    for node in [*event_type.outputs.all(), *event_type.activities.all()]
                ],
            )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.event_type is None and code in self.choices.service_codes:
            raise ValidationError(_("A service with this code exists already."))
        return code

    def links(self) -> dict[str, Any]:
        """The organisations and the outputs and activities ticked, with the
        current links the form does not offer kept (another intervention's,
        a retired output's)."""
        data = self.cleaned_data
        ticked = set(data["serves"])
        offered = {str(n.pk) for n in [*self.choices.outputs, *self.choices.activities]}
        current_outputs = list(self.event_type.outputs.all()) if self.event_type else []
        current_activities = list(self.event_type.activities.all()) if self.event_type else []
        return {
            "organisations": [
                o for o in self.choices.organisations if o.code in data["organisations"]
            ],
            "outputs": [n for n in self.choices.outputs if str(n.pk) in ticked]
            + [n for n in current_outputs if str(n.pk) not in offered],
            "activities": [a for a in self.choices.activities if str(a.pk) in ticked]
            + [a for a in current_activities if str(a.pk) not in offered],
        }


class DetailForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        validators=[code_validator],
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[(k, v) for k, v in schema.KIND_LABELS.items()],
        initial="text",
    )
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    values = forms.CharField(
        label=gettext_lazy("Values (a choice only)"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "dir": "ltr", "spellcheck": "false", "wrap": "off"}
        ),
        help_text=gettext_lazy(
            "One line per value: code | label in French | label in Arabic | label in English. "
            "To retire a value, add | retired at the end of its line; a value that recorded "
            "services carry cannot be removed."
        ),
    )
    remove = forms.BooleanField(label=gettext_lazy("Remove this detail"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_fields(self, 120)
        self.order_fields(["code", "name", "name_ar", "name_en", "kind", "required", "values"])

    def full_clean(self) -> None:
        # A row marked for removal is not checked: only its code is read.
        if self.is_bound and self.data.get(self.add_prefix("remove")):
            self._errors = ErrorDict()
            self.cleaned_data = {
                "remove": True,
                "code": str(self.data.get(self.add_prefix("code"), "")).strip(),
            }
            return
        super().full_clean()

    def clean_values(self) -> list[dict[str, Any]]:
        raw: str = self.cleaned_data.get("values") or ""
        errors: list[str] = []
        choices: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, line in enumerate(raw.replace("\r\n", "\n").split("\n"), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("\t", "|").split("|")]
            parts += [""] * (5 - len(parts))
            where = _("Line %(line)d") % {"line": number}
            code, label_fr, label_ar, label_en, retired = parts[:5]
            if len(parts) > 5 and any(parts[5:]):
                errors.append(_("%(where)s: at most five columns.") % {"where": where})
            if not schema.VALUE.match(code):
                errors.append(
                    _("%(where)s: a value's code is letters, digits and _ (« %(code)s »).")
                    % {"where": where, "code": code[:40]}
                )
            elif code in seen:
                errors.append(
                    _("%(where)s: the value « %(code)s » is listed twice.")
                    % {"where": where, "code": code}
                )
            seen.add(code)
            labels = {}
            for language, value in (("fr", label_fr), ("ar", label_ar), ("en", label_en)):
                try:
                    labels[language] = text.clean_line(value)
                except ValidationError as error:
                    errors.append(f"{where} : {error.messages[0]}")
            if not label_fr:
                errors.append(_("%(where)s: the French label is missing.") % {"where": where})
            if retired and retired.lower() not in RETIRED_WORDS:
                errors.append(
                    _("%(where)s: write « retired » in the fifth column, or nothing.")
                    % {"where": where}
                )
            choices.append({"value": code, "labels": labels, "retired": bool(retired)})
        if errors:
            raise ValidationError(errors)
        return choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "choice" and "values" in data and not data["values"]:
            self.add_error("values", _("A choice detail lists its values."))
        elif data.get("kind") not in (None, "choice") and data.get("values"):
            self.add_error("values", _("Only a choice detail has values: empty this box."))
        return data

    def detail(self) -> dict[str, Any]:
        """The detail as `schema` declares it."""
        data = self.cleaned_data
        declared: dict[str, Any] = {
            "name": data["code"],
            "type": data["kind"],
            "required": data["required"],
            "labels": {"fr": data["name"], "ar": data["name_ar"], "en": data["name_en"]},
        }
        if data["kind"] == "choice":
            declared["choices"] = data["values"]
        return declared


def values_text(detail: schema.Detail) -> str:
    """A choice detail's values as the form writes them, one per line."""
    lines = []
    for choice in detail.choices:
        labels = [choice.labels.get(language, "") for language in schema.LANGUAGES]
        line = " | ".join([choice.value, *labels])
        lines.append(line + (" | " + _("retired") if choice.retired else ""))
    return "\n".join(lines)


class BaseDetails(forms.BaseFormSet):  # type: ignore[type-arg]
    """The details of one service type; `event_type` is the stored one
    (None for a new type), whose recorded services the change is checked
    against."""

    def __init__(self, *args: Any, event_type: EventType | None = None, **kwargs: Any) -> None:
        self.event_type = event_type
        super().__init__(*args, **kwargs)

    def kept(self) -> list[DetailForm]:
        """The rows filled and not marked for removal (a blank row is skipped)."""
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("code") and not form.cleaned_data.get("remove")
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        rows: dict[str, DetailForm] = {}
        for form in self.kept():
            code = form.cleaned_data["code"]
            if code in rows:
                form.add_error("code", _("This detail is declared twice."))
            rows[code] = form
        for form in self.forms:  # a removed row shows why it cannot go
            if form.cleaned_data.get("remove"):
                rows.setdefault(form.cleaned_data["code"], form)
        if any(self.errors):
            return
        try:
            details = schema.parse([form.detail() for form in self.kept()])
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        field = {"retyped": "kind", "value": "values", "removed": None}
        for problem in problems_in_use(self.event_type, details):
            row = rows.get(problem.detail)
            if row is None:  # its code was changed: the old detail is gone
                raise ValidationError(problem.message)
            row.add_error(field[problem.kind], problem.message)

    def details(self) -> list[dict[str, Any]]:
        return [form.detail() for form in self.kept()]


Details = forms.formset_factory(DetailForm, formset=BaseDetails, extra=1, max_num=60)


def initial_details(event_type: EventType | None) -> list[dict[str, Any]]:
    if event_type is None:
        return []
    return [
        {
            "code": detail.name,
            "name": detail.labels.get("fr", ""),
            "name_ar": detail.labels.get("ar", ""),
            "name_en": detail.labels.get("en", ""),
            "kind": detail.kind,
            "required": detail.required,
            "values": values_text(detail),
        }
        for detail in event_type.details
    ]
