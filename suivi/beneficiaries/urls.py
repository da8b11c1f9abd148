from django.urls import path

from suivi.beneficiaries.views import (
    catalogue,
    duplicates,
    grid,
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
    path("personnes/", people.person_list, name="persons"),
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
    path("doublons/", duplicates.queue, name="duplicates"),
    path("grille/", grid.grid, name="grid"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/ajouter/service/", catalogue.service_type_edit, name="service_type_create"),
    path(
        "catalogue/services/<slug:code>/modifier/",
        catalogue.service_type_edit,
        name="service_type_edit",
    ),
    path("catalogue/services/ligne-detail/", catalogue.detail_row, name="detail_row"),
    path("catalogue/ajouter/centre/", catalogue.centre_edit, name="centre_create"),
    path("catalogue/centres/<slug:code>/modifier/", catalogue.centre_edit, name="centre_edit"),
    path("catalogue/ajouter/metier/", catalogue.trade_edit, name="trade_create"),
    path("catalogue/metiers/<slug:code>/modifier/", catalogue.trade_edit, name="trade_edit"),
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
