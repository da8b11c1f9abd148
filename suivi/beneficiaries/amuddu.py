"""How each Amuddu indicator follows from journey events (see README.md).

The definitions follow ../shared/notes/amuddu-indicators.md; where the 2020
report contradicts itself, the README says which reading is taken.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TARGETED_ENROLMENT = {"types": ["training_enrolment"], "filters": {"centre_targeted": True}}
PASSED_EXAM = {"types": ["exam_result"], "filters": {"attributes": {"passed": True}}}
INSERTION = [
    {"types": ["job_placement"], "filters": {"preceded_by": PASSED_EXAM}},
    {
        "types": ["self_employment_support"],
        "filters": {
            "attributes": {"outcome": ["auto_entrepreneur_card", "cooperative", "sarl"]},
            "preceded_by": PASSED_EXAM,
        },
    },
]
SUPPORT = {"types": ["job_search_support", "self_employment_support"]}

COMPUTATIONS: dict[str, tuple[dict[str, Any], Promise]] = {
    "MAR1605211_OS1": (
        {"measure": "persons", "events": INSERTION, "first_only": True},
        _(
            "Persons who passed a vocational-training exam and then found a job or created a "
            "business (auto-entrepreneur card, cooperative, SARL); year of the first insertion."
        ),
    ),
    "MAR1605211_OS2": (
        {
            "measure": "rate",
            "events": {
                "types": ["training_enrolment"],
                "filters": {"organisations": ["en"], "centre_targeted": True},
            },
            "year": "school_year_end",
            "numerator": {
                "types": SUPPORT["types"],
                "filters": {"organisations": ["anapec"]},
                "via": "after",
            },
        },
        _(
            "Among persons enrolled at an Entraide Nationale centre (cohort of the school year "
            "ending in the year), the share who then received ANAPEC job-search or "
            "self-employment support."
        ),
    ),
    "MAR1605211_OS3": (
        {
            "measure": "rate",
            "events": {"types": ["job_search_support"], "filters": {"organisations": ["anapec"]}},
            "numerator": {"types": ["job_placement"], "via": "after"},
        },
        _(
            "Among persons ANAPEC supported in their job search in the year, the share later "
            "placed in a salaried job (contrats aidés included)."
        ),
    ),
    "MAR1605211_OS4": (
        {
            "measure": "persons",
            "events": {
                "types": ["follow_up"],
                "filters": {
                    "attributes": {"months": "12", "status": "business_active"},
                    "preceded_by": {"types": ["financing"]},
                },
            },
        },
        _(
            "Financed persons whose business is still active at the 12-month follow-up; year of "
            "that follow-up."
        ),
    ),
    "MAR1605211_Ind1.1": (
        {
            "measure": "persons",
            "events": {"types": ["information_session"], "filters": {"organisations": ["en"]}},
        },
        _("Persons received and informed at an Entraide Nationale structure in the year."),
    ),
    "MAR1605211_Ind1.2": (
        {"measure": "persons", "events": TARGETED_ENROLMENT, "year": "school_year_start"},
        _(
            "Persons enrolled in vocational training in a centre the project targets, for the "
            "school year starting in the year."
        ),
    ),
    "MAR1605211_Ind1.3": (
        {
            "measure": "persons",
            "events": {
                "types": ["training_enrolment"],
                "filters": {"centre_targeted": True, "trade_technical": True, "sex": "women"},
            },
            "year": "school_year_start",
        },
        _(
            "Women enrolled in a technical trade in a targeted centre (school year starting in "
            "the year)."
        ),
    ),
    "MAR1605211_Ind1.4": (
        {
            "measure": "persons",
            "events": {
                "types": ["referral"],
                "filters": {"organisations": ["en"], "attributes": {"to": "anapec"}},
            },
        },
        _("Persons Entraide Nationale referred to ANAPEC in the year, whatever came of it."),
    ),
    "MAR1605211_Ind1.5": (
        {
            "measure": "rate",
            "events": TARGETED_ENROLMENT,
            "year": "school_year_end",
            "numerator": {**PASSED_EXAM, "via": "related"},
        },
        _(
            "Cohort success rate: of the persons enrolled in a targeted centre for the school "
            "year ending in the year (drop-outs included), the share who passed its final exam."
        ),
    ),
    "MAR1605211_Ind1.7": (
        {
            "measure": "persons",
            "events": {
                "types": ["exam_result"],
                "filters": {"attributes": {"passed": True}, "related": {"centre_targeted": True}},
            },
            "year": "school_year_end",
        },
        _(
            "Persons who passed the final exam of a training in a targeted centre, counted in the "
            "school year the training ends."
        ),
    ),
    "MAR1605211_Ind1.8": (
        {
            "measure": "persons",
            "events": {"types": ["scholarship"], "filters": {"attributes": {"eligible": True}}},
            "year": "school_year_start",
            "first_only": True,
        },
        _(
            "New scholarship holders: persons counted in the school year of their first "
            "scholarship (granted after the vulnerability grid)."
        ),
    ),
    "MAR1605211_Ind2.1": (
        {
            "measure": "persons",
            "events": {"types": ["anapec_registration"], "filters": {"centre_targeted": True}},
            "first_only": True,
        },
        _("Persons registered at an ANAPEC pilot agency, in the year of their first registration."),
    ),
    "MAR1605211_Ind2.2": (
        {"measure": "persons", "events": SUPPORT},
        _(
            "Persons who received at least one job-search or self-employment support service in "
            "the year (registration alone does not count)."
        ),
    ),
    "MAR1605211_Ind2.3": (
        {
            "measure": "persons",
            "events": [
                {"types": ["job_placement"], "filters": {"attributes": {"contrat_aide": True}}},
                {"types": ["financing"]},
            ],
        },
        _("Persons placed through a contrat aidé or granted financing in the year."),
    ),
}
