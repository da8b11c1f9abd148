"""The progress table page, its downloads, and the periods with their locks."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from suivi.core.actions import perform
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.indicators import charts, policies, progress_export
from suivi.indicators.selectors.home import latest_year_with_values, percent_of
from suivi.indicators.selectors.progress import progress_table
from suivi.indicators.selectors.sheets import period_for, periods_with_counts
from suivi.indicators.services import periods
from suivi.programmes.models import ResultLevel
from suivi.programmes.selectors import current_chain, intervention_for

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def _year(request: AuthenticatedHttpRequest, default: int) -> int:
    raw = request.GET.get("annee", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else default


@require_GET
def progress(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    intervention = or_404(intervention_for(request.user, code))
    # The latest year with approved values, else the year before this one.
    default_year = latest_year_with_values(request.user, intervention) or min(
        timezone.now().year - 1, intervention.end_date.year if intervention.end_date else 9999
    )
    year = _year(request, default_year)
    level = request.GET.get("niveau", "")
    if level not in ResultLevel.values:
        level = ""
    fmt = request.GET.get("format", "")
    fmt = fmt if fmt in FORMATS else ""
    rows = progress_table(request.user, intervention, year, level=level or None, exported_as=fmt)
    if fmt:
        name = f"progression-{intervention.code}-{year}.{fmt}"
        if fmt == "xlsx":
            body: bytes | str = progress_export.to_xlsx(
                rows,
                title=f"{intervention.short_name} {year}",
                right_to_left=translation.get_language_bidi(),
            )
        elif fmt == "csv":
            body = progress_export.to_csv(rows)
        else:
            body = progress_export.to_json(rows)
        response = HttpResponse(body, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    sections: list[dict[str, object]] = []
    outputs = {
        node.result.code: node.result
        for root in current_chain(intervention)
        for node in _walk(root)
    }
    for row in rows:
        key = row.output or row.level
        if not sections or sections[-1]["key"] != key:
            sections.append(
                {
                    "key": key,
                    "result": outputs.get(row.version.result.code),
                    "level": row.level,
                    "rows": [],
                }
            )
        sections[-1]["rows"].append(row)  # type: ignore[attr-defined]
    years = intervention.years
    return render(
        request,
        "indicators/progress.html",
        {
            "intervention": intervention,
            "year": year,
            "years": years,
            "level": level,
            "levels": ResultLevel.choices,
            "sections": sections,
            "shares": {
                row.indicator.pk: (
                    charts.whole(percent_of(row, row.year_target)),
                    charts.whole(percent_of(row, row.final_target)),
                )
                for row in rows
            },
            "chart": charts.shares_of_targets(rows, year),
            "may_list_records": policies.may_list_records(request.user),
            "has_computed": any(row.indicator.is_computed for row in rows),
            # beneficiaries.policies.may_recompute gives the same answer.
            "may_recompute": policies.may_manage_definitions(request.user),
        },
    )


def _walk(node):  # type: ignore[no-untyped-def]
    yield node
    for child in node.children:
        yield from _walk(child)


@require_GET
def period_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    intervention = or_404(intervention_for(request.user, code))
    rows = periods_with_counts(request.user, intervention)
    return render(
        request,
        "indicators/periods.html",
        {
            "intervention": intervention,
            "periods": rows,
            "may_lock": policies.may_lock_periods(request.user),
        },
    )


@require_POST
def lock(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    period = or_404(period_for(request.user, pk))
    perform(
        request,
        lambda: periods.lock_period(actor=request.user, period=period),
        _("The period %(period)s is locked.") % {"period": period},
    )
    return redirect("indicators:periods", code=period.intervention.code)
