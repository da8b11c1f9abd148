"""Forms of the finance pages. Choices that come from the database are
given by the view (from a selector); forms hold no query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import Organisation
from suivi.core import text
from suivi.finance.models import ExpenseKind, Procedure, ProcurementStatus
from suivi.governance.models import Decision
from suivi.programmes.models import Activity, ExecutionMode, ResultNode


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class ExpenseFilterForm(forms.Form):
    line = forms.ChoiceField(label=_("Budget line"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ExpenseKind.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, lines: list[tuple[str, str]], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("All")), *lines]  # type: ignore[attr-defined]
        # Labels as text: a year is not a quantity ("2 020").
        self.fields["year"].choices = [("", _("All")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]


class ExpenseForm(forms.Form):
    document_number = forms.CharField(
        label=_("Accounting document number"), max_length=40, validators=[text.validate_line]
    )
    line_code = forms.ChoiceField(label=_("Budget line"))
    date = _date(_("Date"))
    amount = forms.DecimalField(label=_("Amount (EUR)"), max_digits=14, decimal_places=2)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpenseKind.choices)
    description = forms.CharField(
        label=_("Description"), max_length=300, required=False, validators=[text.validate_line]
    )
    supplier = forms.CharField(
        label=_("Supplier or beneficiary"),
        max_length=200,
        required=False,
        validators=[text.validate_line],
    )

    def __init__(self, *args: Any, lines: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["line_code"].choices = lines  # type: ignore[attr-defined]


class LineForm(forms.Form):
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    execution_mode = forms.ChoiceField(
        label=_("Mode of execution"), required=False, choices=[("", "—"), *ExecutionMode.choices]
    )
    closed = forms.BooleanField(label=_("Closed (takes no new expense)"), required=False)


class PlanForm(forms.Form):
    """One amount per year of the intervention."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for year in years:
            self.fields[f"y{year}"] = forms.DecimalField(
                label=str(year), required=False, min_value=0, max_digits=14, decimal_places=2
            )

    def amounts(self) -> dict[int, Decimal]:
        return {
            int(name[1:]): value or Decimal(0)
            for name, value in self.cleaned_data.items()
            if name.startswith("y")
        }


class ProposeForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200, validators=[text.validate_line])
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), validators=[text.validate_text]
    )


class ApproveForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Approving COPIL decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_(
            "Required when the revision breaks a rule of the DTF. The decisions are those "
            "of the steering registers: record the COPIL's decision there first."
        ),
    )
    approved_on = _date(_("Approved on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        field.queryset = decisions  # type: ignore[attr-defined]
        field.label_from_instance = _decision_label  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    """The reason a proposed revision is withdrawn (required)."""

    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), validators=[text.validate_text]
    )


def _decision_label(decision: Decision) -> str:
    return f"{decision} — {Truncator(decision.text).chars(90)}"


class GrantForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"), max_length=60, validators=[text.validate_line]
    )
    grantee = forms.ModelChoiceField(label=_("Grantee"), queryset=Organisation.objects.none())
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text.validate_text],
    )
    outputs = forms.ModelMultipleChoiceField(
        label=_("Outputs"), queryset=ResultNode.objects.none(), required=False
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args: Any, grantees: Any, outputs: Any, activities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = grantees  # type: ignore[attr-defined]
        self.fields["outputs"].queryset = outputs  # type: ignore[attr-defined]
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]


class TrancheForm(forms.Form):
    planned_date = _date(_("Planned date"))
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )


class AmendmentForm(forms.Form):
    signed_on = _date(_("Signed on"))
    amount_change = forms.DecimalField(
        label=_("Change of amount (EUR)"), initial=0, max_digits=14, decimal_places=2
    )
    new_end_date = _date(_("New end date"), required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Report"), max_length=200, validators=[text.validate_line])
    due_on = _date(_("Due on"))


class DateForm(forms.Form):
    on = _date(_("Date"))


class TrancheStepForm(forms.Form):
    """A step of a tranche: the date it carries (request, payment), or the
    reason of a cancellation."""

    on = _date(_("Date"))
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )

    def __init__(self, *args: Any, step: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if step == "cancel":
            del self.fields["on"]
        else:
            del self.fields["note"]
            self.fields["on"].label = _("Requested on") if step == "request" else _("Paid on")


class ProcurementForm(forms.Form):
    reference = forms.CharField(
        label=_("CSC reference"), max_length=60, validators=[text.validate_line]
    )
    subject = forms.CharField(
        label=_("Object"), widget=forms.Textarea(attrs={"rows": 2}), validators=[text.validate_text]
    )
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices)
    estimated_amount = forms.DecimalField(
        label=_("Estimated amount (EUR)"), min_value=0, max_digits=14, decimal_places=2
    )
    awarded_amount = forms.DecimalField(
        label=_("Awarded amount (EUR)"),
        min_value=0,
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    planned_date = _date(_("Planned award date"))
    actual_date = _date(_("Actual award date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProcurementStatus.choices)
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args: Any, activities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
