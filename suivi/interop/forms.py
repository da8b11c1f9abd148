from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.core import text

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024


class LogframeUploadForm(forms.Form):
    file = forms.FileField(label=_("Logframe workbook (.xlsx)"))
    label = forms.CharField(
        label=_("Label of this version"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the one in the « Révision » sheet."),
        validators=[text.validate_line],
    )
    # Checked here because the import runs later, in a task: a refusal by the
    # revision service there would fail the job instead of showing on the form.
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )
    decision_reference = forms.CharField(
        label=_("Approving COPIL decision"),
        required=False,
        max_length=200,
        validators=[text.validate_line],
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalogue workbook (.xlsx)"))

    clean_file = LogframeUploadForm.clean_file


KIND_LABELS = {
    "persons": _("Persons"),
    "events": _("Services given"),
    "referrals": _("Referrals sent"),
}


class RecordsUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file lists"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))

    def __init__(self, *args, kinds: tuple[str, ...], **kwargs):  # type: ignore[no-untyped-def]
        """Offers only the spreadsheets the user may import (`kinds`)."""
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(value, KIND_LABELS[value]) for value in kinds]

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx or .csv file."))
        if upload.size > MAX_WORKBOOK_BYTES * 5:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class ExpensesUploadForm(forms.Form):
    file = forms.FileField(label=_("Accounting extract (.xlsx or .csv)"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload a .xlsx or .csv file."))
        if upload.size > MAX_WORKBOOK_BYTES * 5:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class BudgetUploadForm(ExpensesUploadForm):
    file = forms.FileField(label=_("Budget workbook (.xlsx or .csv)"))
    label = forms.CharField(
        label=_("Label of this version"),
        max_length=200,
        validators=[text.validate_line],
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[text.validate_text],
    )
