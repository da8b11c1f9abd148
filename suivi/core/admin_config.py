from django.contrib.admin.apps import AdminConfig


class SuiviAdminConfig(AdminConfig):
    """Django's admin with Suivi's site (role- and MFA-gated), reduced to what
    a system administrator needs: accounts and organisations, authenticator
    devices, sign-in lockouts and failures, background task results and the
    audit trail (read only). Groups are not used (roles are memberships) and
    the log of every successful sign-in duplicates the audit trail."""

    default_site = "suivi.accounts.admin_site.SuiviAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin module
        from axes.models import AccessLog
        from django.contrib import admin
        from django.contrib.auth.models import Group

        for model in (Group, AccessLog):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
