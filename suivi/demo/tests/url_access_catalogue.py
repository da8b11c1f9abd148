"""The M&E officer's catalogue, duplicates and scholarship grid part of the access
table (`url_access.py`)."""

from __future__ import annotations

from suivi.demo.tests.url_access_users import (
    MANAGERS,
)

CATALOGUE_URLS: dict[str, dict] = {
    # -- Duplicates and the scholarship grid (M&E officer) ----------------------------
    "beneficiaries:duplicates": {
        "queries": ["", "?page=abc", "?page=99999999999999999999"],
        "GET": {200: {"suivi"}},  # confirm_matches
        "POST": 405,
    },
    "beneficiaries:duplicates_export": {
        "GET": {200: {"suivi"}},
        "POST": 405,
    },
    "beneficiaries:link": {
        "targets": ["candidate:phone"],
        "GET": 405,
        "POST": {302: {"suivi"}},
        "data": {"reason": "Même téléphone, vérifié"},
    },
    "beneficiaries:reject": {
        "targets": ["candidate:phone"],
        "GET": 405,
        "POST": {302: {"suivi"}},
        "data": {"reason": "Deux personnes"},
    },
    "beneficiaries:unlink": {
        "targets": ["candidate:phone"],
        "GET": 405,
        "POST": {302: {"suivi"}},
        "data": {"reason": "Homonymes, vérifié"},
    },
    "beneficiaries:grid": {
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
    },
    "beneficiaries:catalogue": {
        "GET": {200: MANAGERS},
        "POST": 405,
    },
    "beneficiaries:centre_periods": {
        "targets": ["centre:en-sale"],
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {
            "periods-TOTAL_FORMS": "1",
            "periods-INITIAL_FORMS": "0",
            "periods-0-starts_on": "2020-09-01",
        },
    },
    # The catalogue's forms: the M&E staff's, like the catalogue page and its workbook.
    "beneficiaries:service_type_create": {
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {
            "code": "access_test",
            "name": "Service de test",
            "organisations": "en",
            "details-TOTAL_FORMS": "1",
            "details-INITIAL_FORMS": "0",
            "details-0-code": "mode",
            "details-0-name": "Modalité",
            "details-0-kind": "choice",
            "details-0-values": "online | À distance | عن بعد | Remote",
        },
    },
    "beneficiaries:service_type_edit": {
        "targets": ["service:information_session"],
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {
            "name": "Information et orientation",
            "needs_centre": "on",
            "details-TOTAL_FORMS": "0",
            "details-INITIAL_FORMS": "0",
        },
    },
    "beneficiaries:detail_row": {
        # « Add a detail » on the service form: one more empty row, a fragment whatever
        # the request (HTMX sends the rows' count; without it, 400).
        "queries": ["?details-TOTAL_FORMS=2"],
        "GET": {200: MANAGERS},
        "POST": 405,
    },
    "beneficiaries:centre_create": {
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {"code": "access-test", "organisation": "en", "name": "Centre", "city": "Rabat"},
    },
    "beneficiaries:centre_edit": {
        "targets": ["centre:en-sale"],
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {
            "organisation": "en",
            "name": "Centre de formation EN Salé",
            "city": "Salé",
            "trades": "couture",
        },
    },
    "beneficiaries:trade_create": {
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {"code": "access-test", "name": "Métier de test"},
    },
    "beneficiaries:trade_edit": {
        "targets": ["trade:couture"],
        "GET": {200: MANAGERS},
        "POST": {302: MANAGERS},
        "data": {"name": "Couture", "name_ar": "الخياطة", "name_en": "Sewing"},
    },
}
