from django.urls import path

from suivi.capacity import views

app_name = "capacity"

urlpatterns = [
    path("renforcement/formations-de-l-annee/", views.trainings_year, name="trainings_year"),
    path("renforcement/indicateurs/", views.definition_list, name="definitions"),
    path("renforcement/indicateurs/nouveau/", views.definition_edit, name="definition_create"),
    path("renforcement/indicateurs/recalculer/", views.refresh, name="refresh"),
    path(
        "renforcement/indicateurs/<uuid:pk>/modifier/",
        views.definition_edit,
        name="definition_edit",
    ),
    path(
        "renforcement/formations/<uuid:pk>/participants/",
        views.participant_add,
        name="participant_add",
    ),
    path(
        "renforcement/participants/<uuid:pk>/retirer/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("renforcement/livrables/<uuid:pk>/fichier/", views.file, name="file"),
    path(
        "renforcement/livrables/<uuid:pk>/fichier/joindre/", views.file_upload, name="file_upload"
    ),
    *views.SITE.urls("renforcement/"),
]
