from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "suivi.core"
    label = "core"
    verbose_name = _("Core")
    audit_actions = {
        "core.audit_trail.viewed": _("Audit trail read"),
        "core.audit_trail.exported": _("Audit trail exported"),
    }
