"""Sheets and columns of the catalogue workbook (see docs/imports.md).

Headers are French whatever the user's language, like the logframe
workbook's: they are the file format. Help texts follow the user's language.
Each sheet is a list keyed by codes; the importer brings the catalogue to
what the file says (types, details and values absent from the file are left
as they are: a catalogue only grows or retires, see the app README).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from suivi.interop.logframe.template import Column

README_SHEET = "Lisez-moi"
SERVICE_SHEET = "Services"
DETAIL_SHEET = "Détails"
VALUE_SHEET = "Valeurs"
TRADE_SHEET = "Métiers"
CENTRE_SHEET = "Centres"
PERIOD_SHEET = "Périodes ciblées"
SHEETS = (SERVICE_SHEET, DETAIL_SHEET, VALUE_SHEET, TRADE_SHEET, CENTRE_SHEET, PERIOD_SHEET)

_LABELS = [
    Column("name", "Libellé (fr)", _("Label in French."), True),
    Column("name_ar", "Libellé (ar)", _("Label in Arabic (French is shown when empty).")),
    Column("name_en", "Libellé (en)", _("Label in English (French is shown when empty).")),
]

SERVICE_COLUMNS = [
    Column("code", "Code", _("Code of the service: lower-case letters, digits and _."), True),
    *_LABELS,
    Column("needs_centre", "Dans un centre", _("oui when the service is given at a centre.")),
    Column(
        "organisations",
        "Enregistré par",
        _("Codes of the organisations that record it, separated by commas (empty: any partner)."),
    ),
    Column(
        "serves",
        "Sert",
        _("Codes of the outputs and activities it serves, separated by commas (OI1, A0101…)."),
    ),
    Column("order", "Ordre", _("Position in the lists (a whole number).")),
    Column("retired", "Retiré", _("oui: kept for the services recorded, no new service.")),
]

KIND_ALIASES = {
    "text": "text",
    "texte": "text",
    "number": "number",
    "nombre": "number",
    "date": "date",
    "bool": "bool",
    "oui/non": "bool",
    "yes/no": "bool",
    "choice": "choice",
    "choix": "choice",
}
KIND_WORDS = {
    "text": "texte",
    "number": "nombre",
    "date": "date",
    "bool": "oui/non",
    "choice": "choix",
}

DETAIL_COLUMNS = [
    Column("service", "Service", _("Code of the service (sheet Services)."), True),
    Column("code", "Code", _("Code of the detail: lower-case letters, digits and _."), True),
    *_LABELS,
    Column("kind", "Type", _("texte, nombre, date, oui/non or choix."), True),
    Column("required", "Obligatoire", _("oui when every service of the type must give it.")),
]

VALUE_COLUMNS = [
    Column("service", "Service", _("Code of the service."), True),
    Column("detail", "Détail", _("Code of the choice detail (sheet Détails)."), True),
    Column(
        "code",
        "Valeur",
        _("Code of the value: letters, digits and _ (as recorded in imports)."),
        True,
    ),
    *_LABELS,
    Column("retired", "Retirée", _("oui: kept for the services recorded, refused on new ones.")),
]

TRADE_COLUMNS = [
    Column("code", "Code", _("Code of the trade."), True),
    *_LABELS,
    Column(
        "technical",
        "Technique",
        _("oui for a technical trade (a definition may count them apart)."),
    ),
]

CENTRE_COLUMNS = [
    Column("code", "Code", _("Code of the centre."), True),
    Column("organisation", "Organisation", _("Code of the organisation that runs it."), True),
    Column("name", "Nom", _("Name of the centre."), True),
    Column("city", "Ville", _("City.")),
    Column("region", "Région", _("Region.")),
    Column("trades", "Métiers", _("Codes of the trades offered, separated by commas.")),
]

PERIOD_COLUMNS = [
    Column("centre", "Centre", _("Code of the centre."), True),
    Column("starts_on", "Du", _("First day the intervention targets it (YYYY-MM-DD)."), True),
    Column("ends_on", "Au", _("Last day (YYYY-MM-DD); empty while it is still targeted.")),
]

COLUMNS = {
    SERVICE_SHEET: SERVICE_COLUMNS,
    DETAIL_SHEET: DETAIL_COLUMNS,
    VALUE_SHEET: VALUE_COLUMNS,
    TRADE_SHEET: TRADE_COLUMNS,
    CENTRE_SHEET: CENTRE_COLUMNS,
    PERIOD_SHEET: PERIOD_COLUMNS,
}
