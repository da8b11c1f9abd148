from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "suivi.interop"
    label = "interop"
    verbose_name = _("Imports and exports")
    home_panels = "suivi.interop.home.panels"
    audit_actions = {
        "interop.logframe.imported": _("Logframe imported"),
        "interop.logframe.exported": _("Logframe exported"),
        "interop.catalogue.imported": _("Service catalogue imported"),
        "interop.catalogue.exported": _("Service catalogue exported"),
        "interop.import.started": _("Import started"),
        "interop.import.file_removed": _("Uploaded file of an import removed"),
    }
