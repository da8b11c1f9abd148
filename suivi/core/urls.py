from django.urls import path

from suivi.core import views

app_name = "core"

urlpatterns = [
    path("journal/", views.audit_trail, name="audit_trail"),
    path("journal/export/", views.audit_trail_export, name="audit_trail_export"),
]
