from django.contrib import admin
from django.urls import include, path

from suivi.accounts.views.pages import home
from suivi.core.views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("suivi.accounts.urls")),
    path("", include("suivi.core.urls")),
    path("", include("suivi.indicators.urls")),
    path("", include("suivi.programmes.urls")),
    path("", include("suivi.interop.urls")),
    path("", include("suivi.beneficiaries.urls")),
    path("", include("suivi.governance.urls")),
    path("", include("suivi.finance.urls")),
    path("", include("suivi.capacity.urls")),
    path("admin/", admin.site.urls),
]
