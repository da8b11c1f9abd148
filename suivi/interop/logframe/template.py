"""Sheets and columns of the logframe workbook (see docs/imports.md).

Headers are French whatever the user's language: they are the file format,
and the programme's files are French. Help texts follow the user's language.
Values of coded columns (level, unit…) are the codes below; the reader also
accepts the French labels users may type instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REVISION_SHEET = "Révision"
CHAIN_SHEET = "Chaîne"
INDICATOR_SHEET = "Indicateurs"
CELL_TARGET_SHEET = "Cibles désagrégées"
ACTION_SHEET = "Actions"
DEFINITION_SHEET = "Définitions"
README_SHEET = "Lisez-moi"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str | Promise
    required: bool = False


REVISION_FIELDS = [
    Column(
        "label",
        "Libellé",
        _("Short name of this version of the framework (e.g. “DTF logframe”)."),
        True,
    ),
    Column(
        "reason", "Motif", _("Why the framework changes (baseline study, mid-term review…)."), True
    ),
    Column(
        "decision_reference",
        "Décision COPIL",
        _("Reference of the approving steering-committee decision (DTF §8.5)."),
    ),
    Column(
        "effective_date",
        "Date d'effet",
        _("Date from which this version applies (YYYY-MM-DD)."),
    ),
]

CHAIN_COLUMNS = [
    Column(
        "level",
        "Niveau",
        _("impact, outcome, output or activity (the French words are accepted too)."),
        True,
    ),
    Column("code", "Code", _("Unique code in the intervention: OG, OS, OI1, A0101…"), True),
    Column("parent_code", "Code parent", _("Code of the level above (empty for the impact).")),
    Column("title", "Intitulé", _("Wording of the result or activity."), True),
    Column("budget_code", "Code budgétaire", _("A, A 01, A 01 01… (the DTF's budget line).")),
    Column("execution_mode", "Mode d'exécution", _("regie or cogestion (activities).")),
    Column("assumptions", "Hypothèses", _("Assumptions at this level (results).")),
    Column(
        "title_ar",
        "Intitulé (ar)",
        _("Wording in Arabic, shown on Arabic pages (empty: the French wording is shown)."),
    ),
    Column(
        "title_en",
        "Intitulé (en)",
        _("Wording in English, shown on English pages (empty: the French wording is shown)."),
    ),
    Column(
        "assumptions_ar",
        "Hypothèses (ar)",
        _("Assumptions in Arabic (empty: the French ones are shown)."),
    ),
    Column(
        "assumptions_en",
        "Hypothèses (en)",
        _("Assumptions in English (empty: the French ones are shown)."),
    ),
]

INDICATOR_COLUMNS = [
    Column(
        "code",
        "Code",
        _("Indicator code, unique in the intervention (e.g. XYZ1234567_Ind1.2)."),
        True,
    ),
    Column("result_code", "Résultat", _("Code of the result it measures (OG, OS, OI1…)."), True),
    Column("title", "Intitulé", _("Wording of the indicator."), True),
    Column("unit", "Unité", _("count, percentage, yes_no, scale or text."), True),
    Column("direction", "Sens", _("increase (higher is better) or decrease.")),
    Column(
        "aggregation",
        "Agrégation",
        _("periodic, cumulative (since the start) or unique_persons (whole intervention)."),
        True,
    ),
    Column("frequency", "Fréquence", _("annual, semiannual, quarterly or once.")),
    Column(
        "source_of_verification", "Source de vérification", _("Where the value can be checked.")
    ),
    Column(
        "responsible",
        "Responsable",
        _("Code of the organisation that collects it (en, anapec, enabel…)."),
    ),
    Column(
        "dimensions",
        "Désagrégation",
        _("Dimension codes separated by commas (sex, category)."),
    ),
    Column("baseline_value", "Valeur de base", _("A number; write a percentage as 41 for 41 %.")),
    Column("baseline_year", "Année de base", _("Year of the baseline.")),
    Column("baseline_comment", "Commentaire base", _("Note on the baseline.")),
    Column(
        "replaces",
        "Remplace",
        _("Code of the indicator of an earlier framework that this one takes over from."),
    ),
    Column(
        "computed",
        "Calculé",
        _(
            "oui when the values follow from person records (never typed in); "
            "empty or non otherwise."
        ),
    ),
    Column("final_target", "Cible finale", _("Target at the end of the intervention.")),
]
# Followed by one "Cible AAAA" column per year of the intervention, then the
# optional translations of the wording.
YEAR_TARGET_PREFIX = "Cible "
INDICATOR_TRANSLATION_COLUMNS = [
    Column(
        "title_ar",
        "Intitulé (ar)",
        _(
            "Wording in Arabic, shown on Arabic pages (empty: the French wording is shown); "
            "a translation makes no new version."
        ),
    ),
    Column(
        "title_en",
        "Intitulé (en)",
        _(
            "Wording in English, shown on English pages (empty: the French wording is shown); "
            "a translation makes no new version."
        ),
    ),
]

CELL_TARGET_COLUMNS = [
    Column("indicator_code", "Indicateur", _("Indicator code."), True),
    Column(
        "cell", "Cellule", _("Disaggregation cell: sex=women, category=refugee|sex=women…"), True
    ),
    Column("year", "Année", _("Year of the target, or “finale”."), True),
    Column("value", "Valeur", _("Target for this cell."), True),
]

ACTION_COLUMNS = [
    Column("activity_code", "Activité", _("Code of the activity (A0101…)."), True),
    Column("year", "Année", _("Year the action is planned for."), True),
    Column("title", "Action", _("The planned action."), True),
    Column(
        "title_ar",
        "Action (ar)",
        _("The action in Arabic, shown on Arabic pages (empty: the French one is shown)."),
    ),
    Column(
        "title_en",
        "Action (en)",
        _("The action in English, shown on English pages (empty: the French one is shown)."),
    ),
]

DEFINITION_COLUMNS = [
    Column("indicator_code", "Indicateur", _("Code of an indicator computed from records."), True),
    Column(
        "part",
        "Partie",
        _(
            "règle, services 1 (services 2… for a union), numérateur; add « › précédé de » or "
            "« › service lié » to a part for the services before, or the service it is linked to."
        ),
        True,
    ),
    Column(
        "condition",
        "Condition",
        _(
            "règle: mesure, année, première fois seulement. Services: types, organisations, "
            "centre ciblé, métier technique, sexe, détail CODE; numérateur: lien."
        ),
        True,
    ),
    Column(
        "value",
        "Valeur",
        _(
            "Codes of the catalogue, separated by commas; oui or non; mesure: personnes, "
            "services or taux; année: service, début d'année scolaire or fin d'année scolaire; "
            "lien: lié or après; sexe: femmes or hommes."
        ),
        True,
    ),
]

LEVEL_ALIASES = {
    "impact": "impact",
    "objectif général": "impact",
    "og": "impact",
    "outcome": "outcome",
    "objectif spécifique": "outcome",
    "os": "outcome",
    "output": "output",
    "résultat intermédiaire": "output",
    "objectif intermédiaire": "output",
    "oi": "output",
    "activity": "activity",
    "activité": "activity",
}
PARENT_LEVEL = {"impact": None, "outcome": "impact", "output": "outcome", "activity": "output"}
FINAL_ALIASES = {"finale", "final", "0"}
YES_ALIASES = {"oui", "yes", "1", "true", "vrai", "x"}
NO_ALIASES = {"", "non", "no", "0", "false", "faux"}
