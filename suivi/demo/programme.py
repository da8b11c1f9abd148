"""The migration programme, its two interventions and their frameworks.

Figures and wording come from the DTF (seed 000) and the 2020 results report
(seed 001); `data/` holds the logframe workbooks, loaded through the same
import users run, and the values the report gives for the indicators that are
not computed from person records (entered, then submitted and approved through
the review workflow by the demo M&E officer and manager).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from suivi.accounts.models import Organisation, User
from suivi.demo import catalogue
from suivi.demo.actor import LOADER
from suivi.indicators.models import Indicator, Measurement
from suivi.indicators.services import definitions, measurements, periods
from suivi.indicators.services.measurements import CellValue
from suivi.interop.logframe.importer import import_logframe
from suivi.programmes import services
from suivi.programmes.models import Intervention, Programme

DATA = Path(__file__).parent / "data"

DIMENSIONS = [
    (
        "sex",
        "Sexe",
        "الجنس",
        "Sex",
        [("women", "Femmes", "نساء", "Women"), ("men", "Hommes", "رجال", "Men")],
    ),
    (
        "category",
        "Catégorie de migrant·e·s",
        "فئة المهاجرين",
        "Migrant category",
        [
            ("regularised", "Régularisé·e", "مُسوّى الوضعية", "Regularised"),
            ("refugee", "Réfugié·e", "لاجئ(ة)", "Refugee"),
            ("asylum_seeker", "Demandeur·se d'asile", "طالب(ة) لجوء", "Asylum seeker"),
            ("irregular", "En situation irrégulière", "في وضعية غير نظامية", "Irregular situation"),
            ("student", "Étudiant·e", "طالب(ة)", "Student"),
        ],
    ),
]

AMUDDU: dict[str, Any] = {
    "code": "MOR1605211",
    "short_name": "Amuddu",
    "title": "Appui à la mise en œuvre de la Stratégie Nationale d'Immigration et d'Asile (SNIA)",
    "title_ar": "دعم تنفيذ الاستراتيجية الوطنية للهجرة واللجوء",
    "title_en": "Support to the implementation of the National Strategy on Immigration and Asylum",
    "dgd_code": "3017802",
    "navision_code": "MOR 16 052 11",
    "zone": "National ; régions Rabat-Salé-Kénitra et Casablanca-Settat (axe Rabat–Casablanca)",
    "zone_ar": "وطني؛ جهتا الرباط-سلا-القنيطرة والدار البيضاء-سطات (محور الرباط–الدار البيضاء)",
    "zone_en": "National; Rabat-Salé-Kénitra and Casablanca-Settat regions (Rabat–Casablanca axis)",
    "start_date": date(2018, 3, 15),
    "end_date": date(2023, 3, 14),
    "budget": Decimal("4600000"),
    "status": "execution",
}
MBI: dict[str, Any] = {
    "code": "MOR1605311",
    "short_name": "MBI",
    "title": "Appui à la mise en œuvre de la Stratégie Nationale en faveur des MRE, "
    "« Maghrib Belgium Impulse »",
    "title_ar": "دعم تنفيذ الاستراتيجية الوطنية لفائدة مغاربة العالم، «Maghrib Belgium Impulse»",
    "title_en": "Support to the implementation of the National Strategy for Moroccans Living "
    "Abroad, “Maghrib Belgium Impulse”",
    "dgd_code": "3017803",
    "navision_code": "MOR 16 053 11",
    "zone": "Belgique et Maroc",
    "zone_ar": "بلجيكا والمغرب",
    "zone_en": "Belgium and Morocco",
    "budget": Decimal("1250000"),
    "status": "execution",
}
FRAMEWORKS = [
    ("MOR1605211", "amuddu_1_dtf.xlsx"),
    ("MOR1605211", "amuddu_2_suivi_2020.xlsx"),
    ("MOR1605311", "mbi_1_dtf.xlsx"),
]
# Frameworks whose computed indicators are defined on the service catalogue.
NEEDS_CATALOGUE = {"amuddu_2_suivi_2020.xlsx"}
ENTERED_VALUES = "amuddu_valeurs_saisies_2019_2020.csv"


def load(progress: Callable[[str], None], *, entered_by: User, approved_by: User) -> None:
    """Programme, interventions, both Amuddu frameworks, MBI's chain, and the
    report's entered values through the review workflow. Idempotent."""
    for code, name, name_ar, name_en, values in DIMENSIONS:
        definitions.put_dimension(
            actor=LOADER, code=code, name=name, name_ar=name_ar, name_en=name_en, values=values
        )
    programme = Programme.objects.filter(code="migration-maroc").first()
    if programme is None:
        programme = services.create_programme(
            actor=LOADER,
            code="migration-maroc",
            title="Programme d'appui à la gestion de la thématique migratoire",
            title_ar="برنامج دعم تدبير قضايا الهجرة",
            title_en="Programme supporting the management of migration issues",
            budget=Decimal("5850000"),
            start_date=date(2018, 3, 15),
            end_date=date(2023, 3, 14),
        )
    ministry = Organisation.objects.get(code="mdcmre")
    partners = {
        "MOR1605211": list(Organisation.objects.filter(code__in=["en", "anapec"])),
        "MOR1605311": [],
    }
    for fields in (AMUDDU, MBI):
        if not Intervention.objects.filter(code=fields["code"]).exists():
            services.create_intervention(
                actor=LOADER,
                programme=programme,
                partner_institution=ministry,
                operational_partners=partners[fields["code"]],
                **fields,
            )
    progress(_("programme and interventions"))
    for code, filename in FRAMEWORKS:
        intervention = Intervention.objects.get(code=code)
        if _already_loaded(intervention, filename):
            continue
        if filename in NEEDS_CATALOGUE:
            # Its « Définitions » sheet names the services of the catalogue,
            # whose « Sert » column names the DTF's outputs and activities.
            catalogue.install(LOADER, intervention, places=True)
            progress(_("service catalogue"))
        import_logframe(actor=LOADER, intervention=intervention, source=str(DATA / filename))
        progress(_("logframe %(file)s") % {"file": filename})
    count = _enter_values(entered_by, approved_by)
    progress(_("%(count)d entered values approved") % {"count": count})


def _already_loaded(intervention: Intervention, filename: str) -> bool:
    """The files of an intervention load in order, one revision each; a file
    is loaded once the intervention has as many revisions as its rank. (Only
    the order matters here: importing the DTF file again after the 2020 one
    would be a real change — back to the DTF framework.)"""
    position = [f for c, f in FRAMEWORKS if c == intervention.code].index(filename)
    return intervention.revisions.count() > position


def _enter_values(entered_by: User, approved_by: User) -> int:
    amuddu = Intervention.objects.get(code="MOR1605211")
    count = 0
    with (DATA / ENTERED_VALUES).open(newline="") as handle:
        for row in csv.DictReader(handle):
            indicator = Indicator.objects.get(intervention=amuddu, code=row["indicateur"])
            period = periods.ensure_period(
                actor=LOADER, intervention=amuddu, year=int(row["annee"])
            )
            if Measurement.objects.filter(indicator=indicator, period=period).exists():
                continue
            cell = CellValue(
                value=Decimal(row["valeur"]),
                numerator=Decimal(row["numerateur"]) if row["numerateur"] else None,
                denominator=Decimal(row["denominateur"]) if row["denominateur"] else None,
            )
            comment = f"{row['commentaire']} ({row['source']})"
            measurement, _gaps = measurements.save_values(
                actor=entered_by, indicator=indicator, period=period, values=[cell], comment=comment
            )
            measurements.submit(actor=entered_by, measurement=measurement)
            measurements.approve(actor=approved_by, measurement=measurement)
            count += 1
    return count
