"""The computation-rule form of the indicator sheet: what the M&E officer
chooses (measure, services, conditions, year rule, first time only,
numerator, preceded by) becomes the rows of the « Définitions » sheet
(`computation.flat`), so the form, the workbook and the stored definition
say the same thing. Up to three groups of services are counted together
(a placement *or* a financing); each group has its own conditions, the
service that precedes it and the service it is linked to (the enrolment of
an exam result). A rule using more than the form shows (a fourth group, the
organisations of a preceding service…) is changed in the workbook."""

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

GROUPS = 3  # groups of services counted together: Amuddu's rules use two at most
PRECEDED = flat.ARROW + flat.PRECEDED
RELATED = flat.ARROW + flat.RELATED


def prefix(group: int) -> str:
    """Field names of group `group`: the first group's fields are unprefixed."""
    return "" if group == 1 else f"g{group}_"


def _group_parts(group: int) -> dict[str, tuple[str, str]]:
    p, part = prefix(group), f"{flat.SELECTION} {group}"
    return {
        f"{p}types": (part, "types"),
        f"{p}organisations": (part, "organisations"),
        f"{p}centre_targeted": (part, "centre ciblé"),
        f"{p}trade_technical": (part, "métier technique"),
        f"{p}sex": (part, "sexe"),
        f"{p}preceded_types": (part + PRECEDED, "types"),
        f"{p}related_organisations": (part + RELATED, "organisations"),
        f"{p}related_centre_targeted": (part + RELATED, "centre ciblé"),
        f"{p}related_trade_technical": (part + RELATED, "métier technique"),
    }


# Form field → (part, condition) of the sheet's rows.
PARTS = {
    **{name: where for g in range(1, GROUPS + 1) for name, where in _group_parts(g).items()},
    "numerator_types": ("numérateur", "types"),
    "numerator_organisations": ("numérateur", "organisations"),
    "via": ("numérateur", "lien"),
}
DETAIL_PARTS = {
    **{
        name: part
        for g in range(1, GROUPS + 1)
        for name, part in (
            (f"{prefix(g)}details", f"{flat.SELECTION} {g}"),
            (f"{prefix(g)}preceded_details", f"{flat.SELECTION} {g}{PRECEDED}"),
            (f"{prefix(g)}related_details", f"{flat.SELECTION} {g}{RELATED}"),
        )
    },
    "numerator_details": "numérateur",
}
# The fields of a group, in the order the page shows them.
GROUP_FIELDS = (
    (
        "services",
        ("types", "organisations", "centre_targeted", "trade_technical", "sex", "details"),
    ),
    ("preceded", ("preceded_types", "preceded_details")),
    (
        "related",
        (
            "related_organisations",
            "related_centre_targeted",
            "related_trade_technical",
            "related_details",
        ),
    ),
)


def _detail_lines(text: str) -> list[tuple[str, str]]:
    lines = []
    for line in text.replace(";", "\n").splitlines():
        if line.strip():
            name, _sep, value = line.partition("=")
            lines.append((name.strip(), value.strip()))
    return lines


def _details(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=DETAILS_HELP,
    )


def _several(label: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=help_text,
    )


def group_fields(group: int) -> dict[str, forms.Field]:
    """The fields of one group of services (the first one's types required)."""
    p = prefix(group)
    anywhere = _("None ticked: any partner.")
    return {
        f"{p}types": _several(_("Services")),
        f"{p}organisations": _several(_("Recorded by"), anywhere),
        f"{p}centre_targeted": forms.ChoiceField(
            label=_("At a centre the intervention targets on that date"),
            choices=FLAGS,
            required=False,
        ),
        f"{p}trade_technical": forms.ChoiceField(
            label=_("In a technical trade"), choices=FLAGS, required=False
        ),
        f"{p}sex": forms.ChoiceField(label=_("Sex"), choices=SEXES, required=False),
        f"{p}details": _details(_("Details of the service")),
        f"{p}preceded_types": _several(_("Preceded by (the same person, on or before that date)")),
        f"{p}preceded_details": _details(_("Details of the preceding service")),
        f"{p}related_organisations": _several(_("Linked service recorded by"), anywhere),
        f"{p}related_centre_targeted": forms.ChoiceField(
            label=_("Linked service at a centre the intervention targets"),
            choices=FLAGS,
            required=False,
        ),
        f"{p}related_trade_technical": forms.ChoiceField(
            label=_("Linked service in a technical trade"), choices=FLAGS, required=False
        ),
        f"{p}related_details": _details(_("Details of the linked service")),
    }


class DefinitionForm(forms.Form):
    measure = forms.ChoiceField(label=_("What is counted"), choices=MEASURES)
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
        for group in range(1, GROUPS + 1):
            self.fields.update(group_fields(group))
        self.fields["types"].required = True
        for name, field in self.fields.items():
            if name.endswith("types"):
                field.choices = service_choices  # type: ignore[attr-defined]
            elif name.endswith("organisations"):
                field.choices = organisation_choices  # type: ignore[attr-defined]
        self.spec: dict[str, Any] | None = None

    def groups(self) -> list[dict[str, Any]]:
        """Each group of services with its bound fields by section, and
        whether it says anything (the page opens those that do)."""
        shown = []
        for group in range(1, GROUPS + 1):
            p = prefix(group)
            sections = {
                section: [self[p + name] for name in names] for section, names in GROUP_FIELDS
            }
            used = {
                section: any(f.value() not in (None, "", []) or f.errors for f in fields)
                for section, fields in sections.items()
            }
            shown.append({"number": group, "sections": sections, "used": used})
        return shown

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("measure") == "rate" and not data.get("numerator_types"):
            self.add_error("numerator_types", _("A rate needs the services of its numerator."))
            return data
        if data.get("measure") == "rate":
            for group in range(2, GROUPS + 1):
                if _said(data, group):
                    self.add_error(
                        f"{prefix(group)}types",
                        _("A rate counts one group of services: clear this group."),
                    )
                    return data
        for group in range(2, GROUPS + 1):
            if _said(data, group) and not data.get(f"{prefix(group)}types"):
                self.add_error(f"{prefix(group)}types", _("Name the services of this group."))
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


def _said(data: dict[str, Any], group: int) -> bool:
    """Whether any field of group `group` (2 or more) is filled in."""
    return any(data.get(name) for name in (*PARTS, *DETAIL_PARTS) if name.startswith(prefix(group)))


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
            if name.endswith(("types", "organisations")):
                initial[name] = flat.codes(row.value)
            elif name == "via":
                initial[name] = flat.VIAS.get(row.value, row.value)
            elif name.endswith("sex"):
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
