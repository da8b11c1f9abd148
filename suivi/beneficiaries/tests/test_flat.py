"""A definition as rows of the « Définitions » sheet, and back."""

from __future__ import annotations

import pytest
from django.utils import translation

from suivi.beneficiaries import schema
from suivi.beneficiaries.computation import flat
from suivi.beneficiaries.computation.check import Catalogue, CatalogueEntry
from suivi.beneficiaries.computation.flat import FlatError, Row

PASSED = schema.Detail("passed", "bool", True, {"fr": "Réussi"})
MONTHS = schema.Detail("months", "number", False, {"fr": "Mois"})
OUTCOME = schema.Detail(
    "outcome",
    "choice",
    False,
    {"fr": "Résultat"},
    (schema.Choice("cooperative", {"fr": "Coopérative"}), schema.Choice("sarl", {"fr": "SARL"})),
)
CATALOGUE = Catalogue(
    types={
        "training_enrolment": CatalogueEntry({}, frozenset({"en"})),
        "exam_result": CatalogueEntry({"passed": PASSED}, frozenset({"en"})),
        "follow_up": CatalogueEntry({"months": MONTHS}, frozenset()),
        "self_employment_support": CatalogueEntry({"outcome": OUTCOME}, frozenset()),
        "job_placement": CatalogueEntry({}, frozenset()),
    },
    organisations=frozenset({"en", "anapec"}),
)

DEFINITIONS = [
    {
        "measure": "rate",
        "events": {
            "types": ["training_enrolment"],
            "filters": {"organisations": ["en"], "centre_targeted": True},
        },
        "year": "school_year_end",
        "numerator": {
            "types": ["exam_result"],
            "filters": {"attributes": {"passed": True}},
            "via": "related",
        },
    },
    {
        "measure": "persons",
        "events": [
            {
                "types": ["job_placement"],
                "filters": {
                    "preceded_by": {
                        "types": ["exam_result"],
                        "filters": {"attributes": {"passed": True}},
                    }
                },
            },
            {
                "types": ["self_employment_support"],
                "filters": {"attributes": {"outcome": ["cooperative", "sarl"]}, "sex": "women"},
            },
        ],
        "first_only": True,
    },
    {
        "measure": "events",
        "events": {
            "types": ["exam_result"],
            "filters": {"related": {"centre_targeted": True, "trade_technical": False}},
        },
        "year": "school_year_start",
    },
    {
        "measure": "persons",
        "events": {"types": ["follow_up"], "filters": {"attributes": {"months": 12}}},
    },
]


@pytest.mark.parametrize("spec", DEFINITIONS)
def test_rows_say_the_definition_and_read_back_to_it(spec):
    rows = flat.to_rows(spec)
    assert all(row.part and row.condition and row.value for row in rows)
    assert flat.from_rows(rows, CATALOGUE) == spec


def test_the_sheet_accepts_codes_case_and_a_plain_services_part():
    rows = [
        Row("Règle", "Mesure", "persons"),
        Row("Services", "Types", "exam_result"),
        Row("services > précédé de", "types", "training_enrolment"),
        Row("SERVICES", "détail passed", "Oui"),
    ]
    assert flat.from_rows(rows, CATALOGUE) == {
        "measure": "persons",
        "events": {
            "types": ["exam_result"],
            "filters": {
                "attributes": {"passed": True},
                "preceded_by": {"types": ["training_enrolment"]},
            },
        },
    }


def test_every_problem_names_its_row_and_column():
    rows = [
        Row("règle", "mesure", "moyenne", 2),
        Row("services 1", "centre ciblé", "peut-être", 3),
        Row("services 1", "couleur", "bleu", 4),
        Row("résultat", "types", "exam_result", 5),
        Row("numérateur", "organisations", "en", 6),
    ]
    with translation.override("fr"), pytest.raises(FlatError) as refused:
        flat.from_rows(rows, CATALOGUE)
    found = {(p.number, p.column) for p in refused.value.problems}
    assert found == {
        (2, "value"),
        (3, "value"),
        (4, "condition"),
        (5, "part"),
        (3, "condition"),
        (6, "condition"),
    }
    messages = " ".join(p.message for p in refused.value.problems)
    assert "« personnes »" in messages and "oui ou non" in messages.lower()


def test_canonical_leaves_out_the_defaults():
    written = {
        "measure": "persons",
        "events": [{"types": ["exam_result"], "filters": {}}],
        "year": "event",
        "first_only": False,
    }
    assert flat.canonical(written, CATALOGUE) == {
        "measure": "persons",
        "events": {"types": ["exam_result"]},
    }
