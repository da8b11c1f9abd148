"""What the beneficiaries app adds to a user's home page (suivi.core.panels):
for partner staff, their organisation's registrations and services this
month and this year by sex and category, with a chart by month, the
referrals waiting for an answer and their contribution to the computed
indicators; for a community agent, their own registrations and the drafts
waiting in their browser; for the M&E officer, the duplicates to review."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from suivi.accounts.models import User
from suivi.accounts.policies import has_capability
from suivi.accounts.roles import Capability
from suivi.beneficiaries.models import Sex
from suivi.beneficiaries.selectors import home
from suivi.core import charts
from suivi.core.panels import Figure, Link, Panel, Table
from suivi.indicators import cells, disclosure


def panels(user: User) -> list[Panel]:
    result: list[Panel] = []
    duplicates = home.duplicates_to_review(user)
    if duplicates is not None:
        result.append(
            Panel(
                key="duplicates",
                title=_("Possible duplicates"),
                figures=[
                    Figure(
                        _("pairs of records to review"),
                        duplicates,
                        reverse("beneficiaries:duplicates"),
                        "alert" if duplicates else "",
                    )
                ],
                order=15,
            )
        )
    serves = has_capability(user, Capability.RECORD_SERVICES)
    registers = has_capability(user, Capability.REGISTER_PEOPLE)
    if serves:
        result.extend(_partner(user))
    elif registers:
        result.append(_agent(user))
    return result


def _shown(tally_cells: dict[str, int], total: int, exact: bool) -> dict[str, int | str]:
    return home.withheld({cells.TOTAL: total, **tally_cells}, exact)


def _breakdown(activity: home.Activity, exact: bool) -> Table:
    """Rows: total, women, men, then each category; columns: this month
    (while the year shown is the current one) and the year, for
    registrations and services."""
    reg, srv = activity.registrations, activity.services
    month = formats.date_format(_month_date(reg), "YEAR_MONTH_FORMAT")
    columns: list[tuple[str, dict[str, int | str]]] = []
    if reg.current:
        columns.append(
            (
                _("Persons registered, %(month)s") % {"month": month},
                _shown(reg.month_cells, reg.month_total, exact),
            )
        )
    columns.append(
        (
            _("Persons registered, %(year)s") % {"year": reg.year},
            _shown(reg.year_cells, reg.year_total, exact),
        )
    )
    if srv.current:
        columns.append(
            (
                _("Services recorded, %(month)s") % {"month": month},
                _shown(srv.month_cells, srv.month_total, exact),
            )
        )
    columns.append(
        (
            _("Services recorded, %(year)s") % {"year": srv.year},
            _shown(srv.year_cells, srv.year_total, exact),
        )
    )
    lines = [(cells.TOTAL, _("Total"))]
    lines += [(f"sex={value}", str(label)) for value, label in Sex.choices]
    lines += [(f"category={c.code}", c.label) for c in activity.categories]
    return Table(
        head=["", *[title for title, _column in columns]],
        rows=[[label, *[column.get(key, 0) for _t, column in columns]] for key, label in lines],
    )


def _month_date(tally: home.Tally) -> date:
    return date(tally.year, tally.month, 1)


def _monthly(activity: home.Activity, exact: bool) -> tuple[charts.Chart, Table]:
    reg, srv = activity.registrations, activity.services
    months = list(range(1, (reg.month if reg.current else 12) + 1))
    names = [formats.date_format(_month_date(home.Tally(reg.year, m)), "M") for m in months]
    registered = _by_month(reg, months, exact)
    served = _by_month(srv, months, exact)

    def drawn(value: int | str) -> int | None:
        return value if isinstance(value, int) else None

    chart = charts.bars(
        labels=names,
        series=[
            charts.Series(
                _("Persons registered"), [drawn(registered[f"month={m}"]) for m in months]
            ),
            charts.Series(_("Services recorded"), [drawn(served[f"month={m}"]) for m in months]),
        ],
        alt=_("Bar chart: persons registered and services recorded each month of %(year)s.")
        % {"year": reg.year},
        right_to_left=translation.get_language_bidi(),
    )
    table = Table(
        head=[_("Month"), _("Persons registered"), _("Services recorded")],
        rows=[
            [name, registered[f"month={m}"], served[f"month={m}"]]
            for name, m in zip(names, months, strict=True)
        ],
    )
    return chart, table


def _by_month(tally: home.Tally, months: list[int], exact: bool) -> dict[str, int | str]:
    numbers = {f"month={m}": tally.by_month.get(m, 0) for m in months}
    return home.withheld({cells.TOTAL: tally.year_total, **numbers}, exact)


def _partner(user: User) -> list[Panel]:
    exact = disclosure.sees_exact_counts(user)
    activity = home.activity(user)
    reg, srv = activity.registrations, activity.services
    year_reg = _shown(reg.year_cells, reg.year_total, exact)[cells.TOTAL]
    year_srv = _shown(srv.year_cells, srv.year_total, exact)[cells.TOTAL]
    persons = reverse("beneficiaries:persons")
    work = Panel(
        key="partner-activity",
        title=_("Your organisation's work"),
        figures=[
            *(
                [
                    Figure(
                        _("persons registered this month"),
                        _shown(reg.month_cells, reg.month_total, exact)[cells.TOTAL],
                        persons,
                    ),
                    Figure(
                        _("services recorded this month"),
                        _shown(srv.month_cells, srv.month_total, exact)[cells.TOTAL],
                    ),
                ]
                if reg.current
                else []
            ),
            Figure(_("persons registered in %(year)s") % {"year": reg.year}, year_reg, persons),
            Figure(_("services recorded in %(year)s") % {"year": srv.year}, year_srv),
            Figure(
                _("persons registered, all years"),
                _shown({}, activity.persons_ever, exact)[cells.TOTAL],
                persons,
            ),
            Figure(
                _("services recorded, all years"),
                _shown({}, activity.services_ever, exact)[cells.TOTAL],
            ),
        ],
        table=_breakdown(activity, exact),
        links=[Link(_("Register a person"), reverse("beneficiaries:register"))],
        order=20,
    )
    chart, table = _monthly(activity, exact)
    monthly = Panel(
        key="partner-monthly",
        title=_("Month by month, %(year)s") % {"year": reg.year},
        chart=chart,
        table=table,
        order=30,
    )
    result = [work, monthly]
    referrals = home.referral_counts(user)
    if referrals is not None:
        inbox = reverse("beneficiaries:inbox")
        # The sent box, narrowed to the referrals still waiting for an answer.
        sent = f"{inbox}?box=sent&status=sent"
        result.append(
            Panel(
                key="referrals",
                title=_("Referrals"),
                figures=[
                    Figure(
                        _("received, waiting for your answer"),
                        referrals.to_answer,
                        inbox,
                        "alert" if referrals.to_answer else "",
                    ),
                    Figure(
                        _("of which waiting more than 14 days"),
                        referrals.to_answer_overdue,
                        inbox,
                        "alert" if referrals.to_answer_overdue else "",
                    ),
                    Figure(_("sent, waiting for their answer"), referrals.awaiting, sent),
                    Figure(
                        _("of which waiting more than 14 days"),
                        referrals.awaiting_overdue,
                        sent,
                        "alert" if referrals.awaiting_overdue else "",
                    ),
                ],
                order=25,
            )
        )
    shares = home.contributions(user)
    if shares:
        result.append(
            Panel(
                key="contribution",
                title=_("Your contribution to the computed indicators"),
                table=Table(
                    head=[
                        _("Indicator"),
                        _("Year"),
                        _("Persons you registered"),
                        _("All persons counted"),
                    ],
                    rows=[
                        [
                            c.code,
                            str(c.year),
                            *_pair(c.mine, c.total, exact),
                        ]
                        for c in shares
                    ],
                    links=[reverse("indicators:sheet", args=[c.indicator_id]) for c in shares],
                ),
                order=40,
            )
        )
    return result


def _pair(mine: int, total: int, exact: bool) -> list[int | str]:
    """A part and its whole, with the small counts withheld."""
    shown = home.withheld(
        {cells.TOTAL: total, "part=mine": mine, "part=others": total - mine}, exact
    )
    return [shown["part=mine"], shown[cells.TOTAL]]


def _agent(user: User) -> Panel:
    exact = disclosure.sees_exact_counts(user)
    activity = home.activity(user, own_only=True)
    reg = activity.registrations
    return Panel(
        key="agent-activity",
        title=_("Your registrations"),
        figures=[
            *(
                [
                    Figure(
                        _("persons you registered this month"),
                        _shown(reg.month_cells, reg.month_total, exact)[cells.TOTAL],
                    ),
                ]
                if reg.current
                else []
            ),
            Figure(
                _("persons you registered in %(year)s") % {"year": reg.year},
                _shown(reg.year_cells, reg.year_total, exact)[cells.TOTAL],
            ),
            Figure(
                _("persons you registered, all years"),
                _shown({}, activity.persons_ever, exact)[cells.TOTAL],
            ),
        ],
        links=[Link(_("Register a person"), reverse("beneficiaries:register"))],
        # The drafts live in this browser only (static/js/drafts.js shows them).
        draft=f"register-{user.pk}",
        draft_url=reverse("beneficiaries:register"),
        order=20,
    )
