"""What every hostile file shares: the persons' template, valid rows, the
limits the expectations are computed against, and the file's descriptor."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from suivi.interop.reading.limits import Limits

# What the importer is to enforce (issue 10). The expectations below are
# computed against them, so at a small `scale` a file that is too big at full
# size is expected to import (`csv_too_many_rows` at scale 0.01: 2,500 rows);
# a test that lowers the importer's limit states its own expectation.
_DEFAULTS = Limits()  # the importer's documented defaults (docs/imports.md)
LIMITS = {
    "data_rows": _DEFAULTS.max_rows,
    "physical_lines": _DEFAULTS.max_lines,  # Excel's own maximum number of rows
    "columns": _DEFAULTS.max_columns,
    "cell_chars": _DEFAULTS.max_cell_chars,  # Excel's own maximum length of a cell
}

PERSON_HEADERS = [
    "Identifiant",
    "Prénom",
    "Nom",
    "Sexe",
    "Année de naissance",
    "Nationalité",
    "Catégorie",
    "Ville",
    "Téléphone",
    "Type de pièce",
    "Numéro de pièce",
    "Date d'enregistrement",
    "Date du consentement",
]
PERSONS_SHEET = "Personnes"
# What Excel writes for a row that is formatted but empty, in a CSV.
EMPTY_CSV_LINE = ";" * (len(PERSON_HEADERS) - 1)
GOOD_ROWS = 50

_GIVEN = ["Awa", "Fatou", "Mariam", "Aminata", "Moussa", "Ibrahima", "Yao", "Koffi"]
_NATIONALITIES = ["SN", "CI", "CM", "GN", "ML", "CD", "NG"]
_CATEGORIES = ["regularised", "refugee", "asylum_seeker", "irregular", "student"]
_CITIES = ["Rabat", "Salé", "Casablanca", "Témara"]


@dataclass(frozen=True)
class HostileFile:
    name: str
    path: Path
    kind: str  # the import it is for: "persons" or "events"
    expect: str  # "refused" or "imported N" (N new persons)
    why: str  # what a correct importer does, in a few words
    details: dict[str, int] = field(default_factory=dict)  # sizes, for tests and tables

    @property
    def refused(self) -> bool:
        return self.expect == "refused"

    @property
    def imported(self) -> int | None:
        return int(self.expect.split()[1]) if self.expect.startswith("imported ") else None


def person_row(number: int, **changes: str) -> list[str]:
    """A valid row of the persons' template (partner id `HB-000001`…),
    with `changes` by header key (`given_name`, `nationality`…)."""
    values = {
        "partner_record_id": f"HB-{number:06d}",
        "given_name": _GIVEN[number % len(_GIVEN)],
        "family_name": f"Banc-{number:06d}",
        "sex": "femme" if number % 2 else "homme",
        "birth_year": str(1975 + number % 28),
        "nationality": _NATIONALITIES[number % len(_NATIONALITIES)],
        "category": _CATEGORIES[number % len(_CATEGORIES)],
        "city": _CITIES[number % len(_CITIES)],
        "phone": "",
        "document_type": "",
        "document_number": "",
        "registered_on": f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "consent_given_on": f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}",
    }
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError(unknown)
    values.update(changes)
    return list(values.values())


def _scaled(full: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(full * scale))
