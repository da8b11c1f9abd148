"""The made-up programme of the setup walkthrough (`test_setup_walkthrough.py`):
its logframe workbook, its partner's persons and services files (random, from a
fixed seed), and the figures expected from them, counted here from the files,
never read from the application."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook

from suivi.interop.logframe import template as lt
from suivi.interop.records import template as rt

CODE = "MOR2400011"
YEARS = (2024, 2025, 2026)
SEXES = ("women", "men")
CATEGORIES = ("migrant", "host")


# --- The programme's own files, as its team would fill them -----------------


@dataclass(frozen=True)
class Someone:
    ref: str
    sex: str
    category: str
    registered_on: date


@dataclass(frozen=True)
class Service:
    ref: str
    person: str
    service: str
    occurred_on: date
    crop: str = ""
    hours: int | None = None
    contract: str = ""


def registry() -> tuple[dict[str, Someone], list[Service]]:
    """50 persons registered in 2024 and 80 services of the catalogue's two
    types (55 courses at the cooperative's centre, 25 job placements) given
    in 2024 and 2025, always on or after the person's registration."""
    rng = random.Random(2400011)
    persons = {}
    for n in range(1, 51):
        ref = f"AGR-{n:03d}"
        registered = date(2024, 1, 15) + timedelta(days=rng.randrange(0, 300))
        persons[ref] = Someone(ref, rng.choice(SEXES), rng.choice(CATEGORIES), registered)
    refs = list(persons)
    services = []
    last = date(2025, 11, 30)
    for n in range(1, 81):
        who = persons[rng.choice(refs)]
        day = who.registered_on + timedelta(days=rng.randrange(0, (last - who.registered_on).days))
        if n <= 55:
            crop = rng.choice(("olive", "argan"))
            services.append(
                Service(f"S-{n:03d}", who.ref, "agri_training", day, crop, rng.randrange(6, 40))
            )
        else:
            contract = rng.choice(("seasonal", "permanent"))
            services.append(Service(f"S-{n:03d}", who.ref, "placement", day, contract=contract))
    return persons, services


def persons_csv(persons: dict[str, Someone]) -> bytes:
    """The persons file, in the columns of the partner template."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow([c.header for c in rt.PERSON_COLUMNS])
    for n, someone in enumerate(persons.values(), start=1):
        day = someone.registered_on.isoformat()
        values = {
            "partner_record_id": someone.ref,
            "given_name": f"Prénom{n}",
            "family_name": "Fictif",
            "sex": "femme" if someone.sex == "women" else "homme",
            "birth_year": str(1980 + n % 20),
            "nationality": "MA" if someone.category == "host" else "SN",
            "category": someone.category,
            "city": "Agadir",
            "registered_on": day,
            "consent_given_on": day,
        }
        writer.writerow([values.get(c.key, "") for c in rt.PERSON_COLUMNS])
    return output.getvalue().encode()


def services_csv(services: list[Service]) -> bytes:
    """The services file: template columns, then one per detail."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    details = ["crop", "hours", "contract"]
    writer.writerow([c.header for c in rt.EVENT_COLUMNS] + details)
    for service in services:
        values = {
            "partner_record_id": service.ref,
            "person_id": service.person,
            "service": service.service,
            "occurred_on": service.occurred_on.isoformat(),
            "centre": "coop-agadir" if service.service == "agri_training" else "",
        }
        extra = [service.crop, "" if service.hours is None else str(service.hours)]
        writer.writerow(
            [values.get(c.key, "") for c in rt.EVENT_COLUMNS] + extra + [service.contract]
        )
    return output.getvalue().encode()


CHAIN = [
    ["impact", "OG", "", "Contribuer à l'emploi rural des femmes et des migrants", "", "", ""],
    ["outcome", "OS", "OG", "Les personnes formées vivent de l'arboriculture", "A", "", ""],
    ["output", "OI1", "OS", "Des femmes sont formées à l'arboriculture", "A 01", "", ""],
    ["output", "OI2", "OS", "Les personnes formées trouvent un emploi", "A 02", "", ""],
    ["activity", "A0101", "OI1", "Cours en coopérative", "A 01 01", "cogestion", ""],
    ["activity", "A0201", "OI2", "Mise en relation avec les employeurs", "A 02 01", "regie", ""],
]
# code, result, title, unit, aggregation, disaggregation, final target, 2024–2026 targets
INDICATORS = [
    [
        *("Ind1.1", "OI1", "Femmes formées (une fois chacune)", "count", "unique_persons"),
        *("category", 40, 15, 15, 10),
    ],
    [
        *("Ind2.1", "OI2", "Taux d'insertion des personnes formées", "percentage", "periodic"),
        *("sex, category", 60, 40, 50, 60),
    ],
]


def logframe_workbook() -> bytes:
    """The intervention's logframe in the columns of the import template
    (its sheet « Définitions » is left out: the rules are written on the
    indicator sheets)."""
    book = Workbook()
    book.remove(book.active)
    revision = book.create_sheet(lt.REVISION_SHEET)
    revision.append(["Libellé", "Cadre logique du DTF"])
    revision.append(["Motif", "Formulation de l'intervention"])
    chain = book.create_sheet(lt.CHAIN_SHEET)
    chain.append([c.header for c in lt.CHAIN_COLUMNS])
    for row in CHAIN:
        chain.append(row)
    sheet = book.create_sheet(lt.INDICATOR_SHEET)
    sheet.append(
        [c.header for c in lt.INDICATOR_COLUMNS] + [f"{lt.YEAR_TARGET_PREFIX}{y}" for y in YEARS]
    )
    for code, result, title, unit, aggregation, dimensions, final, *targets in INDICATORS:
        values = {
            "code": code,
            "result_code": result,
            "title": title,
            "unit": unit,
            "direction": "increase",
            "aggregation": aggregation,
            "frequency": "annual",
            "source_of_verification": "Registre des services de la coopérative",
            "responsible": "coop",
            "dimensions": dimensions,
            "baseline_value": 0,
            "baseline_year": 2023,
            "final_target": final,
        }
        sheet.append([values.get(c.key) for c in lt.INDICATOR_COLUMNS] + targets)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# --- What the figures must be, counted here from the files ------------------


def women_trained(persons, services, crop: str = "") -> dict[int, Counter]:
    """Women counted once, in the year of their first course (of `crop`):
    year → category → women."""
    first: dict[str, int] = {}
    for service in sorted(services, key=lambda s: (s.occurred_on, s.ref)):
        if service.service != "agri_training" or persons[service.person].sex != "women":
            continue
        if crop and service.crop != crop:
            continue
        first.setdefault(service.person, service.occurred_on.year)
    result: dict[int, Counter] = defaultdict(Counter)
    for ref, year in first.items():
        result[year][persons[ref].category] += 1
    return result


def placement_rate(persons, services) -> dict[int, tuple[int, int]]:
    """Persons trained in a year (denominator) and those of them placed on
    or after their first course of that year (numerator): year → (n, d)."""
    trained: dict[int, dict[str, date]] = defaultdict(dict)
    placed: dict[str, list[date]] = defaultdict(list)
    for service in services:
        if service.service == "agri_training":
            earliest = trained[service.occurred_on.year].get(service.person, service.occurred_on)
            trained[service.occurred_on.year][service.person] = min(earliest, service.occurred_on)
        else:
            placed[service.person].append(service.occurred_on)
    return {
        year: (sum(any(d >= start for d in placed[ref]) for ref, start in who.items()), len(who))
        for year, who in trained.items()
    }


def percent(n: int, d: int) -> int:
    return int((Decimal(n) / Decimal(d) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
