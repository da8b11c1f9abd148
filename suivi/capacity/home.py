"""What the capacity app adds to a user's home page: the year's trainings,
their participants, the companies sensitised and the deliverables, with the
years before (`suivi.core.panels`). Participants are the staff of partner
institutions, not the migrants the programme serves: their counts are not
withheld as small counts are for persons."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.capacity import selectors
from suivi.core import charts
from suivi.core.panels import Figure, Link, Panel, Table


def _register(slug: str, year: int) -> str:
    return reverse("capacity:list", args=[slug]) + f"?year={year}"


def panels(user: User) -> list[Panel]:
    years = selectors.years_of_work(user)
    if not years:
        return []
    latest = years[-1]
    at = {"year": latest.year}
    figures = [
        Figure(
            _("trainings ended in %(year)s") % at,
            latest.trainings,
            _register("formations", latest.year),
        ),
        Figure(
            _("participants in %(year)s") % at,
            latest.women + latest.men + latest.unstated,
            _register("formations", latest.year),
        ),
        Figure(
            _("companies sensitised in %(year)s") % at,
            latest.companies,
            _register("entreprises", latest.year),
        ),
        Figure(
            _("deliverables produced in %(year)s") % at,
            latest.deliverables,
            _register("livrables", latest.year),
        ),
    ]
    labels = [str(item.year) for item in years]  # a year is never a grouped number
    chart = charts.bars(
        labels=labels,
        series=[
            charts.Series(_("Women trained"), [item.women for item in years]),
            charts.Series(_("Men trained"), [item.men for item in years]),
        ],
        alt=_("Bar chart: women and men who took part in a training, each year."),
        right_to_left=translation.get_language_bidi(),
    )
    table = Table(
        head=[
            _("Year"),
            _("Trainings"),
            _("Women trained"),
            _("Men trained"),
            _("Sex not stated"),
            _("Companies sensitised"),
            _("Deliverables"),
        ],
        rows=[
            [
                label,
                item.trainings,
                item.women,
                item.men,
                item.unstated,
                item.companies,
                item.deliverables,
            ]
            for label, item in zip(labels, years, strict=True)
        ],
        links=[_register("formations", item.year) for item in years],
    )
    return [
        Panel(
            key="capacity",
            title=_("Capacity building and outreach"),
            figures=figures,
            table=table,
            chart=chart,
            links=[
                Link(_("Trainings of the year"), reverse("capacity:trainings_year")),
                Link(_("All capacity registers"), reverse("capacity:index")),
            ],
            order=40,
        )
    ]
