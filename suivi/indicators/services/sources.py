"""Indicator sources: the apps that compute indicators, and the declaration
that lets one of them write an indicator's values.

An app registers on its `AppConfig`:

    indicator_sources = {"beneficiaries": "suivi.beneficiaries.computation.source.SOURCE"}

(source name → dotted path to an `IndicatorSource` of that name). Only a
registered source may write computed values (`services.computed`), and only
for an indicator declared computed by it, from a year on, with a reason
(`declare_computed`): values of earlier years and entered values stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from suivi.core import audit, text
from suivi.core.actors import Actor
from suivi.indicators import policies
from suivi.indicators.models import Indicator


@dataclass(frozen=True)
class IndicatorSource:
    """What an app registers: its source name and a label for people
    (shown in the workflow step of each value it computes)."""

    name: str
    label: str | Promise
    # Dotted path to a function (indicator) -> str saying, in the user's
    # language, how the source computes the indicator ("" when it cannot).
    describe: str = ""
    # Dotted path to a function (definition) -> None raising a ValidationError
    # naming each problem of a definition it is given (unknown service,
    # detail, value…); a source without one takes no definition.
    check: str = ""
    # Dotted path to a function (definitions) -> the same said in plain words
    # (the sheet's history of versions), and the URL name of the page where
    # the rule is written (it takes the indicator's pk).
    explain: str = ""
    edit_url: str = ""
    # Dotted path to a function (indicator, year) -> str saying why the
    # indicator has no value for the year ("" when the source cannot say);
    # printed beside an empty cell of the progress table's JSON.
    empty_note: str = ""

    def rules_in_words(self, definitions: list[dict[str, Any]]) -> list[str]:
        if not self.explain or not definitions:
            return ["" for _definition in definitions]
        return [str(words) for words in import_string(self.explain)(definitions)]

    def description(self, indicator: Indicator) -> str:
        return str(import_string(self.describe)(indicator)) if self.describe else ""

    def check_definition(self, definition: dict[str, Any]) -> None:
        if not self.check:
            raise ValidationError(
                _("%(source)s takes no computation rule.") % {"source": self.label}
            )
        import_string(self.check)(definition)

    def why_empty(self, indicator: Indicator, year: int) -> str:
        return str(import_string(self.empty_note)(indicator, year)) if self.empty_note else ""


@cache
def registered_sources() -> dict[str, IndicatorSource]:
    """Every app's `indicator_sources` (on its AppConfig), loaded once."""
    sources: dict[str, IndicatorSource] = {}
    for config in apps.get_app_configs():
        for name, path in getattr(config, "indicator_sources", {}).items():
            described = import_string(path)
            if not isinstance(described, IndicatorSource) or described.name != name:
                raise ImproperlyConfigured(f"{path} is not the IndicatorSource {name!r}.")
            if name in sources:
                raise ImproperlyConfigured(f"Two apps register the indicator source {name!r}.")
            sources[name] = described
    return sources


def registered_source(name: str) -> IndicatorSource:
    """The registered source `name`; anything else is refused."""
    try:
        return registered_sources()[name]
    except KeyError:
        raise ValidationError(
            _("%(source)s is not a registered indicator source.") % {"source": name}
        ) from None


@transaction.atomic
def declare_computed(
    *, actor: Actor, indicator: Indicator, source: str, from_year: int, reason: str
) -> Indicator:
    """Let `source` write `indicator`'s values from `from_year` on. Values of
    earlier years, and any entered value, stay as they are. Saying it again
    with the same terms writes nothing."""
    if not policies.may_manage_definitions(actor):
        raise PermissionDenied
    registered_source(source)
    reason = text.clean_fields({"computed_reason": (text.clean_text, reason)})["computed_reason"]
    if not reason:
        raise ValidationError(
            {"computed_reason": _("Say why this indicator's values are computed from now on.")}
        )
    if not indicator.intervention.covers_year(from_year):
        raise ValidationError(
            {
                "computed_from_year": _("The year %(year)s is outside the intervention's dates.")
                % {"year": from_year}
            }
        )
    wanted: dict[str, Any] = {
        "is_computed": True,
        "computed_from_year": from_year,
        "computed_source": source,
        "computed_reason": reason,
    }
    changed = [name for name, value in wanted.items() if getattr(indicator, name) != value]
    if not changed:
        return indicator
    for name in changed:
        setattr(indicator, name, wanted[name])
    indicator.full_clean()
    indicator.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor,
        action="indicators.indicator.declared_computed",
        target=indicator,
        changed_fields=changed,
        detail={"source": source, "from_year": from_year},
    )
    return indicator


def _isolated(text: str) -> str:
    """`text` between first-strong and pop isolates on right-to-left pages."""
    return f"\u2068{text}\u2069" if translation.get_language_bidi() else text


def step_note(message: dict[str, Any]) -> str:
    """The note of a step the platform wrote (`MeasurementTransition.message`),
    in the active language: which source computed the value, by which rule."""
    found = registered_sources().get(str(message.get("source", "")))
    names = {
        "source": found.label if found else message.get("source", ""),
        "version": message.get("version"),
        # A hash of Latin letters and digits, isolated so that a right-to-left
        # sentence keeps it (and the punctuation after it) in place.
        "definition": _isolated(str(message.get("definition"))),
    }
    if message.get("version") is not None:
        return (
            _("Computed from %(source)s by the rule of version %(version)s.")
            if message.get("new")
            else _(
                "Recomputed from %(source)s: the rule changed (now that of version %(version)s)."
            )
        ) % names
    return (
        _("Computed from %(source)s (definition %(definition)s).")
        if message.get("new")
        else _("Recomputed from %(source)s: the definition changed (now %(definition)s).")
    ) % names
