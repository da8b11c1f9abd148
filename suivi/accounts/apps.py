from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "suivi.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")
    # Labels of the audit actions this app records (see suivi.core.audit).
    audit_actions = {
        "accounts.organisation.created": _("Organisation created"),
        "accounts.organisation.updated": _("Organisation changed"),
        "accounts.organisation.members_viewed": _("Members list viewed"),
        "accounts.user.created": _("Account created"),
        "accounts.user.language_changed": _("Language changed"),
        "accounts.user.password_changed": _("Password changed"),
        "accounts.membership.created": _("Role granted"),
        "accounts.membership.deactivated": _("Role ended"),
        "accounts.login": _("Signed in"),
        "accounts.login_failed": _("Failed sign-in"),
        "accounts.logout": _("Signed out"),
        "accounts.mfa.enrolled": _("Second factor enrolled"),
        "accounts.mfa.verified": _("Second factor verified"),
        "accounts.mfa.failed": _("Wrong second-factor code"),
    }
