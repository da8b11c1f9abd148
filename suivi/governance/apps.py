from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "suivi.governance"
    label = "governance"
    verbose_name = _("Steering: risks, committees, decisions and learning")
    home_panels = "suivi.governance.home.panels"
    # Offered by programmes (`programmes.hooks`): the decision that approved a
    # logframe revision, held here since governance sits above programmes.
    revision_approvals = "suivi.governance.hooks.revision_approvals"
    audit_actions = {
        "governance.risk.created": _("Risk recorded"),
        "governance.risk.updated": _("Risk changed"),
        "governance.risk_action.created": _("Risk action added"),
        "governance.risk_action.updated": _("Risk action changed"),
        "governance.risk_action.started": _("Risk action started"),
        "governance.risk_action.completed": _("Risk action completed"),
        "governance.risk_action.cancelled": _("Risk action cancelled"),
        "governance.risk_action.reopened": _("Risk action reopened"),
        "governance.meeting.created": _("Meeting recorded"),
        "governance.meeting.updated": _("Meeting changed"),
        "governance.meeting.minutes_attached": _("Minutes attached"),
        "governance.meeting.minutes_viewed": _("Minutes downloaded"),
        "governance.participation.created": _("Attendance recorded"),
        "governance.decision.created": _("Decision recorded"),
        "governance.decision.updated": _("Decision changed"),
        "governance.decision_action.created": _("Decision action added"),
        "governance.decision_action.updated": _("Decision action changed"),
        "governance.decision_action.started": _("Decision action started"),
        "governance.decision_action.completed": _("Decision action completed"),
        "governance.decision_action.cancelled": _("Decision action cancelled"),
        "governance.decision_action.reopened": _("Decision action reopened"),
        "governance.recommendation.created": _("Recommendation recorded"),
        "governance.recommendation.updated": _("Recommendation changed"),
        "governance.modification.created": _("Modification recorded"),
        "governance.modification.updated": _("Modification changed"),
        "governance.activity_status.created": _("Activity status recorded"),
        "governance.activity_status.updated": _("Activity status changed"),
        "governance.quality.created": _("Quality criterion assessed"),
        "governance.quality.updated": _("Quality assessment changed"),
        "governance.quality.graded": _("Sub-questions graded"),
        "governance.lesson.created": _("Lesson recorded"),
        "governance.lesson.updated": _("Lesson changed"),
        "governance.story.created": _("Change story recorded"),
        "governance.story.updated": _("Change story changed"),
        "governance.register.exported": _("Steering register exported"),
    }
