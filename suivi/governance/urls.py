from django.urls import path

from suivi.governance import views

app_name = "governance"

urlpatterns = [
    path("pilotage/risques/matrice/", views.risk_matrix, name="risk_matrix"),
    path(
        "pilotage/reunions/<uuid:pk>/participants/",
        views.participation_add,
        name="participation_add",
    ),
    path("pilotage/reunions/<uuid:pk>/pv/", views.minutes, name="minutes"),
    path("pilotage/reunions/<uuid:pk>/pv/joindre/", views.minutes_upload, name="minutes_upload"),
    path("pilotage/qualite/<uuid:pk>/notes/", views.grades, name="grades"),
    *views.SITE.urls("pilotage/"),
    path("pilotage/<str:kind>/<uuid:pk>/actions/", views.action_add, name="action_add"),
    path(
        "pilotage/<str:kind>/actions/<uuid:pk>/modifier/",
        views.action_edit,
        name="action_edit",
    ),
    path(
        "pilotage/<str:kind>/actions/<uuid:pk>/<str:step>/",
        views.action_step,
        name="action_step",
    ),
]
