from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "suivi.capacity"
    label = "capacity"
    verbose_name = _("Capacity building and outreach")
    home_panels = "suivi.capacity.home.panels"
    # Computes indicators from trainings, coordination meetings, companies
    # sensitised and deliverables, through the indicators app's service.
    indicator_sources = {"capacity": "suivi.capacity.indicators.SOURCE"}
    audit_actions = {
        "capacity.training.created": _("Training recorded"),
        "capacity.training.updated": _("Training changed"),
        "capacity.participant.created": _("Training participant recorded"),
        "capacity.participant.updated": _("Training participant changed"),
        "capacity.participant.removed": _("Training participant removed"),
        "capacity.outreach.created": _("Company sensitisation recorded"),
        "capacity.outreach.updated": _("Company sensitisation changed"),
        "capacity.deliverable.created": _("Deliverable recorded"),
        "capacity.deliverable.updated": _("Deliverable changed"),
        "capacity.deliverable.file_attached": _("Deliverable file attached"),
        "capacity.deliverable.file_viewed": _("Deliverable file downloaded"),
        "capacity.definition.created": _("Capacity indicator definition recorded"),
        "capacity.definition.updated": _("Capacity indicator definition changed"),
        "capacity.register.exported": _("Capacity register exported"),
    }
