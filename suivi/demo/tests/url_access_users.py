"""Who is who in the access table (`url_access.py`): the users the test signs in
as, the groups the table names, and which objects each group may open."""

from __future__ import annotations

ANONYMOUS = "anonymous"

# The demo logins (README), by organisation.
ENABEL_TEAM = frozenset({"responsable", "suivi", "finances", "marches"})
MANAGERS = frozenset({"responsable", "suivi"})  # manage the results framework, review values
ADMIN = frozenset({"admin"})
EN = frozenset({"pf.en", "as.en"})
ANAPEC = frozenset({"pf.anapec"})
# Users the test adds (organisation, role), so every organisation has someone.
EXTRA_USERS = {
    "pf.amappe": ("amappe", "partner_focal_point"),
    "pf.care": ("care", "partner_focal_point"),
    "pf.remess": ("remess", "partner_focal_point"),
    # A steering-committee reader attached to an NGO (reads, never serves people).
    "copil.amappe": ("amappe", "steering_reader"),
}
AMAPPE = frozenset({"agent.amappe", "pf.amappe"})
CARE = frozenset({"pf.care"})
REMESS = frozenset({"pf.remess"})
READERS = frozenset({"copil", "copil.amappe"})  # steering committee

USERS = [
    ANONYMOUS,
    "responsable",
    "suivi",
    "finances",
    "marches",
    "pf.en",
    "as.en",
    "pf.anapec",
    "agent.amappe",
    "copil",
    "admin",
    *EXTRA_USERS,
]
SIGNED_IN = frozenset(USERS) - {ANONYMOUS}
EVERYONE = frozenset(USERS)

# Capabilities (accounts/roles.py), as sets of users.
PROGRAMME_WIDE = ENABEL_TEAM | READERS | ADMIN  # view_programme_wide
FOCAL_POINTS = frozenset({"pf.en", "pf.anapec", "pf.amappe", "pf.care", "pf.remess"})
SERVING = FOCAL_POINTS | {"as.en"}  # record_services
REGISTERING = SERVING | {"agent.amappe"}  # register_people
MEMBER_MANAGERS = frozenset({"responsable", "admin"})  # manage_all_members
AUDIT_READERS = frozenset({"responsable", "suivi", "admin"}) | FOCAL_POINTS
FINANCE = frozenset({"finances"})  # manage_finance
GRANTS = frozenset({"marches"})  # manage_grants_and_procurement
# Interventions: Amuddu (MOR1605211; EN and ANAPEC operate it), MBI (MOR1605311).
SEES_AMUDDU = PROGRAMME_WIDE | EN | ANAPEC
INTERVENTIONS = ["intervention:MOR1605211", "intervention:MOR1605311"]
BY_INTERVENTION = {
    "intervention:MOR1605211": SEES_AMUDDU,
    "intervention:MOR1605311": PROGRAMME_WIDE,
}

ORGANISATIONS = [
    "organisation:enabel",
    "organisation:mdcmre",
    "organisation:en",
    "organisation:anapec",
    "organisation:amappe",
    "organisation:care",
    "organisation:remess",
]
STAFF_OF = {
    "organisation:enabel": ENABEL_TEAM | ADMIN,
    "organisation:mdcmre": frozenset({"copil"}),
    "organisation:en": EN,
    "organisation:anapec": ANAPEC,
    "organisation:amappe": AMAPPE | {"copil.amappe"},
    "organisation:care": CARE,
    "organisation:remess": REMESS,
}

# Indicators, by the organisation responsible for them.
INDICATORS = [
    "indicator:MAR1605211_Ind1.2",  # EN, computed from records
    "indicator:MAR1605211_Ind1.6",  # EN, computed by capacity from 2020
    "indicator:MAR1605211_Ind2.4",  # ANAPEC, entered
    "indicator:MAR1605211_Ind1.8",  # AMAPPE, computed
    "indicator:MAR1605211_Ind3.1",  # MDCMRE, computed by capacity from 2020
    "indicator:MAR1605211_Ind2.5",  # Enabel, computed by capacity from 2020
]
SEES_INDICATOR = {
    "indicator:MAR1605211_Ind1.2": PROGRAMME_WIDE | EN,
    "indicator:MAR1605211_Ind1.6": PROGRAMME_WIDE | EN,
    "indicator:MAR1605211_Ind2.4": PROGRAMME_WIDE | ANAPEC,
    "indicator:MAR1605211_Ind1.8": PROGRAMME_WIDE | AMAPPE,
    "indicator:MAR1605211_Ind3.1": PROGRAMME_WIDE,  # MDCMRE has no partner staff
    "indicator:MAR1605211_Ind2.5": PROGRAMME_WIDE,
}
# Values submitted for review (built by the test): EN's Ind1.6 by pf.en, ANAPEC's Ind2.4
# by pf.anapec, each with a supporting file.
SUBMITTED = ["measurement:MAR1605211_Ind1.6", "measurement:MAR1605211_Ind2.4"]
ENTERS = {
    "measurement:MAR1605211_Ind1.6": MANAGERS | {"pf.en"},
    "measurement:MAR1605211_Ind2.4": MANAGERS | {"pf.anapec"},
}

# Persons (demo records), by who registered them and where they were referred.
PERSONS = [
    "person:en",  # EN, never referred
    "person:en>anapec+amappe",  # EN, referred to ANAPEC and to AMAPPE (both accepted)
    "person:en>amappe",  # EN, referred to AMAPPE only
    "person:en>anapec withdrawn",  # EN, referred to ANAPEC, then withdrew the consent
    "person:en duplicate",  # EN, one of a possible duplicate pair with ANAPEC
    "person:anapec",
    "person:anapec duplicate",  # ANAPEC, the other record of that pair
    "person:amappe",
    "person:care",
    "person:remess",
]
# Who may open each person: staff of the registering partner who serve or register
# people, and of a partner the person was referred to (referral open, consent to
# share with it not withdrawn).
OPENS = {
    "person:en": EN,
    # Referred persons: to the receiver's staff who serve people, not its community agent.
    "person:en>anapec+amappe": EN | ANAPEC | {"pf.amappe"},
    "person:en>amappe": EN | {"pf.amappe"},
    "person:en>anapec withdrawn": EN,
    "person:en duplicate": EN,
    "person:anapec": ANAPEC,
    "person:anapec duplicate": ANAPEC,
    "person:amappe": AMAPPE,
    "person:care": CARE,
    "person:remess": REMESS,
}
# Who may record a service (and a scholarship, a referral) for each person: serving
# staff of the registering partner, and of a partner whose referral they accepted.
SERVES = {
    "person:en": EN,
    "person:en>anapec+amappe": EN | ANAPEC | {"pf.amappe"},
    "person:en>amappe": EN | {"pf.amappe"},
    "person:en>anapec withdrawn": EN,
    "person:en duplicate": EN,
    "person:anapec": ANAPEC,
    "person:anapec duplicate": ANAPEC,
    "person:amappe": frozenset({"pf.amappe"}),
    "person:care": CARE,
    "person:remess": REMESS,
}
# Consents are recorded by the registering partner only.
RECORDS_CONSENT = {
    "person:en": EN,
    "person:en>anapec+amappe": EN,
    "person:en>amappe": EN,
    "person:en>anapec withdrawn": EN,
    "person:en duplicate": EN,
    "person:anapec": ANAPEC,
    "person:anapec duplicate": ANAPEC,
    "person:amappe": frozenset({"pf.amappe"}),
    "person:care": CARE,
    "person:remess": REMESS,
}

# Computed figures (2020 totals) and one entered value.
FIGURES = [
    "value:MAR1605211_Ind1.2",  # EN, 185 persons
    "value:MAR1605211_Ind1.3",  # EN, 3 persons: shown "< 5" outside the M&E staff
    "value:MAR1605211_Ind2.1",  # ANAPEC, its own and 30 persons EN shared
    "value:MAR1605211_OS2",  # ANAPEC, a rate whose denominator is EN's enrolments
    "value:MAR1605211_Ind1.8",  # AMAPPE (scholarships)
    "value:MAR1605211_Ind1.6",  # entered 2019 (2020 not measured): no records behind it
]
LISTS_RECORDS = {
    "value:MAR1605211_Ind1.2": MANAGERS | EN,
    "value:MAR1605211_Ind1.3": MANAGERS,
    "value:MAR1605211_Ind2.1": MANAGERS | ANAPEC,
    "value:MAR1605211_OS2": MANAGERS | ANAPEC,
    "value:MAR1605211_Ind1.8": MANAGERS | AMAPPE,
}

# Steering registers (governance), by URL segment; one record of each.
STEERING_REGISTERS = [
    "steering:risques",
    "steering:reunions",
    "steering:decisions",
    "steering:recommandations",
    "steering:modifications",
    "steering:activites",
    "steering:qualite",
    "steering:lecons",
    "steering:recits",
]
STEERING_RECORDS = STEERING_REGISTERS
