"""A definition said back in plain words, in the user's language.

"Persons who received « Vocational-training enrolment » given by Entraide
Nationale at a centre the intervention targets on that date; year: the
school year ending in it; each person counted once." The M&E officer reads
what the rule counts without reading its JSON, and the steering committee
reads the same sentence on the indicator sheet. Built from the definition
and the catalogue's labels only: it can never say something the rule does
not do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from suivi.beneficiaries import schema


class Labels:
    """The labels a sentence needs: service types (with their details) and
    organisations, by code."""

    def __init__(
        self,
        services: Mapping[str, tuple[str, Mapping[str, schema.Detail]]],
        organisations: Mapping[str, str],
    ) -> None:
        self.services, self.organisations = services, organisations

    def service(self, code: str) -> str:
        return f"« {self.services.get(code, (code, {}))[0]} »"

    def value(self, types: list[str], name: str, value: Any) -> tuple[str, str]:
        for code in types:
            detail = self.services.get(code, ("", {}))[1].get(name)
            if detail is not None:
                return detail.label, detail.display(value)
        return name, str(value)


def _or(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _selection(raw: Mapping[str, Any], labels: Labels) -> str:
    types = [str(code) for code in raw.get("types") or ()]
    parts = [_or([labels.service(code) for code in types])]
    parts += _filters(raw.get("filters") or {}, types, labels)
    return " ".join(parts)


def _filters(filters: Mapping[str, Any], types: list[str], labels: Labels) -> list[str]:
    parts: list[str] = []
    organisations = filters.get("organisations") or ()
    if organisations:
        names = [labels.organisations.get(code, code) for code in organisations]
        parts.append(_("given by %(organisations)s") % {"organisations": _or(names)})
    if filters.get("centre_targeted"):
        parts.append(_("at a centre the intervention targets on that date"))
    if filters.get("trade_technical"):
        parts.append(_("in a technical trade"))
    sex = filters.get("sex")
    if sex:
        parts.append(_("(women only)") if sex == "women" else _("(men only)"))
    for name, expected in (filters.get("attributes") or {}).items():
        values = expected if isinstance(expected, list) else [expected]
        said = [labels.value(types, name, value) for value in values]
        parts.append(
            _("with %(detail)s: %(values)s")
            % {"detail": said[0][0] if said else name, "values": _or([v for _d, v in said])}
        )
    related = filters.get("related")
    if related:
        inner = " ".join(_filters(related, list(labels.services), labels))
        parts.append(_("whose related service is %(filters)s") % {"filters": inner})
    preceded_by = filters.get("preceded_by")
    if preceded_by:
        parts.append(
            _("after receiving %(services)s") % {"services": _selection(preceded_by, labels)}
        )
    return parts


def _year(rule: str) -> str:
    if rule == "school_year_end":
        return _("year: the school year ending in it")
    if rule == "school_year_start":
        return _("year: the school year starting in it")
    return _("year: the service's date")


def describe(raw: Mapping[str, Any], labels: Labels) -> str:
    """The definition `raw` (already checked) as one or two sentences."""
    selections = raw["events"] if isinstance(raw["events"], list) else [raw["events"]]
    counted = _or([_selection(selection, labels) for selection in selections])
    measure = raw.get("measure")
    if measure == "events":
        sentence = _("Services %(services)s, each counted") % {"services": counted}
    elif measure == "rate":
        numerator = raw["numerator"]
        reached = _selection(numerator, labels)
        how = (
            _("later received %(services)s")
            if numerator.get("via") == "after"
            else _("have a linked %(services)s")
        ) % {"services": reached}
        sentence = _("Among persons who received %(services)s, the share who %(how)s") % {
            "services": counted,
            "how": how,
        }
    else:
        sentence = _("Persons who received %(services)s") % {"services": counted}
    once = (
        _("each person counted once, in the year of their first match")
        if raw.get("first_only")
        else _("each person counted once a year")
    )
    if measure == "events":
        once = ""
    # Punctuation is the language's: « ; » in French, « ؛ » in Arabic.
    separator = pgettext("between clauses", "; ")
    tail = separator.join(part for part in (_year(raw.get("year", "event")), once) if part)
    return _("%(sentence)s; %(details)s.") % {"sentence": sentence, "details": tail}
