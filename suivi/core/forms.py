from django import forms
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import Organisation, User


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    actor = forms.ModelChoiceField(
        label=_("User"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="username",
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions, object_types, organisations, actors, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        action, object_type = self.fields["action"], self.fields["object_type"]
        organisation = self.fields["organisation"]
        assert isinstance(action, forms.ChoiceField) and isinstance(object_type, forms.ChoiceField)
        assert isinstance(organisation, forms.ModelChoiceField)
        action.choices = every + list(actions)
        object_type.choices = every + list(object_types)
        organisation.queryset = organisations
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)
        actor.queryset = actors

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned
