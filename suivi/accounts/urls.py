from django.urls import path

from suivi.accounts.views import auth, pages

app_name = "accounts"

urlpatterns = [
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth.logout_view, name="logout"),
    path("langue/", auth.language_view, name="language"),
    path("compte/", pages.account, name="account"),
    path("compte/mot-de-passe/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("compte/verification/", auth.mfa_view, name="mfa"),
    path("organisations/", pages.organisation_list, name="organisation_list"),
    path("organisations/<uuid:pk>/", pages.organisation_detail, name="organisation_detail"),
    path("organisations/<uuid:pk>/membres/ajouter/", pages.member_create, name="member_create"),
    path(
        "adhesions/<uuid:pk>/terminer/",
        pages.membership_deactivate,
        name="membership_deactivate",
    ),
]
