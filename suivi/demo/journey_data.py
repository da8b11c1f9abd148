"""Reference data of the fictitious Amuddu journeys: names, centres, trades
and the vulnerability grid the demo sets up (the grid's wording follows the
DTF's targeting criteria; weights and threshold are the demo's choice).
"""

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

# The catalogue (services, centres, their targeting periods, trades) is the
# workbook data/amuddu_catalogue.xlsx; the generator draws from these codes,
# in this order (the demo must be the same on every machine).
CENTRES = [
    "en-rabat",
    "en-casablanca",
    "en-sale",
    "en-temara",
    "en-kenitra",
    "en-mohammedia",
    "en-fes",
    "anapec-rabat",
    "anapec-casablanca",
]
TRADES = ["couture", "coiffure", "cuisine", "commerce", "electricite", "informatique"]


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
