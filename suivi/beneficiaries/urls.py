from django.urls import path

from suivi.beneficiaries.views import (
    catalogue,
    definition,
    duplicates,
    grid,
    lists,
    people,
    recompute,
    records,
    referrals,
)

app_name = "beneficiaries"

urlpatterns = [
    path("chiffres/<uuid:pk>/dossiers/", records.records_behind, name="records_behind"),
    path("interventions/<str:code>/recalcul/", recompute.recompute, name="recompute"),
    path("recalculs/<uuid:pk>/", recompute.run, name="run"),
    path("indicateurs/<uuid:pk>/regle/", definition.definition, name="definition"),
    path("personnes/", lists.persons, name="persons"),
    path("personnes/export/", lists.persons_export, name="persons_export"),
    path("prestations/", lists.services, name="services"),
    path("prestations/export/", lists.services_export, name="services_export"),
    path("personnes/enregistrer/", people.register, name="register"),
    path("personnes/<uuid:pk>/", people.person_detail, name="person"),
    path("personnes/<uuid:pk>/prestation/", people.record_service, name="record_service"),
    path("personnes/<uuid:pk>/partage/", people.share, name="share"),
    path(
        "personnes/<uuid:pk>/consentements/<uuid:consent>/retrait/",
        people.withdraw_consent,
        name="withdraw_consent",
    ),
    path("personnes/<uuid:pk>/bourse/", people.grant_scholarship, name="grant_scholarship"),
    path("personnes/<uuid:pk>/orienter/", people.refer, name="refer"),
    path("orientations/", referrals.inbox, name="inbox"),
    path("orientations/export/", referrals.inbox_export, name="inbox_export"),
    path("doublons/", duplicates.queue, name="duplicates"),
    path("doublons/export/", duplicates.export, name="duplicates_export"),
    path("grille/", grid.grid, name="grid"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path(
        "catalogue/centres/<slug:code>/periodes/",
        catalogue.centre_periods,
        name="centre_periods",
    ),
    path("doublons/<uuid:pk>/lier/", duplicates.link, name="link"),
    path("doublons/<uuid:pk>/distinguer/", duplicates.reject, name="reject"),
    path("doublons/<uuid:pk>/defaire/", duplicates.unlink, name="unlink"),
    path("orientations/<uuid:pk>/accepter/", referrals.accept, name="accept"),
    path("orientations/<uuid:pk>/refuser/", referrals.decline, name="decline"),
    path("orientations/<uuid:pk>/servie/", referrals.serve, name="serve"),
    path("orientations/<uuid:pk>/retirer/", referrals.withdraw, name="withdraw"),
]
