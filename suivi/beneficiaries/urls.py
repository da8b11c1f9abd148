from django.urls import path

from suivi.beneficiaries.views import records

app_name = "beneficiaries"

urlpatterns = [
    path("chiffres/<uuid:pk>/dossiers/", records.records_behind, name="records_behind"),
]
