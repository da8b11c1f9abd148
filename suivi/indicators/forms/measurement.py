"""The entry form of one indicator for one period: the total and every
disaggregation cell, laid out as a grid when there are one or two dimensions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.indicators import cells
from suivi.indicators.models import Dimension, IndicatorVersion, Measurement, UnitType
from suivi.indicators.selectors.reference import dimensions_of
from suivi.indicators.selectors.sheets import cell_label
from suivi.indicators.services.definitions import dimension_specs
from suivi.indicators.services.measurements import CellValue


def field_prefix(cell_key: str) -> str:
    """A cell key as a safe field name: ``category=refugee|sex=women`` →
    ``category-refugee__sex-women``; the total is ``total``."""
    return cell_key.replace("=", "-").replace("|", "__") or "total"


@dataclass(frozen=True)
class GridCell:
    key: str
    fields: list[forms.BoundField]


class MeasurementForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        data: Any = None,
        *,
        version: IndicatorVersion,
        measurement: Measurement | None = None,
        **kwargs: Any,
    ) -> None:
        self.version = version
        self.dimensions: list[Dimension] = dimensions_of(version)
        self.cell_keys = cells.all_cells(dimension_specs(self.dimensions))
        initial = kwargs.pop("initial", {}) or {}
        if measurement is not None:
            initial["comment"] = measurement.comment
            for value in measurement.values.all():
                prefix = field_prefix(value.cell_key)
                initial[f"{prefix}_value"] = value.value
                initial[f"{prefix}_numerator"] = value.numerator
                initial[f"{prefix}_denominator"] = value.denominator
                initial[f"{prefix}_text"] = value.text
        super().__init__(data, initial=initial, **kwargs)
        for key in self.cell_keys:
            self._add_cell_fields(key)

    def _add_cell_fields(self, key: str) -> None:
        prefix = field_prefix(key)
        label = self.cell_label(key)
        unit = self.version.unit
        required = key == cells.TOTAL
        number: dict[str, Any] = {
            "min_value": 0,
            "max_digits": 14,
            "decimal_places": 2,
            "localize": True,
        }
        if unit == UnitType.TEXT:
            self.fields[f"{prefix}_text"] = forms.CharField(
                label=label, required=required, widget=forms.Textarea(attrs={"rows": 3})
            )
        elif unit == UnitType.YES_NO:
            self.fields[f"{prefix}_value"] = forms.TypedChoiceField(
                label=label,
                required=required,
                choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
                coerce=Decimal,
                empty_value=None,
            )
        elif unit == UnitType.PERCENTAGE:
            self.fields[f"{prefix}_numerator"] = forms.DecimalField(
                label=_("%(cell)s — numerator") % {"cell": label},
                required=False,
                widget=forms.TextInput(
                    attrs={"placeholder": _("numerator"), "inputmode": "decimal"}
                ),
                **number,
            )
            self.fields[f"{prefix}_denominator"] = forms.DecimalField(
                label=_("%(cell)s — denominator") % {"cell": label},
                required=False,
                widget=forms.TextInput(
                    attrs={"placeholder": _("denominator"), "inputmode": "decimal"}
                ),
                **number,
            )
            self.fields[f"{prefix}_value"] = forms.DecimalField(
                label=_("%(cell)s — percentage") % {"cell": label},
                required=False,
                max_value=100,
                help_text=_("Computed from numerator and denominator when both are given."),
                widget=forms.TextInput(attrs={"placeholder": "%", "inputmode": "decimal"}),
                **number,
            )
        else:
            self.fields[f"{prefix}_value"] = forms.DecimalField(
                label=label,
                required=required,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                **number,
            )

    def cell_label(self, key: str) -> str:
        return cell_label(key, self.dimensions)

    def cell_fields(self, key: str) -> list[forms.BoundField]:
        prefix = field_prefix(key)
        return [self[name] for name in self.fields if name.startswith(prefix + "_")]

    def grid(self) -> dict[str, Any]:
        """Rows × columns for one or two dimensions: the first dimension
        (alphabetical) in rows, the second in columns, margins and total."""
        specs = sorted(self.dimensions, key=lambda d: d.code)
        if len(specs) == 0 or len(specs) > 2:
            return {}
        rows_dim = specs[0]
        cols_dim = specs[1] if len(specs) == 2 else None
        columns = list(cols_dim.values.all()) if cols_dim else []
        body = []
        for value in rows_dim.values.all():
            row_key = cells.make_key({rows_dim.code: value.code})
            cells_in_row = (
                [
                    GridCell(
                        cells.make_key({rows_dim.code: value.code, cols_dim.code: column.code}),
                        self.cell_fields(
                            cells.make_key({rows_dim.code: value.code, cols_dim.code: column.code})
                        ),
                    )
                    for column in columns
                ]
                if cols_dim
                else []
            )
            body.append(
                {
                    "label": value.label,
                    "cells": cells_in_row,
                    "margin": GridCell(row_key, self.cell_fields(row_key)),
                }
            )
        footer = (
            [
                GridCell(
                    cells.make_key({cols_dim.code: c.code}),
                    self.cell_fields(cells.make_key({cols_dim.code: c.code})),
                )
                for c in columns
            ]
            if cols_dim
            else []
        )
        return {
            "rows_label": rows_dim.label,
            "columns": [c.label for c in columns],
            "body": body,
            "footer": footer,
            "total": GridCell(cells.TOTAL, self.cell_fields(cells.TOTAL)),
        }

    def cell_values(self) -> list[CellValue]:
        data = self.cleaned_data
        result = []
        for key in self.cell_keys:
            prefix = field_prefix(key)
            result.append(
                CellValue(
                    cell_key=key,
                    value=data.get(f"{prefix}_value"),
                    numerator=data.get(f"{prefix}_numerator"),
                    denominator=data.get(f"{prefix}_denominator"),
                    text=data.get(f"{prefix}_text") or "",
                )
            )
        return result


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to be corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Supporting file"))
