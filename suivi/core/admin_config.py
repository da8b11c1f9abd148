from django.contrib.admin.apps import AdminConfig


class SuiviAdminConfig(AdminConfig):
    """Django's admin with Suivi's site (role- and MFA-gated)."""

    default_site = "suivi.accounts.admin_site.SuiviAdminSite"
