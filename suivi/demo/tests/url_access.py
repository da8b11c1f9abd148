"""The access table: what every user gets from every URL pattern of the project.

`test_url_access.py` walks the URLconf and, for each pattern, requests it as
each user of `USERS` (anonymous, the ten demo logins, and one person of each
organisation the demo has no login for), against each object of `targets`,
with GET (and its HTMX fragment and query variants) and POST. It compares the
answer with the entry below and checks the body for what must never show (see
"Always checked"). A pattern without an entry fails: declare it here.

An entry, keyed by the URL name (`app:name`; an unnamed pattern by its route):

- `targets`: the objects the pattern is filled with, by name. Each name is
  built in `url_access_world.TARGETS` (a person registered by EN, a referral
  from EN to ANAPEC, a computed figure…); the URL's parameters are taken from
  the target's values by parameter name. Leave it out for a pattern without
  parameters.
- `GET`, `POST`: the expected answer. An int (or "login") is the answer for
  every signed-in user; a dict maps an answer to the users who get it — a set
  of users, or a dict from target to set of users. A signed-in user named
  nowhere gets 404; the anonymous user, unless named, "login" (302 to
  Suivi's sign-in page, or to the admin's, which hands them on). "admin-login"
  is a 302 to the admin site's sign-in page, which answers 404 to a signed-in
  user (entry "admin:login"). When the answer does not depend on the
  target (an int, or the anonymous user sent to sign in), the first target
  stands for all.
- `hx`: also GET with `HX-Request: true` (the view renders a fragment);
  expected like GET.
- `queries`: the query strings of the GETs (downloads, searches); "" is the
  bare URL, the only GET when `queries` is left out; "@{name}" is replaced as
  in `data`. Expected like GET.
- `data`: the POST body. "@name" takes the value `name` of the target, else
  of `url_access_world.GLOBAL_VALUES` ("@today", "@org:care", "@pdf"…), or
  "@name_part:<person target>" (a person's family name less its first three
  letters, to search by). Without it the POST is empty.
- `else`: the answer of every signed-in user named nowhere (instead of 404).
- `must_not_show`: strings the body must not contain, as rules
  `{"targets": [...], "users": {...}, "strings": [...]}` (targets or users
  left out: all).
- `may_show_names`: users allowed to see person names on this page although
  they may not open the persons.
- `xfail`: `{user: "issue N: what leaks"}` for a known difference from the
  target, while it is being fixed. The test is a strict xfail: when the leak
  is fixed it fails, and the line must go. (Issue 9 closed every one.)

Always checked, on every answer (HTML, CSV, JSON and the text of XLSX
files): no person name (`Fictif-…`), partner record reference (`EN-00012`)
or person id prefix shown as `<code>` (a stable pseudonym) of a person the
user may not open; no code of an indicator the user may not see (nor
replaced by one they see). After a refusal (404, 405, "admin-login", the
anonymous user's "login") nothing was written: no INSERT, UPDATE or DELETE
but the session's.
"""

from __future__ import annotations

from suivi.demo.tests.url_access_admin import ADMIN_URLS
from suivi.demo.tests.url_access_catalogue import CATALOGUE_URLS
from suivi.demo.tests.url_access_registers import REGISTER_URLS
from suivi.demo.tests.url_access_users import (
    ADMIN,
    AMAPPE,
    ANAPEC,
    ANONYMOUS,
    AUDIT_READERS,
    BY_INTERVENTION,
    EN,
    ENTERS,
    EVERYONE,
    FIGURES,
    FINANCE,
    FOCAL_POINTS,
    INDICATORS,
    INTERVENTIONS,
    LISTS_RECORDS,
    MANAGERS,
    MEMBER_MANAGERS,
    OPENS,
    ORGANISATIONS,
    PERSONS,
    PROGRAMME_WIDE,
    RECORDS_CONSENT,
    REGISTERING,
    SEES_INDICATOR,
    SERVES,
    SERVING,
    SIGNED_IN,
    STAFF_OF,
    SUBMITTED,
)

URLS: dict[str, dict] = {
    # -- Public, and every signed-in user --------------------------------------------
    "home": {"GET": {200: SIGNED_IN}, "POST": 405},
    "healthz": {"GET": {200: EVERYONE}, "POST": {405: EVERYONE}},
    "accounts:login": {
        # Signed-in users are sent home.
        "GET": {200: {ANONYMOUS}, 302: SIGNED_IN},
        "POST": {200: {ANONYMOUS}, 302: SIGNED_IN},  # empty form: errors
    },
    "accounts:logout": {"GET": 405, "POST": "login"},
    "accounts:language": {
        # Back to the page it came from; the anonymous user to the sign-in page.
        "GET": {405: EVERYONE},
        "POST": {302: SIGNED_IN},
        "data": {"language": "fr"},
    },
    "accounts:account": {"GET": {200: SIGNED_IN}, "POST": 405},
    "accounts:password_change": {"GET": {200: SIGNED_IN}, "POST": {200: SIGNED_IN}},
    # The second-factor page: for roles that need one, and users who enrolled a device
    # (the test world gives responsable one); nothing is written for the others.
    "accounts:mfa": {"GET": {200: ADMIN | {"responsable"}}, "POST": {200: ADMIN | {"responsable"}}},
    "programmes:portfolio": {"GET": {200: SIGNED_IN}, "POST": 405},
    "programmes:intervention_create": {
        "GET": {200: MANAGERS},  # may_manage_results_framework
        "POST": {200: MANAGERS},  # empty form: errors
    },
    # -- Organisations and members ----------------------------------------------------
    "accounts:organisation_list": {"GET": {200: SIGNED_IN}, "POST": 405},
    "accounts:organisation_detail": {
        "targets": ORGANISATIONS,
        "GET": {200: {t: PROGRAMME_WIDE | STAFF_OF[t] for t in ORGANISATIONS}},
        "POST": 405,
    },
    "accounts:member_create": {
        "targets": ORGANISATIONS,
        "hx": True,
        # An empty form comes back with its errors.
        "GET": {200: {t: MEMBER_MANAGERS | (STAFF_OF[t] & FOCAL_POINTS) for t in ORGANISATIONS}},
        "POST": {200: {t: MEMBER_MANAGERS | (STAFF_OF[t] & FOCAL_POINTS) for t in ORGANISATIONS}},
    },
    "accounts:membership_deactivate": {
        "targets": [
            "membership:as.en",
            "membership:agent.amappe",
            "membership:finances",
            "membership:copil",
        ],
        "GET": 405,
        "POST": {
            302: {
                "membership:as.en": MEMBER_MANAGERS | {"pf.en"},
                "membership:agent.amappe": MEMBER_MANAGERS | {"pf.amappe"},
                "membership:finances": MEMBER_MANAGERS,
                "membership:copil": MEMBER_MANAGERS,
            }
        },
    },
    "core:audit_trail": {
        "hx": True,
        "queries": ["", "?page=99999999999999", "?action=x%27%20OR%201%3D1--&date_from=2020-13-45"],
        "GET": {200: AUDIT_READERS},
        "POST": 405,
    },
    "core:audit_trail_export": {
        "queries": ["", "?organisation=@{org:care}"],
        "GET": {200: AUDIT_READERS},
        "POST": 405,
    },
    # -- Programmes, logframe and its workbooks ---------------------------------------
    "programmes:logframe": {
        "targets": INTERVENTIONS,
        "GET": {200: BY_INTERVENTION},
        "POST": 405,
    },
    "programmes:intervention_edit": {
        "targets": INTERVENTIONS,
        "GET": {200: MANAGERS},  # may_manage_results_framework, among who sees it
        "POST": {302: MANAGERS},
        "data": {
            "short_name": "Renamed",
            "title": "Intervention renommée",
            "title_ar": "تدخل",
            "start_date": "2018-03-15",
            "end_date": "2023-03-14",
        },
    },
    "interop:logframe_export": {
        "targets": INTERVENTIONS,
        "GET": {200: BY_INTERVENTION},
        "POST": 405,
    },
    "interop:logframe_template": {
        # The blank workbook belongs to the import (linked for who may import).
        "targets": INTERVENTIONS,
        "GET": {200: MANAGERS},
        "POST": 405,
    },
    "interop:logframe_import": {
        "targets": INTERVENTIONS,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "interop:catalogue_export": {
        # The service catalogue: the M&E staff's, edited through this workbook.
        "targets": INTERVENTIONS,
        "GET": {200: MANAGERS},
        "POST": 405,
    },
    "interop:catalogue_import": {
        "targets": INTERVENTIONS,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "interop:job": {
        "targets": ["job:records by pf.en", "job:logframe by suivi", "job:expenses by finances"],
        "hx": True,
        "GET": {
            200: {
                "job:records by pf.en": {"pf.en"},
                "job:logframe by suivi": MANAGERS,
                "job:expenses by finances": FINANCE,
            }
        },
        "POST": 405,
    },
    "interop:expenses_import": {
        "targets": INTERVENTIONS,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},  # empty form: errors
    },
    "interop:budget_import": {
        "targets": INTERVENTIONS,
        "GET": {200: FINANCE},
        "POST": {200: FINANCE},  # empty form: errors
    },
    "interop:records_import": {
        "GET": {200: REGISTERING},
        "POST": {302: REGISTERING},
        "data": {"kind": "persons", "file": "@xlsx:persons"},
    },
    "interop:records_template": {
        "targets": ["kind:persons", "kind:events", "kind:referrals", "kind:other"],
        "GET": {
            200: {
                "kind:persons": REGISTERING,
                # A community agent registers people; services and referrals are
                # recorded by the staff who serve them.
                "kind:events": SERVING,
                "kind:referrals": SERVING,
            }
        },
        "POST": 405,
    },
    # -- Indicators, values, review, periods ------------------------------------------
    "indicators:sheet": {"targets": INDICATORS, "GET": {200: SEES_INDICATOR}, "POST": 405},
    "indicators:edit": {
        "targets": INDICATORS,
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "indicators:translate": {
        "targets": INDICATORS,
        "GET": {200: MANAGERS},
        "hx": True,
        "POST": {302: MANAGERS},
        "data": {"title_ar": "ترجمة", "title_en": "A translation"},
    },
    "indicators:entry": {
        "targets": [
            "entry:MAR1605211_Ind1.6/2018",  # EN's, submitted (not editable; computed from 2020)
            "entry:MAR1605211_Ind2.4/2022",  # ANAPEC's, nothing entered yet
            "entry:MAR1605211_Ind3.1/2018",  # MDCMRE's, no partner login; computed from 2020
            "entry:MAR1605211_Ind1.2/2020",  # computed: never typed in
        ],
        "hx": True,
        "GET": {
            200: {
                "entry:MAR1605211_Ind1.6/2018": MANAGERS | {"pf.en"},
                "entry:MAR1605211_Ind2.4/2022": MANAGERS | {"pf.anapec"},
                "entry:MAR1605211_Ind3.1/2018": MANAGERS,
            }
        },
        "POST": {
            200: {
                "entry:MAR1605211_Ind1.6/2018": MANAGERS | {"pf.en"},
                "entry:MAR1605211_Ind2.4/2022": MANAGERS | {"pf.anapec"},
                "entry:MAR1605211_Ind3.1/2018": MANAGERS,
            }
        },
    },
    "indicators:approve": {"targets": SUBMITTED, "GET": 405, "POST": {302: MANAGERS}},
    "indicators:return": {
        "targets": SUBMITTED,
        "GET": 405,
        "POST": {302: MANAGERS},
        "data": {"note": "À corriger"},
    },
    "indicators:evidence_add": {
        "targets": SUBMITTED,
        "GET": 405,
        "POST": {302: ENTERS},
        "data": {"file": "@pdf"},
    },
    "indicators:evidence": {
        "targets": ["evidence:MAR1605211_Ind1.6", "evidence:MAR1605211_Ind2.4"],
        "GET": {
            200: {
                "evidence:MAR1605211_Ind1.6": PROGRAMME_WIDE | EN,
                "evidence:MAR1605211_Ind2.4": PROGRAMME_WIDE | ANAPEC,
            }
        },
        "POST": 405,
    },
    "indicators:review_queue": {"GET": {200: MANAGERS}, "POST": 405},
    "indicators:dimensions": {
        "GET": {200: MANAGERS},
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "indicators:progress": {
        "targets": INTERVENTIONS,
        "queries": ["?annee=2020", "?annee=2020&format=xlsx", "?annee=2020&format=csv"],
        "GET": {200: BY_INTERVENTION},
        "POST": 405,
    },
    "indicators:periods": {"targets": INTERVENTIONS, "GET": {200: BY_INTERVENTION}, "POST": 405},
    "indicators:lock_period": {
        "targets": ["period:MOR1605211/2020"],
        "GET": 405,
        "POST": {302: {"suivi"}},  # lock_periods
    },
    # -- Computed indicators ----------------------------------------------------------
    "beneficiaries:records_behind": {
        "targets": FIGURES,
        "queries": ["", "?partie=denominator"],
        "GET": {200: LISTS_RECORDS},
        "POST": 405,
    },
    "beneficiaries:recompute": {
        "targets": INTERVENTIONS,
        "GET": {200: {t: MANAGERS for t in INTERVENTIONS}},  # may_recompute
        "POST": {302: MANAGERS},
        "data": {"mode": "refresh"},
    },
    "beneficiaries:definition": {
        # A computed indicator's rule, and an entered one that could become computed.
        "targets": ["indicator:MAR1605211_Ind1.2", "indicator:MAR1605211_Ind2.4"],
        "GET": {200: MANAGERS},  # may_manage_definitions
        "POST": {200: MANAGERS},  # empty form: errors
    },
    "beneficiaries:run": {
        "targets": ["run:MOR1605211"],
        "hx": True,
        "GET": {200: MANAGERS},
        "POST": 405,
    },
    # -- Persons, services, referrals -------------------------------------------------
    "beneficiaries:persons": {
        # Searching by the name of a person of another partner, or of one whose
        # consent to share was withdrawn, finds nothing.
        "queries": [
            "",
            "?q=Fictif",
            "?q=@{name_part:person:care}",
            "?q=@{name_part:person:en>anapec withdrawn}",
            "?sex=%27%3B%20DROP%20TABLE%20x%3B--&page=-3",
            "?page=99999999999999999999&category=refugee",
        ],
        "GET": {200: REGISTERING},
        # The exact search by phone or document number (sent by POST).
        "POST": {200: REGISTERING},
        "data": {"contact": "+212 6 61 23 45 67"},
    },
    "beneficiaries:persons_export": {
        "queries": ["", "?q=@{name_part:person:care}", "?sex=women"],
        "GET": {200: REGISTERING},
        "POST": 405,
    },
    "beneficiaries:services": {
        "queries": ["", "?q=@{name_part:person:care}", "?service=exam_result&page=2"],
        "GET": {200: SERVING},
        "POST": {200: SERVING},
        "data": {"contact": "+212 6 61 23 45 67"},
    },
    "beneficiaries:services_export": {
        "queries": ["", "?q=@{name_part:person:en>anapec withdrawn}"],
        "GET": {200: SERVING},
        "POST": 405,
    },
    "beneficiaries:register": {
        "GET": {200: REGISTERING},
        "POST": {302: REGISTERING},
        "data": {
            "token": "@unique",
            "given_name": "Sonde",
            "family_name": "Accès-URL",
            "sex": "women",
            "category": "refugee",
            "consent": "on",
            "registered_on": "@today",
        },
    },
    "beneficiaries:person": {
        "targets": PERSONS,
        # The reviewer of duplicates (suivi) gets the record without who it is
        # (no name, contact or reference: checked on every answer) and its pairs.
        "GET": {200: {target: users | {"suivi"} for target, users in OPENS.items()}},
        "POST": 405,
        "must_not_show": [
            # A receiving partner sees the person, the referral to it and its own
            # services; not what the other partners did (services "· X", consents
            # "— X", referrals "→ X").
            {
                "targets": ["person:en>anapec+amappe"],
                "users": ANAPEC,
                "strings": ["· Entraide Nationale", "· AMAPPE", "— AMAPPE", "→ AMAPPE"],
            },
            {
                "targets": ["person:en>anapec+amappe", "person:en>amappe"],
                "users": AMAPPE,
                "strings": ["· Entraide Nationale", "· ANAPEC", "— ANAPEC", "→ ANAPEC"],
            },
            # Nobody learns that another partner may hold the person.
            {"strings": ['data-testid="possible-duplicate"']},
        ],
    },
    "beneficiaries:record_service": {
        "targets": PERSONS,
        "GET": 405,
        "POST": {302: SERVES},
        "data": {"service": "exam_result", "occurred_on": "@today", "attr_passed": "on"},
    },
    "beneficiaries:grant_scholarship": {
        "targets": PERSONS,
        "GET": 405,
        "POST": {302: SERVES},
        "data": {"enrolment": "@enrolment", "occurred_on": "@today"},
    },
    "beneficiaries:share": {
        "targets": PERSONS,
        "GET": 405,
        "POST": {302: RECORDS_CONSENT},
        "data": {"organisation": "@org:care"},
    },
    "beneficiaries:withdraw_consent": {
        # The registering partner's staff who record services record a withdrawal.
        "targets": ["consent:en>anapec+amappe/anapec"],
        "GET": 405,
        "POST": {302: EN},
    },
    "beneficiaries:refer": {
        "targets": PERSONS,
        "GET": 405,
        "POST": {302: SERVES},
        "data": {"organisation": "@org:care", "purpose": "employment"},
    },
    "beneficiaries:inbox": {
        # A name searched among the referrals finds only persons the reader may open.
        "queries": [
            "",
            "?box=accepted",
            "?box=answered&status=declined",
            "?box=sent",
            "?box=%3Cscript%3E&q=@{name_part:person:en>anapec withdrawn}",
        ],
        "GET": {200: SERVING},
        "POST": 405,
    },
    "beneficiaries:inbox_export": {
        "queries": ["", "?box=answered", "?box=sent"],
        "GET": {200: SERVING},
        "POST": 405,
    },
    "beneficiaries:accept": {
        "targets": ["referral:en>anapec sent", "referral:en>amappe accepted"],
        "GET": 405,
        "POST": {
            302: {"referral:en>anapec sent": ANAPEC, "referral:en>amappe accepted": {"pf.amappe"}}
        },
    },
    "beneficiaries:decline": {
        "targets": ["referral:en>anapec sent", "referral:en>amappe accepted"],
        "GET": 405,
        "POST": {
            302: {"referral:en>anapec sent": ANAPEC, "referral:en>amappe accepted": {"pf.amappe"}}
        },
        "data": {"reason": "Hors de notre champ"},
    },
    "beneficiaries:serve": {
        "targets": ["referral:en>anapec accepted", "referral:en>amappe accepted"],
        "GET": 405,
        "POST": {
            302: {
                "referral:en>anapec accepted": ANAPEC,
                "referral:en>amappe accepted": {"pf.amappe"},
            }
        },
        "data": {"service": "@service"},
    },
    "beneficiaries:withdraw": {
        "targets": ["referral:en>anapec sent", "referral:en>amappe accepted"],
        "GET": 405,
        "POST": {302: {"referral:en>anapec sent": EN, "referral:en>amappe accepted": EN}},
    },
}

URLS |= ADMIN_URLS
URLS |= CATALOGUE_URLS
URLS |= REGISTER_URLS
