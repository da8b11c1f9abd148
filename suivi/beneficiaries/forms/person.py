from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import Organisation
from suivi.accounts.selectors import serving_partners
from suivi.beneficiaries.models import Centre, DocumentType, EventType, JourneyEvent, Sex
from suivi.beneficiaries.selectors.catalogue import centres_of, migrant_categories
from suivi.beneficiaries.selectors.persons import services_granted_for
from suivi.core import countries, text


class RegistrationForm(forms.Form):
    """Field registration: few fields, large targets, a token against double
    submission (the same token twice creates one record)."""

    token = forms.CharField(widget=forms.HiddenInput)
    given_name = forms.CharField(
        label=_("Given name"), max_length=100, validators=[text.validate_name]
    )
    family_name = forms.CharField(
        label=_("Family name"), max_length=100, validators=[text.validate_name]
    )
    # Sex and category have no default: a value nobody chose would bias the
    # figures (a phone registration saved as "regularised" untouched).
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say the person's sex: nothing is chosen by default.")},
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        # A year, not a quantity: no spinner, no grouping ("1 982").
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "size": 4}),
    )
    category = forms.ChoiceField(
        label=_("Migrant category"),
        error_messages={
            "required": _("Choose the migrant category: nothing is chosen by default.")
        },
    )
    # The country list named in the user's language (django-countries).
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        error_messages={"invalid_choice": _("« %(value)s » is not a country of the list.")},
    )
    city = forms.CharField(
        label=_("City"), max_length=100, required=False, validators=[text.validate_name]
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    document_type = forms.ChoiceField(
        label=_("Identity document"), choices=[("", "—"), *DocumentType.choices], required=False
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # In the past for last week's work on paper; checked by the service (not
    # in the future, not before the intervention starts).
    registered_on = forms.DateField(
        label=_("Date of registration"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today, or the day the person was met if you enter it later."),
    )
    consent = forms.BooleanField(
        label=_("The person agrees to be registered (consent read out and given that day)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["registered_on"].initial = today
        self.fields["registered_on"].widget.attrs["max"] = today.isoformat()
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [
            ("", _("— choose —")),
            *[(v.code, v.label) for v in migrant_categories()],
        ]
        nationality = self.fields["nationality"]
        assert isinstance(nationality, forms.ChoiceField)
        nationality.choices = [("", "—"), *countries.choices()]

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth is not plausible."))
        return year


class ServiceForm(forms.Form):
    """A service of one type; its details follow the type's declared
    attributes. The centre is asked (and required) only for a type given at
    a centre."""

    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the service was given: it may be in the past."),
    )
    centre = forms.ModelChoiceField(
        label=_("Centre"), queryset=Centre.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, event_type: EventType, organisation: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event_type = event_type
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if event_type.needs_centre:
            centre = self.fields["centre"]
            assert isinstance(centre, forms.ModelChoiceField)
            centre.queryset = centres_of(organisation)
            centre.required = True
        else:
            # A service not given at a centre (an ANAPEC registration, an
            # exam result) asks for none: the field would only puzzle.
            del self.fields["centre"]
        for detail in event_type.details:
            name, kind, label = detail.name, detail.kind, detail.label
            required = detail.required and kind != "bool"
            field: forms.Field
            if kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            elif kind == "choice":
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    choices=[("", "—"), *[(c.value, c.label) for c in detail.open_choices]],
                )
            elif kind == "number":
                field = forms.DecimalField(label=label, required=required)
            elif kind == "date":
                field = forms.DateField(
                    label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
                )
            else:
                field = forms.CharField(
                    label=label, required=required, max_length=200, validators=[text.validate_line]
                )
            self.fields[f"attr_{name}"] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("centre", None)
        return data

    def attributes(self) -> dict[str, Any]:
        return {
            name[5:]: (str(value) if not isinstance(value, bool | str) else value)
            for name, value in self.cleaned_data.items()
            if name.startswith("attr_") and value not in (None, "")
        }


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, exclude: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = serving_partners(exclude)


class ReferralForm(ShareForm):
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[
            ("employment", _("Employment")),
            ("self_employment", _("Self-employment")),
            ("training", _("Training")),
            ("other", _("Other")),
        ],
    )
    note = forms.CharField(
        label=_("Note for the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        validators=[text.validate_text],
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        validators=[text.validate_text],
    )


class ScholarshipForm(forms.Form):
    """A scholarship decided on the vulnerability grid: the score is computed."""

    enrolment = forms.ModelChoiceField(
        label=_("Training enrolment"), queryset=JourneyEvent.objects.none()
    )
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"), required=False, widget=forms.CheckboxSelectMultiple
    )
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, person: Any, grid: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolment = self.fields["enrolment"]
        assert isinstance(enrolment, forms.ModelChoiceField)
        enrolment.queryset = services_granted_for(person, grid)
        criteria = self.fields["criteria"]
        assert isinstance(criteria, forms.MultipleChoiceField)
        criteria.choices = [
            (c.code, f"{c.label} ({c.weight})")
            for c in grid.criteria.all()
            if person.sex == "women" or not c.women_only
        ]
