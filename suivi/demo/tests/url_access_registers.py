"""The finance, steering and capacity registers' part of the access table (`url_access.py`)."""

from __future__ import annotations

from suivi.demo.tests.url_access_users import (
    FINANCE,
    GRANTS,
    INTERVENTIONS,
    MANAGERS,
    PROGRAMME_WIDE,
    STEERING_RECORDS,
    STEERING_REGISTERS,
)

CAPACITY_REGISTERS = ["capacity:formations", "capacity:entreprises", "capacity:livrables"]

REGISTER_URLS: dict[str, dict] = {
    # -- Finance: the team and the steering committee read; partners see nothing -------
    "finance:index": {"GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "finance:budget": {"targets": INTERVENTIONS, "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "finance:table": {
        "targets": INTERVENTIONS,
        "hx": True,
        "queries": [
            "",
            "?annee=2020",
            "?annee=2020&format=xlsx",
            "?annee=2020&format=csv",
            "?annee=2020&format=json",
        ],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:output": {"targets": ["output:OI1"], "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "finance:version": {
        "targets": ["version:original", "version:revision"],
        "queries": ["", "?format=xlsx"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:version_propose": {
        "targets": INTERVENTIONS,
        "hx": True,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},  # empty form: errors
    },
    "finance:version_approve": {
        "targets": ["version:original", "version:revision"],
        "hx": True,
        "GET": {200: {"version:revision": FINANCE}},
        "POST": {200: {"version:revision": FINANCE}},  # empty form: errors
    },
    "finance:version_withdraw": {
        "targets": ["version:original", "version:revision"],
        "hx": True,
        "GET": {200: {"version:revision": FINANCE}},
        "POST": {200: {"version:revision": FINANCE}},  # empty form: the reason is missing
    },
    "finance:line_edit": {
        "targets": ["line:A 01 01", "line:A 01"],
        "hx": True,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},
    },
    "finance:line_plan": {
        "targets": ["line:A 01 01"],
        "hx": True,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},  # empty: the years do not add up to the line
    },
    "finance:expenses": {
        "targets": INTERVENTIONS,
        "hx": True,
        "queries": ["", "?year=2020&kind=expense&line=A+01", "?format=xlsx", "?page=2"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:expense_create": {
        "targets": INTERVENTIONS,
        "hx": True,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},
    },
    "finance:expense": {"targets": ["expense:first"], "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "finance:expense_edit": {
        "targets": ["expense:first"],
        "hx": True,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},
    },
    "finance:grants": {
        "targets": INTERVENTIONS,
        "queries": ["", "?format=xlsx", "?beneficiaire=amappe", "?echeance=1&format=xlsx"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:grant": {"targets": ["grant:amappe"], "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "finance:grant_create": {
        "targets": INTERVENTIONS,
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:grant_edit": {
        "targets": ["grant:amappe"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:tranche_create": {
        "targets": ["grant:amappe"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:amendment_create": {
        "targets": ["grant:amappe"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:report_create": {
        "targets": ["grant:amappe"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:tranche_step": {
        "targets": ["tranche:request", "tranche:pay"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},  # empty form: the date is missing
    },
    "finance:report_received": {
        "targets": ["report:unreceived"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:procurement": {
        "targets": INTERVENTIONS,
        "queries": ["", "?statut=launched", "?format=xlsx", "?retard=1"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:procurement_item": {
        "targets": ["procurement:launched"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "finance:procurement_create": {
        "targets": INTERVENTIONS,
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    "finance:procurement_edit": {
        "targets": ["procurement:launched"],
        "hx": True,
        "GET": {200: GRANTS},
        "POST": {200: GRANTS},
    },
    # -- Steering registers: the team and the steering committee read, the manager and
    # the M&E officer write (manage_steering); partner staff get 404 everywhere.
    "governance:index": {"GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "governance:risk_matrix": {
        "queries": ["", "?intervention=MOR1605211&category=OPS"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "governance:list": {
        "targets": STEERING_REGISTERS,
        "hx": True,
        "queries": ["", "?late=on"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "governance:export": {"targets": STEERING_REGISTERS, "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "governance:create": {
        "targets": STEERING_REGISTERS,
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "governance:detail": {"targets": STEERING_RECORDS, "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "governance:edit": {
        "targets": STEERING_RECORDS,
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "governance:action_add": {
        "targets": ["steering:risques", "steering:decisions"],
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"action": "Sonde d'accès", "responsible": "Équipe"},
    },
    "governance:action_step": {
        "targets": ["steering-action:risques", "steering-action:decisions"],
        "GET": 405,
        "POST": {302: MANAGERS},
    },
    "governance:action_edit": {
        "targets": ["steering-action:risques", "steering-action:decisions"],
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "governance:participation_add": {
        "targets": ["steering:reunions"],
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"institution": "Sonde", "attendees": "2", "focal_points": "1"},
    },
    "governance:minutes_upload": {
        "targets": ["steering:reunions"],
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"minutes": "@pdf"},
    },
    "governance:minutes": {"targets": ["minutes:copil"], "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "governance:grades": {
        "targets": ["steering:qualite"],
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    # -- Capacity building and outreach: the team and the steering committee read, the
    # manager and the M&E officer write (manage_capacity); partner staff get 404.
    "capacity:index": {"GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "capacity:trainings_year": {
        "queries": ["", "?year=2020", "?year=abc"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "capacity:definitions": {
        "queries": ["", "?year=2020"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "capacity:definition_create": {
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "capacity:refresh": {"GET": 405, "POST": {302: MANAGERS}},
    "capacity:definition_edit": {
        "targets": ["definition:MAR1605211_Ind3.4"],
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "capacity:list": {
        "targets": CAPACITY_REGISTERS,
        "hx": True,
        "queries": ["", "?year=2020"],
        "GET": {200: PROGRAMME_WIDE},
        "POST": 405,
    },
    "capacity:export": {"targets": CAPACITY_REGISTERS, "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "capacity:create": {
        "targets": CAPACITY_REGISTERS,
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "capacity:detail": {"targets": CAPACITY_REGISTERS, "GET": {200: PROGRAMME_WIDE}, "POST": 405},
    "capacity:edit": {
        "targets": CAPACITY_REGISTERS,
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "capacity:participant_add": {
        "targets": ["capacity:formations"],
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"institution": "Sonde", "sex": "women"},
    },
    "capacity:participant_remove": {
        "targets": ["participant:first"],
        "GET": 405,
        "POST": {302: MANAGERS},
    },
    "capacity:file_upload": {
        "targets": ["capacity:livrables"],
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"file": "@pdf"},
    },
    "capacity:file": {"targets": ["capacity:livrables"], "GET": {200: PROGRAMME_WIDE}, "POST": 405},
}
