"""A definition is checked against the catalogue: each problem named at its place."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from suivi.beneficiaries import schema
from suivi.beneficiaries.computation.check import Catalogue, CatalogueEntry, check

OUTCOME = schema.Detail(
    "outcome",
    "choice",
    False,
    {"fr": "Résultat"},
    (
        schema.Choice("cooperative", {"fr": "Coopérative"}),
        schema.Choice("sarl", {"fr": "SARL"}, retired=True),
    ),
)
PASSED = schema.Detail("passed", "bool", True, {"fr": "Réussi"})

CATALOGUE = Catalogue(
    types={
        "training_enrolment": CatalogueEntry({}, frozenset({"en"})),
        "exam_result": CatalogueEntry({"passed": PASSED}, frozenset({"en"})),
        "self_employment_support": CatalogueEntry({"outcome": OUTCOME}, frozenset()),
        "old_service": CatalogueEntry({}, frozenset(), retired=True),
    },
    organisations=frozenset({"en", "anapec"}),
)


ANAPEC, OXFAM = "anapec", "oxfam"


def problems(raw) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check(raw, CATALOGUE)
    return refused.value.messages


def test_a_sound_definition_passes():
    check(
        {
            "measure": "rate",
            "events": {"types": ["training_enrolment"], "filters": {"organisations": ["en"]}},
            "numerator": {"types": ["exam_result"], "filters": {"attributes": {"passed": True}}},
        },
        CATALOGUE,
    )
    # A retired value still counts the services that carry it.
    check(
        {
            "measure": "persons",
            "events": {
                "types": ["self_employment_support"],
                "filters": {"attributes": {"outcome": ["cooperative", "sarl"]}},
            },
        },
        CATALOGUE,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"measure": "persons", "events": {"types": ["training_enrolmnt"]}},
            "events › types : unknown service « training_enrolmnt ».",
        ),
        (
            {"measure": "persons", "events": {"types": ["old_service"]}},
            "events › types : « old_service » is retired",
        ),
        (
            {
                "measure": "persons",
                "events": {"types": ["exam_result"], "filters": {"attributes": {"pased": True}}},
            },
            "events › filters › details › pased : « exam_result » has no detail « pased ».",
        ),
        (
            {
                "measure": "persons",
                "events": [
                    {"types": ["exam_result"]},
                    {
                        "types": ["self_employment_support"],
                        "filters": {"attributes": {"outcome": ["cooperativ"]}},
                    },
                ],
            },
            "events 2 › filters › details › outcome : « cooperativ » is not a value of",
        ),
        (
            {
                "measure": "persons",
                "events": {"types": ["exam_result"], "filters": {"attributes": {"passed": "yes"}}},
            },
            "« yes » is not a value of « passed »",
        ),
        (
            {
                "measure": "persons",
                "events": {"types": ["training_enrolment"], "filters": {"organisations": [ANAPEC]}},
            },
            "events › filters › organisations : « anapec » does not record « training_enrolment ».",
        ),
        (
            {
                "measure": "persons",
                "events": {"types": ["training_enrolment"], "filters": {"organisations": [OXFAM]}},
            },
            "unknown organisation « oxfam ».",
        ),
        (
            {"measure": "rate", "events": {"types": ["training_enrolment"]}},
            "numerator: name the event types.",
        ),
        (
            {
                "measure": "persons",
                "events": {
                    "types": ["training_enrolment"],
                    "filters": {"preceded_by": {"types": ["exam_reslt"]}},
                },
            },
            "events › filters › preceded by › types : unknown service « exam_reslt ».",
        ),
    ],
    ids=[
        "unknown-type",
        "retired-type",
        "unknown-detail",
        "unknown-value-in-a-union",
        "wrong-kind-of-value",
        "organisation-not-recording",
        "unknown-organisation",
        "rate-without-numerator",
        "preceded-by-unknown",
    ],
)
def test_each_problem_is_named_at_its_place(raw, expected):
    found = problems(raw)
    assert any(expected in message for message in found), found
