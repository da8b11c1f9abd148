from django.urls import path

from suivi.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.portfolio, name="portfolio"),
    path("interventions/<str:code>/", views.logframe, name="logframe"),
]
