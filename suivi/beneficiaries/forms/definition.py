"""The computation-rule form of the indicator sheet: what the M&E officer
chooses (measure, services, conditions, year rule, first time only,
numerator, preceded by) becomes the rows of the « Définitions » sheet
(`computation.flat`), so the form, the workbook and the stored definition
say the same thing. A rule using more than the form shows (a union of
services, conditions on the linked service) is changed in the workbook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.computation import check, flat
from suivi.beneficiaries.computation.check import Catalogue

MEASURES = [
    ("persons", _("Persons (each counted once a year)")),
    ("events", _("Services given")),
    ("rate", _("Rate: a share of persons")),
]
YEARS = [
    ("event", _("The year of the service")),
    ("school_year_start", _("The year the school year starts")),
    ("school_year_end", _("The year the school year ends")),
]
FLAGS = [("", _("Either")), ("oui", _("Yes")), ("non", _("No"))]
SEXES = [("", _("Women and men")), ("women", _("Women")), ("men", _("Men"))]
VIAS = [
    ("related", _("Linked to the counted service (e.g. the exam of that enrolment)")),
    ("after", _("Given later to the same person")),
]
DETAILS_HELP = _(
    "One condition per line: detail code = value, value — the codes of the service "
    "catalogue; oui or non for a yes/no detail."
)

# Form field → (part, condition) of the sheet's rows.
PARTS = {
    "types": ("services 1", "types"),
    "organisations": ("services 1", "organisations"),
    "centre_targeted": ("services 1", "centre ciblé"),
    "trade_technical": ("services 1", "métier technique"),
    "sex": ("services 1", "sexe"),
    "preceded_types": ("services 1 › précédé de", "types"),
    "numerator_types": ("numérateur", "types"),
    "numerator_organisations": ("numérateur", "organisations"),
    "via": ("numérateur", "lien"),
}
DETAIL_PARTS = {
    "details": "services 1",
    "preceded_details": "services 1 › précédé de",
    "numerator_details": "numérateur",
}


def _detail_lines(text: str) -> list[tuple[str, str]]:
    lines = []
    for line in text.replace(";", "\n").splitlines():
        if line.strip():
            name, _sep, value = line.partition("=")
            lines.append((name.strip(), value.strip()))
    return lines


class DefinitionForm(forms.Form):
    measure = forms.ChoiceField(label=_("What is counted"), choices=MEASURES)
    types = forms.MultipleChoiceField(
        label=_("Services"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    organisations = forms.MultipleChoiceField(
        label=_("Recorded by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("None ticked: any partner."),
    )
    centre_targeted = forms.ChoiceField(
        label=_("At a centre the intervention targets on that date"), choices=FLAGS, required=False
    )
    trade_technical = forms.ChoiceField(
        label=_("In a technical trade"), choices=FLAGS, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES, required=False)
    details = forms.CharField(
        label=_("Details of the service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=DETAILS_HELP,
    )
    preceded_types = forms.MultipleChoiceField(
        label=_("Preceded by (the same person, on or before that date)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    preceded_details = forms.CharField(
        label=_("Details of the preceding service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=DETAILS_HELP,
    )
    year = forms.ChoiceField(label=_("Counted in"), choices=YEARS)
    first_only = forms.BooleanField(
        label=_("First time only (a person counts in one year only)"), required=False
    )
    numerator_types = forms.MultipleChoiceField(
        label=_("Rate: the persons who also received"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    numerator_organisations = forms.MultipleChoiceField(
        label=_("Rate: recorded by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    numerator_details = forms.CharField(
        label=_("Rate: details of that service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=DETAILS_HELP,
    )
    via = forms.ChoiceField(label=_("Rate: that service is"), choices=VIAS, required=False)
    reason = forms.CharField(
        label=_("Why the rule changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to save: it is kept with the new version of the indicator."),
    )
    decision_reference = forms.CharField(
        label=_("Approving COPIL decision"), required=False, max_length=200
    )

    def __init__(
        self,
        *args: Any,
        catalogue: Catalogue,
        service_choices: list[tuple[str, str]],
        organisation_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        for name in ("types", "preceded_types", "numerator_types"):
            self.fields[name].choices = service_choices  # type: ignore[attr-defined]
        for name in ("organisations", "numerator_organisations"):
            self.fields[name].choices = organisation_choices  # type: ignore[attr-defined]
        self.spec: dict[str, Any] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("measure") == "rate" and not data.get("numerator_types"):
            self.add_error("numerator_types", _("A rate needs the services of its numerator."))
            return data
        rows = rows_of(data)
        try:
            self.spec = flat.from_rows(rows, self.catalogue)
        except flat.FlatError as error:
            for problem in error.problems:
                self.add_error(_field_of(rows, problem.number), problem.message)
            return data
        try:
            # What it names, against the catalogue: each problem at its place.
            check.check(self.spec, self.catalogue)
        except ValidationError as error:
            self.spec = None
            for message in error.messages:
                self.add_error(None, message)
        return data


def rows_of(data: dict[str, Any]) -> list[flat.Row]:
    """The sheet's rows for the form's answers (numbered for the messages)."""
    rows = [flat.Row("règle", "mesure", data["measure"])]
    if data.get("year") and data["year"] != "event":
        rows.append(flat.Row("règle", "année", data["year"]))
    if data.get("first_only"):
        rows.append(flat.Row("règle", "première fois seulement", "oui"))
    is_rate = data["measure"] == "rate"
    for name, (part, condition) in PARTS.items():
        if part == "numérateur" and not is_rate:
            continue
        value = data.get(name)
        if name == "via" and is_rate:
            value = value or "related"
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            rows.append(flat.Row(part, condition, value))
    for name, part in DETAIL_PARTS.items():
        if part == "numérateur" and not is_rate:
            continue
        for detail, value in _detail_lines(data.get(name) or ""):
            rows.append(flat.Row(part, flat.DETAIL + detail, value))
    return [flat.Row(r.part, r.condition, r.value, number) for number, r in enumerate(rows)]


def _field_of(rows: list[flat.Row], number: int) -> str | None:
    row = rows[number]
    for name, where in PARTS.items():
        if where == (row.part, row.condition):
            return name
    for name, part in DETAIL_PARTS.items():
        if row.part == part and row.condition.startswith(flat.DETAIL):
            return name
    return {"mesure": "measure", "année": "year"}.get(row.condition)


def initial_of(spec: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The form's answers for `spec`, and whether the form shows all of it."""
    initial: dict[str, Any] = {"measure": spec["measure"], "year": spec.get("year", "event")}
    initial["first_only"] = bool(spec.get("first_only"))
    whole = True
    by_place = {where: name for name, where in PARTS.items()}
    details: dict[str, list[str]] = {}
    for row in flat.to_rows(spec):
        if row.part == "règle":
            continue
        name = by_place.get((row.part, row.condition))
        detail_field = next((f for f, p in DETAIL_PARTS.items() if p == row.part), None)
        if name is not None:
            if name in ("types", "organisations", "preceded_types") or name.startswith(
                "numerator_"
            ):
                initial[name] = flat.codes(row.value)
            elif name == "via":
                initial[name] = flat.VIAS.get(row.value, row.value)
            elif name == "sex":
                initial[name] = flat.SEXES.get(row.value, row.value)
            else:
                initial[name] = row.value
        elif detail_field and row.condition.startswith(flat.DETAIL):
            details.setdefault(detail_field, []).append(
                f"{row.condition[len(flat.DETAIL) :]} = {row.value}"
            )
        else:
            whole = False
    for name, lines in details.items():
        initial[name] = "\n".join(lines)
    return initial, whole
