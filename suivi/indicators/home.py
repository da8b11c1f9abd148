"""What the indicators app adds to a user's home page (suivi.core.panels):
the review work waiting (values to review, values returned to the user,
periods to lock, indicators off track or without a value) and, for whoever
reads the dashboards, each intervention's outcome and outputs at a glance."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.core.panels import Figure, Link, Panel, Table
from suivi.indicators import charts, policies
from suivi.indicators.disclosure import SUPPRESSED
from suivi.indicators.selectors import home
from suivi.indicators.selectors.progress import ProgressRow, display_number


def panels(user: User) -> list[Panel]:
    result: list[Panel] = []
    reviewer = has_capability(user, Capability.APPROVE_MEASUREMENTS)
    enters = has_capability(user, Capability.ENTER_MEASUREMENTS)
    dashboards = has_capability(user, Capability.READ_DASHBOARDS)
    glances = home.glances(user) if reviewer or dashboards else []
    if reviewer or enters:
        result.append(_work(user, reviewer=reviewer, glances=glances))
    if dashboards:
        result.extend(_glance(glances, full=reviewer))
    return result


def _entry_url(row: home.ReturnedValue) -> str:
    measurement = row.measurement
    url = reverse("indicators:entry", args=[measurement.indicator_id, measurement.period.year])
    return url + (f"?trimestre={measurement.period.quarter}" if measurement.period.quarter else "")


def _work(user: User, *, reviewer: bool, glances: list[home.Glance]) -> Panel:
    figures: list[Figure] = []
    if reviewer:
        count = home.count_to_review(user)
        figures.append(
            Figure(
                _("values to review"),
                count,
                reverse("indicators:review_queue"),
                "alert" if count else "",
            )
        )
    returned_count, returned = home.returned_to(user)
    figures.append(
        Figure(
            _("values returned to you"),
            returned_count,
            "#review-work" if returned_count else "",  # the table below
            "alert" if returned_count else "",
        )
    )
    to_lock = home.periods_to_lock(user)
    if policies.may_lock_periods(user):
        codes = {p.period.intervention.code for p in to_lock}
        url = reverse("indicators:periods", args=[codes.pop()]) if len(codes) == 1 else ""
        figures.append(Figure(_("periods to lock"), len(to_lock), url, "alert" if to_lock else ""))
    if reviewer:
        off_track = sum(len(g.off_track()) for g in glances)
        missing = sum(len(g.without_value()) for g in glances)
        url = (
            reverse("indicators:progress", args=[glances[0].intervention.code])
            + f"?annee={glances[0].year}"
            if len(glances) == 1
            else ""
        )
        figures.append(
            Figure(
                _("indicators below 75 %% of the year's target") % {},
                off_track,
                url,
                "alert" if off_track else "",
            )
        )
        figures.append(Figure(_("indicators without a value"), missing, url))
    table = None
    if returned:
        table = Table(
            caption=_("Values returned to you for revision"),
            head=[_("Indicator"), _("Period"), _("Returned on"), _("Reviewer's comment")],
            rows=[
                [
                    r.measurement.indicator.code,
                    str(r.measurement.period),
                    formats.date_format(r.returned_at, "SHORT_DATE_FORMAT")
                    if r.returned_at
                    else "",
                    r.note,
                ]
                for r in returned
            ],
            links=[_entry_url(r) for r in returned],
            text_columns=(1, 2, 3),
        )
    return Panel(key="review-work", title=_("Review work"), figures=figures, table=table, order=10)


def _percent(value: object) -> str:
    return "—" if value is None else f"{value} %"


def _value_text(row: ProgressRow) -> object:
    value = row.reporting_year
    if value is None:
        return "—"
    if value.suppressed:
        return SUPPRESSED
    if value.total is None:
        return value.text or "—"
    return display_number(value.total, row.version.unit)


def _glance(glances: list[home.Glance], *, full: bool) -> list[Panel]:
    """Outcome and outputs of each intervention: value of the latest year
    with values, % of the year's and of the final target, and a chart."""
    result = []
    for glance in (g.at_levels("outcome", "output") for g in glances):
        drawn = charts.shares_of_targets(glance.rows, glance.year)
        progress_url = (
            reverse("indicators:progress", args=[glance.intervention.code])
            + f"?annee={glance.year}"
        )
        table = Table(
            caption=_("%(name)s in %(year)s")
            % {
                "name": glance.intervention.short_name,
                "year": glance.year,
            },
            head=[
                _("Indicator"),
                _("Value"),
                _("Year's target"),
                _("%% of the year's target") % {},
                _("Final target"),
                _("%% of the final target") % {},
            ],
            rows=[
                [
                    row.indicator.code,
                    _value_text(row),
                    display_number(row.year_target, row.version.unit, measured=False) or "—",
                    _percent(charts.whole(home.percent_of(row, row.year_target))),
                    display_number(row.final_target, row.version.unit, measured=False) or "—",
                    _percent(charts.whole(home.percent_of(row, row.final_target))),
                ]
                for row in glance.rows
            ],
            links=[reverse("indicators:sheet", args=[row.indicator.pk]) for row in glance.rows],
        )
        result.append(
            Panel(
                key=f"glance-{glance.intervention.code}",
                title=_("%(name)s: results at a glance, %(year)s")
                % {"name": glance.intervention.short_name, "year": glance.year},
                figures=[
                    Figure(
                        _("indicators below 75 %% of the year's target") % {},
                        len(glance.off_track()),
                        progress_url,
                        "alert" if glance.off_track() else "",
                    ),
                    Figure(
                        _("indicators without a value"), len(glance.without_value()), progress_url
                    ),
                ],
                table=table if glance.rows else None,
                chart=drawn.chart if drawn else None,
                links=[Link(_("Progress table"), progress_url)],
                note="" if glance.rows else _("No current indicator at outcome or output level."),
                order=60 if full else 20,
            )
        )
    return result
