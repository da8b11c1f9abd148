"""The services of the Amuddu journey, as configuration (loaded by the demo
and available to any programme): code, names in three languages, whether the
service is given at a centre, and the details each record carries."""

from __future__ import annotations

from typing import Any

from suivi.beneficiaries.models import EventType
from suivi.beneficiaries.services.reference import put_event_type
from suivi.core.actors import Actor

SCHOOL_YEAR = {"name": "school_year", "type": "text", "required": True}

EVENT_TYPES: list[dict[str, Any]] = [
    {
        "code": "information_session",
        "name": "Information et orientation",
        "name_ar": "الإعلام والتوجيه",
        "name_en": "Information and orientation",
        "needs_centre": True,
        "attributes": [],
    },
    {
        "code": "training_enrolment",
        "name": "Inscription en formation professionnelle",
        "name_ar": "التسجيل في التكوين المهني",
        "name_en": "Vocational-training enrolment",
        "needs_centre": True,
        "attributes": [SCHOOL_YEAR],
    },
    {
        "code": "scholarship",
        "name": "Bourse accordée",
        "name_ar": "منحة ممنوحة",
        "name_en": "Scholarship granted",
        "attributes": [
            SCHOOL_YEAR,
            {"name": "grid_score", "type": "number", "required": True},
            {"name": "criteria", "type": "text"},
            {"name": "eligible", "type": "bool", "required": True},
        ],
    },
    {
        "code": "exam_result",
        "name": "Résultat d'examen",
        "name_ar": "نتيجة الامتحان",
        "name_en": "Exam result",
        "attributes": [{"name": "passed", "type": "bool", "required": True}],
    },
    {
        "code": "referral",
        "name": "Référencement",
        "name_ar": "الإحالة",
        "name_en": "Referral",
        "attributes": [
            {"name": "to", "type": "text", "required": True},
            {
                "name": "purpose",
                "type": "choice",
                "choices": ["employment", "self_employment", "other"],
            },
        ],
    },
    {
        "code": "anapec_registration",
        "name": "Inscription à l'ANAPEC",
        "name_ar": "التسجيل في الوكالة",
        "name_en": "ANAPEC registration",
        "needs_centre": True,
        "attributes": [
            {
                "name": "channel",
                "type": "choice",
                "choices": ["community_agent", "referral", "walk_in"],
            }
        ],
    },
    {
        "code": "job_search_support",
        "name": "Accompagnement à la recherche d'emploi",
        "name_ar": "المواكبة في البحث عن الشغل",
        "name_en": "Job-search support",
        "attributes": [
            {"name": "service", "type": "text"},
            {"name": "mode", "type": "choice", "choices": ["in_person", "online"]},
        ],
    },
    {
        "code": "self_employment_support",
        "name": "Accompagnement à l'auto-emploi",
        "name_ar": "المواكبة في التشغيل الذاتي",
        "name_en": "Self-employment support",
        "attributes": [
            {
                "name": "phase",
                "type": "choice",
                "choices": ["pre_creation", "post_creation"],
                "required": True,
            },
            {
                "name": "outcome",
                "type": "choice",
                "choices": ["auto_entrepreneur_card", "cooperative", "sarl"],
            },
        ],
    },
    {
        "code": "financing",
        "name": "Financement accordé",
        "name_ar": "تمويل ممنوح",
        "name_en": "Financing granted",
        "attributes": [{"name": "amount_mad", "type": "number"}],
    },
    {
        "code": "job_placement",
        "name": "Insertion dans un emploi",
        "name_ar": "الإدماج في شغل",
        "name_en": "Job placement",
        "attributes": [
            {"name": "employer", "type": "text"},
            {
                "name": "contract_type",
                "type": "choice",
                "choices": ["cdi", "cdd", "anapec_contract", "other"],
            },
            {"name": "contrat_aide", "type": "bool", "required": True},
        ],
    },
    {
        "code": "follow_up",
        "name": "Suivi à 6/12 mois",
        "name_ar": "التتبع بعد 6/12 شهرًا",
        "name_en": "Follow-up at 6/12 months",
        "attributes": [
            {"name": "months", "type": "choice", "choices": ["6", "12"], "required": True},
            {
                "name": "status",
                "type": "choice",
                "choices": ["still_employed", "business_active", "stopped"],
                "required": True,
            },
        ],
    },
]


def install(actor: Actor) -> list[EventType]:
    """Create the event types that are missing (idempotent)."""
    return [
        put_event_type(actor=actor, order=position, **definition)
        for position, definition in enumerate(EVENT_TYPES)
    ]
