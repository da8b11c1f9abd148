from django.urls import path

from suivi.interop import views

app_name = "interop"

urlpatterns = [
    path(
        "interventions/<str:code>/cadre-logique/modele.xlsx",
        views.logframe_template,
        name="logframe_template",
    ),
    path(
        "interventions/<str:code>/cadre-logique/export.xlsx",
        views.logframe_export,
        name="logframe_export",
    ),
    path(
        "interventions/<str:code>/cadre-logique/importer/",
        views.logframe_import,
        name="logframe_import",
    ),
    path(
        "interventions/<str:code>/catalogue/export.xlsx",
        views.catalogue_export,
        name="catalogue_export",
    ),
    path(
        "interventions/<str:code>/catalogue/importer/",
        views.catalogue_import,
        name="catalogue_import",
    ),
    path("imports/<uuid:pk>/", views.job, name="job"),
    path(
        "finances/<str:code>/depenses/importer/",
        views.expenses_import,
        name="expenses_import",
    ),
    path("finances/<str:code>/budget/importer/", views.budget_import, name="budget_import"),
    path("imports/dossiers/", views.records_import, name="records_import"),
    path("imports/modele-<str:kind>.xlsx", views.records_template, name="records_template"),
]
