from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "suivi.programmes"
    label = "programmes"
    verbose_name = _("Programmes and results chains")
    home_panels = "suivi.programmes.home.panels"
    audit_actions = {
        "programmes.programme.created": _("Programme created"),
        "programmes.intervention.created": _("Intervention created"),
        "programmes.intervention.updated": _("Intervention updated"),
        "programmes.revision.created": _("Logframe revision recorded"),
        "programmes.resultnode.created": _("Result added to the chain"),
        "programmes.resultnode.updated": _("Result of the chain changed"),
        "programmes.resultnode.retired": _("Result withdrawn from the chain"),
        "programmes.activity.created": _("Activity added"),
        "programmes.activity.updated": _("Activity changed"),
        "programmes.activity.retired": _("Activity withdrawn"),
        "programmes.actions.planned": _("Yearly actions planned"),
    }
