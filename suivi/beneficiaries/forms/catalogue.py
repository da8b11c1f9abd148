"""Forms of the service catalogue pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from suivi.accounts.models import Organisation
from suivi.beneficiaries import schema
from suivi.beneficiaries.models import Centre, Trade
from suivi.beneficiaries.selectors.catalogue import CatalogueChoices
from suivi.beneficiaries.services.reference import Period
from suivi.core import text


class TargetingPeriodForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Targeted from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Targeted until"),
        required=False,
        help_text=_("Empty while the intervention still targets it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class BaseTargetingPeriods(forms.BaseFormSet):  # type: ignore[type-arg]
    def periods(self) -> list[Period]:
        """The periods kept (filled and not marked for removal); the service
        checks their order and overlaps."""
        kept: list[tuple[date, date | None]] = []
        for form in self.forms:
            data: dict[str, Any] = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("starts_on"):
                continue
            kept.append((data["starts_on"], data.get("ends_on")))
        return kept


TargetingPeriods = forms.formset_factory(
    TargetingPeriodForm, formset=BaseTargetingPeriods, extra=1, can_delete=True, max_num=20
)


class CentreForm(forms.Form):
    """A centre: its organisation, code (fixed once created), name, city,
    region and the trades it offers; its periods have their own form."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        validators=[
            RegexValidator(
                schema.SLUG, _("A code is lower-case letters, digits, - and _ (« en-rabat »).")
            )
        ],
        help_text=_("Used by the partner spreadsheets; fixed once the centre exists."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    organisation = forms.ChoiceField(label=_("Organisation"))
    name = forms.CharField(label=_("Name"), max_length=200, validators=[text.validate_line])
    city = forms.CharField(label=_("City"), max_length=100, validators=[text.validate_name])
    region = forms.CharField(
        label=_("Region"), max_length=100, required=False, validators=[text.validate_name]
    )
    trades = forms.MultipleChoiceField(
        label=_("Trades offered"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, choices: CatalogueChoices, centre: Centre | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices, self.centre = choices, centre
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (o.code, o.short_name or o.name) for o in choices.organisations
        ]
        trades = self.fields["trades"]
        assert isinstance(trades, forms.MultipleChoiceField)
        trades.choices = [(t.code, t.label) for t in choices.trades]
        if centre is not None:
            self.fields["code"].disabled = True
            self.initial.update(
                code=centre.code,
                organisation=centre.organisation.code,
                name=centre.name,
                city=centre.city,
                region=centre.region,
                trades=[t.code for t in centre.trades.all()],
            )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.centre is None and code in self.choices.centre_codes:
            raise ValidationError(_("A centre with this code exists already."))
        return code

    def chosen_organisation(self) -> Organisation:
        code = self.cleaned_data["organisation"]
        return next(o for o in self.choices.organisations if o.code == code)

    def chosen_trades(self) -> list[Trade]:
        return [t for t in self.choices.trades if t.code in self.cleaned_data["trades"]]


class TradeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        validators=[
            RegexValidator(schema.SLUG, _("A code is lower-case letters, digits, - and _."))
        ],
        help_text=_("Used by the partner spreadsheets; fixed once the trade exists."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Label in French"),
        max_length=200,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
    )
    name_ar = forms.CharField(
        label=_("Label in Arabic"),
        max_length=200,
        required=False,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    name_en = forms.CharField(
        label=_("Label in English"),
        max_length=200,
        required=False,
        validators=[text.validate_line],
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    is_technical = forms.BooleanField(
        label=_("Technical trade"),
        required=False,
        help_text=_("Definitions may count « technical trades » only."),
    )

    def __init__(
        self, *args: Any, choices: CatalogueChoices, trade: Trade | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices, self.trade = choices, trade
        if trade is not None:
            self.fields["code"].disabled = True
            self.initial.update(
                code=trade.code,
                name=trade.name,
                name_ar=trade.name_ar,
                name_en=trade.name_en,
                is_technical=trade.is_technical,
            )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.trade is None and code in self.choices.trade_codes:
            raise ValidationError(_("A trade with this code exists already."))
        return code
