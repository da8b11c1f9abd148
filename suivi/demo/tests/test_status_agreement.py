"""Status labels agree with the noun they qualify: in French a budget
version, a recommendation or an action is feminine, a procurement (« un
marché ») masculine; in Arabic a procurement (« صفقة ») is feminine and an
action (« الإجراء ») masculine. One English word (« Withdrawn », « Done »)
takes a message context per noun."""

import pytest
from django.utils import translation

from suivi.finance.models import ProcurementStatus, TrancheStatus, VersionStatus
from suivi.governance.models import ActionStatus, ActivityProgress, RecommendationStatus

FRENCH = {
    VersionStatus: ["Proposée", "Approuvée", "Retirée"],
    ProcurementStatus: ["Prévu", "Lancé", "Attribué", "Terminé", "Annulé"],
    ActionStatus: ["Prévue", "En cours", "Terminée", "Annulée"],
    RecommendationStatus: ["Ouverte", "En cours", "Terminée", "Non retenue"],
    TrancheStatus: ["Prévue", "Demandée", "Payée", "Annulée"],
    ActivityProgress: [
        "En avance",
        "Dans les délais",
        "En retard",
        "En sérieux retard (plus de 6 mois)",
    ],
}
ARABIC = {
    VersionStatus: ["مقترحة", "مصادق عليها", "مسحوبة"],
    ProcurementStatus: ["مقرّرة", "معلنة", "مُسندة", "منجزة", "ملغاة"],
    ActionStatus: ["مقرّر", "قيد الإنجاز", "منجز", "ملغى"],
    RecommendationStatus: ["مفتوحة", "قيد الإنجاز", "منجزة", "غير معتمدة"],
    ActivityProgress: ["متقدم", "في الآجال", "متأخر", "متأخر جدًا (أكثر من 6 أشهر)"],
}


@pytest.mark.parametrize(("language", "expected"), [("fr", FRENCH), ("ar", ARABIC)])
def test_status_labels_agree_with_their_noun(language, expected):
    with translation.override(language):
        shown = {choices: [str(label) for label in choices.labels] for choices in expected}
    assert shown == expected
