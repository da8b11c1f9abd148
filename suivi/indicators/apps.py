from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "suivi.indicators"
    label = "indicators"
    verbose_name = _("Indicators and measurements")
    # Called by the home page (accounts) without importing this app.
    home_panels = "suivi.indicators.home.panels"
    # Programmes' hook: an intervention's dates keep the years holding values
    # or targets.
    years_in_use = "suivi.indicators.selectors.years.years_in_use"
    # Apps whose records compute indicators register on their own AppConfig:
    # `indicator_sources = {name: dotted path to an IndicatorSource}` (see
    # services/sources.py); only they may write computed values.
    audit_actions = {
        "indicators.indicator.created": _("Indicator created"),
        "indicators.indicator.revised": _("Indicator definition revised"),
        "indicators.indicator.retired": _("Indicator withdrawn"),
        "indicators.version.translated": _("Indicator wording translated"),
        "indicators.indicator.declared_computed": _("Indicator declared computed"),
        "indicators.dimension.created": _("Disaggregation dimension created"),
        "indicators.dimension_value.created": _("Disaggregation value created"),
        "indicators.period.created": _("Reporting period created"),
        "indicators.period.locked": _("Reporting period locked"),
        "indicators.period.unlocked": _("Reporting period unlocked"),
        "indicators.measurement.saved": _("Value saved"),
        "indicators.measurement.submitted": _("Value submitted"),
        "indicators.measurement.returned": _("Value returned for revision"),
        "indicators.measurement.approved": _("Value approved"),
        "indicators.measurement.computed": _("Computed value written"),
        "indicators.measurement.computed_removed": _("Computed value removed (not measured)"),
        "indicators.evidence.added": _("Evidence attached"),
        "indicators.evidence.viewed": _("Evidence downloaded"),
        "indicators.progress_table.exported": _("Progress table exported"),
    }
