"""Reference data of the fictitious Amuddu journeys: names, centres, trades
and the vulnerability grid the demo sets up (the grid's wording follows the
DTF's targeting criteria; weights and threshold are the demo's choice).
"""

from datetime import date

GIVEN_NAMES = {
    "women": [
        "Awa",
        "Fatou",
        "Mariam",
        "Aminata",
        "Grace",
        "Esther",
        "Khadija",
        "Ruth",
        "Nadia",
        "Salimata",
    ],
    "men": [
        "Moussa",
        "Ibrahima",
        "Joseph",
        "Ousmane",
        "Samuel",
        "Cheikh",
        "Yao",
        "Abdoulaye",
        "Eric",
        "Mamadou",
    ],
}
NATIONALITIES = ["SN", "CI", "CM", "GN", "ML", "CD", "NG", "SY", "YE", "GA"]
CATEGORIES = [
    ("regularised", 60),
    ("refugee", 20),
    ("asylum_seeker", 10),
    ("irregular", 5),
    ("student", 5),
]

CENTRES = [
    # code, organisation, name, city, targeted from
    ("en-rabat", "en", "Centre de formation EN Rabat", "Rabat", date(2018, 9, 1)),
    ("en-casablanca", "en", "Centre de formation EN Casablanca", "Casablanca", date(2018, 9, 1)),
    ("en-sale", "en", "Centre de formation EN Salé", "Salé", date(2020, 9, 1)),
    ("en-temara", "en", "Centre de formation EN Témara", "Témara", date(2020, 9, 1)),
    ("en-kenitra", "en", "Centre de formation EN Kénitra", "Kénitra", date(2020, 9, 1)),
    ("en-mohammedia", "en", "Centre de formation EN Mohammedia", "Mohammedia", date(2020, 9, 1)),
    ("en-fes", "en", "Centre d'assistance sociale EN Fès", "Fès", None),
    ("anapec-rabat", "anapec", "Agence ANAPEC Rabat (pilote)", "Rabat", date(2018, 3, 15)),
    (
        "anapec-casablanca",
        "anapec",
        "Agence ANAPEC Casablanca (pilote)",
        "Casablanca",
        date(2018, 3, 15),
    ),
]
TRADES = [
    ("couture", "Couture", False),
    ("coiffure", "Coiffure et esthétique", False),
    ("cuisine", "Cuisine et pâtisserie", False),
    ("commerce", "Commerce et gestion des entreprises", True),
    ("electricite", "Électricité du bâtiment", True),
    ("informatique", "Informatique", True),
]


GRID = [
    # code, weight, women only, French, Arabic, English
    ("no_income", 4, False, "Sans revenu", "بدون دخل", "No income"),
    (
        "refugee_or_asylum",
        3,
        False,
        "Réfugié·e ou demandeur·se d'asile",
        "لاجئ(ة) أو طالب(ة) لجوء",
        "Refugee or asylum seeker",
    ),
    ("no_family_support", 2, False, "Sans soutien familial", "بدون دعم عائلي", "No family support"),
    ("housing", 2, False, "Logement précaire", "سكن هش", "Precarious housing"),
    ("disability", 3, False, "Situation de handicap", "في وضعية إعاقة", "Disability"),
    (
        "head_of_household",
        3,
        True,
        "Femme cheffe de ménage",
        "امرأة معيلة للأسرة",
        "Woman head of household",
    ),
    (
        "young_children",
        2,
        True,
        "Enceinte ou enfants en bas âge",
        "حامل أو لها أطفال صغار",
        "Pregnant or with young children",
    ),
    (
        "gbv_survivor",
        3,
        True,
        "Survivante de violences basées sur le genre",
        "ناجية من العنف القائم على النوع",
        "Survivor of gender-based violence",
    ),
]
GRID_THRESHOLD = 8
COMMON_CRITERIA = ["refugee_or_asylum", "no_family_support", "housing", "disability"]
WOMEN_CRITERIA = [*COMMON_CRITERIA, "head_of_household", "young_children", "gbv_survivor"]
