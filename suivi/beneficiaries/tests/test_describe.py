"""A definition said back in plain words, from its rule and the catalogue's labels."""

from django.utils import translation

from suivi.beneficiaries import schema
from suivi.beneficiaries.computation.describe import Labels, describe

OUTCOME = schema.Detail(
    "outcome",
    "choice",
    False,
    {"fr": "Résultat", "en": "Outcome"},
    (
        schema.Choice("cooperative", {"fr": "Coopérative", "en": "Cooperative"}),
        schema.Choice("sarl", {"fr": "SARL", "en": "Limited company"}),
    ),
)
LABELS = Labels(
    services={
        "training_enrolment": ("Vocational-training enrolment", {}),
        "exam_result": ("Exam result", {}),
        "self_employment_support": ("Self-employment support", {"outcome": OUTCOME}),
    },
    organisations={"en": "Entraide Nationale"},
)


def said(raw) -> str:
    with translation.override("en"):
        return describe(raw, LABELS)


def test_persons_counted_once_in_the_year_of_their_first_match():
    text = said(
        {
            "measure": "persons",
            "events": {
                "types": ["self_employment_support"],
                "filters": {"attributes": {"outcome": ["cooperative", "sarl"]}},
            },
            "first_only": True,
        }
    )
    assert text == (
        "Persons who received « Self-employment support » with Outcome: Cooperative or "
        "Limited company; year: the service's date; each person counted once, in the year "
        "of their first match."
    )


def test_a_rate_names_its_cohort_its_numerator_and_its_year_rule():
    text = said(
        {
            "measure": "rate",
            "events": {
                "types": ["training_enrolment"],
                "filters": {"organisations": ["en"], "centre_targeted": True},
            },
            "year": "school_year_end",
            "numerator": {"types": ["exam_result"], "via": "related"},
        }
    )
    assert text.startswith(
        "Among persons who received « Vocational-training enrolment » given by Entraide "
        "Nationale at a centre the intervention targets on that date, the share who have a "
        "linked « Exam result »"
    )
    assert "the school year ending in it" in text


def test_services_are_counted_each():
    text = said({"measure": "events", "events": {"types": ["exam_result"]}})
    assert text == "Services « Exam result », each counted; year: the service's date."
