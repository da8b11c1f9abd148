from django.urls import path

from suivi.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.portfolio, name="portfolio"),
    path(
        "programmes/nouvelle-intervention/",
        views.intervention_create,
        name="intervention_create",
    ),
    path("interventions/<str:code>/", views.logframe, name="logframe"),
    path("interventions/<str:code>/modifier/", views.intervention_edit, name="intervention_edit"),
]
