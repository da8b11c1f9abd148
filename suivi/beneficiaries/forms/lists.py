"""Filters of the persons, services and referrals lists, and the exact search
by phone or document number.

Every field is optional and checked: a value that is not one of the choices,
a date that is not a date or an over-long text makes the form invalid and the
page says which filter is wrong — it never reaches a query. The choices are
given by the view (read through the selectors); the form reads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.beneficiaries.models import MatchStatus, Sex
from suivi.beneficiaries.selectors.lists import ListFilters

ALL = [("", _("All"))]
Choices = Sequence[tuple[str, Any]]


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ListFilterForm(forms.Form):
    """The filters of one list; `fields_shown` names those that apply to it."""

    q = forms.CharField(label=_("Name or partner reference"), required=False, max_length=100)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    category = forms.ChoiceField(label=_("Migrant category"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    centre = forms.ChoiceField(label=_("Centre"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = _date(_("From"))
    date_to = _date(_("To"))

    def __init__(
        self,
        data: Any,
        *,
        fields_shown: Sequence[str],
        categories: Choices = (),
        services: Choices = (),
        centres: Choices = (),
        statuses: Choices = (),
    ) -> None:
        # Only the filters of this list are read: another list's parameter in
        # the query string is ignored, not an error.
        super().__init__({k: v for k, v in data.items() if k in fields_shown} if data else None)
        for name in list(self.fields):
            if name not in fields_shown:
                del self.fields[name]
        choices = {
            "sex": list(Sex.choices),
            "category": list(categories),
            "service": list(services),
            "centre": list(centres),
            "status": list(statuses),
        }
        for name, values in choices.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ChoiceField):
                field.choices = ALL + values

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> ListFilters:
        """The valid filters (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return ListFilters()
        data = self.cleaned_data
        return ListFilters(
            q=data.get("q", "").strip(),
            sex=data.get("sex", ""),
            category=data.get("category", ""),
            service=data.get("service", ""),
            centre=data.get("centre", ""),
            status=data.get("status", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class DuplicateFilterForm(forms.Form):
    """The duplicates queue's filter: the pairs to review (the default), or
    those decided the same person or different persons."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=MatchStatus.choices)

    def __init__(self, data: Any) -> None:
        super().__init__({k: v for k, v in data.items() if k == "status"} if data else None)

    def chosen_status(self) -> str:
        """The chosen status; the pairs to review when none or a wrong one."""
        if self.is_bound and self.is_valid() and self.cleaned_data["status"]:
            return str(self.cleaned_data["status"])
        return MatchStatus.CANDIDATE


class ContactSearchForm(forms.Form):
    """Exact search by phone or document number, sent by POST so that the
    number never appears in an address, a history or a server log."""

    contact = forms.CharField(
        label=_("Phone or document number"), max_length=40, strip=True, required=True
    )
