"""Budget pages: the budget in force with its versions and the warnings of
the DTF's rules, the follow-up table, a version, a line and its planning."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core import audit
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import partial
from suivi.core.spreadsheets import XLSX, xlsx_response
from suivi.finance import exports, policies
from suivi.finance.forms import ApproveForm, LineForm, PlanForm, ProposeForm, WithdrawForm
from suivi.finance.models import VersionStatus
from suivi.finance.selectors import budgets, registers
from suivi.finance.selectors.cost import cost_per_output, output_costs, output_of
from suivi.finance.selectors.table import budget_table
from suivi.finance.services import budget as service
from suivi.finance.views.common import form_page, intervention


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policies.may_view_finance(request.user):
        raise Http404
    return render(
        request,
        "finance/index.html",
        {"interventions": budgets.finance_interventions(request.user)},
    )


@require_GET
def budget(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    version = budgets.approved_version(request.user, found)
    return render(
        request,
        "finance/budget.html",
        {
            "intervention": found,
            "version": version,
            "lines": budgets.lines_with_totals(request.user, version) if version else [],
            "versions": budgets.versions_of(request.user, found),
            "breaches": budgets.spending_breaches(request.user, found),
            "may_manage": policies.may_manage_finance(request.user),
            "years": found.years,
        },
    )


def _year(request: AuthenticatedHttpRequest) -> int:
    text = request.GET.get("annee", "")
    if text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@require_GET
def table(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The report's §4 table for a year; ?format=xlsx|csv|json downloads it."""
    found = intervention(request, code)
    year = _year(request)
    result = budget_table(request.user, found, year)
    fmt = request.GET.get("format", "")
    if result is not None and fmt in ("xlsx", "csv", "json"):
        audit.record(
            actor=request.user,
            action="finance.table.exported",
            target=found,
            detail={"year": year, "format": fmt},
        )
        name = f"suivi-budgetaire-{found.code}-{year}.{fmt}"
        if fmt == "xlsx":
            body = exports.table_xlsx(result, cost_per_output(request.user, result))
            response = HttpResponse(body, content_type=XLSX)
        elif fmt == "csv":
            response = HttpResponse(exports.table_csv(result), content_type="text/csv")
        else:
            response = HttpResponse(
                exports.table_json(result, detail=True), content_type="application/json"
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        partial(request, "finance/table.html", "follow-up"),
        {
            "intervention": found,
            "year": year,
            "years": found.years or [year],
            "table": result,
            "costs": cost_per_output(request.user, result) if result else [],
            "breaches": budgets.spending_breaches(request.user, found),
        },
    )


@require_GET
def output(request: AuthenticatedHttpRequest, code: str, output: str) -> HttpResponse:
    """An output's cost: per year, its budget, its expenses and the cost per
    unit of what its count indicators measured (computed results marked)."""
    found = intervention(request, code)
    node = or_404(output_of(request.user, found, output))
    return render(
        request,
        "finance/output.html",
        {
            "intervention": found,
            "output": node,
            "years": output_costs(request.user, found, node.code),
        },
    )


@require_GET
def version(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    found = or_404(budgets.version_for(request.user, pk))
    may_approve = (
        policies.may_manage_finance(request.user) and found.status == VersionStatus.PROPOSED
    )
    lines = budgets.lines_with_totals(request.user, found)
    if request.GET.get("format") == "xlsx":
        audit.record(
            actor=request.user,
            action="finance.version.exported",
            target=found,
            detail={"format": "xlsx"},
        )
        return xlsx_response(
            exports.version_xlsx(found, lines),
            f"budget-{found.intervention.code}-v{found.number}.xlsx",
        )
    return render(
        request,
        "finance/version.html",
        {
            "version": found,
            "intervention": found.intervention,
            "lines": lines,
            "breaches": budgets.breaches_of_revision(request.user, found),
            "may_edit": may_approve,
            "steps": service.available_steps(request.user, found),
            "transitions": budgets.version_steps(request.user, found),
            "history": registers.history(request.user, found, *(row.line for row in lines)),
        },
    )


@require_http_methods(["GET", "POST"])
def version_propose(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    if not policies.may_manage_finance(request.user):
        raise Http404
    return form_page(
        request,
        ProposeForm(request.POST or None),
        save=lambda data: service.propose_revision(
            actor=request.user, intervention=found, label=data["label"], reason=data["reason"]
        ),
        success_url=lambda saved: reverse("finance:version", args=[saved.pk]),
        success_message=_("The revision is open: change its lines, then approve it."),
        context={
            "title": _("Propose a budget revision"),
            "intervention": found,
            "action": reverse("finance:version_propose", args=[code]),
            "back": reverse("finance:budget", args=[code]),
        },
    )


@require_http_methods(["GET", "POST"])
def version_approve(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    found = or_404(budgets.version_for(request.user, pk))
    if "approve" not in service.available_steps(request.user, found):
        raise Http404
    return form_page(
        request,
        ApproveForm(
            request.POST or None,
            initial={"approved_on": timezone.localdate()},
            decisions=budgets.approving_decisions(request.user, found.intervention),
        ),
        save=lambda data: service.approve_version(
            actor=request.user,
            version=found,
            decision=data["decision"],
            approved_on=data["approved_on"],
            note=data.get("note", ""),
        ),
        success_url=reverse("finance:budget", args=[found.intervention.code]),
        success_message=_("The revision is approved: it is the budget in force."),
        context={
            "title": _("Approve the revision"),
            "intervention": found.intervention,
            "action": reverse("finance:version_approve", args=[pk]),
            "back": reverse("finance:version", args=[pk]),
            "breaches": budgets.breaches_of_revision(request.user, found),
        },
    )


@require_http_methods(["GET", "POST"])
def version_withdraw(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """Withdraw a proposed revision, with its reason, through the workflow."""
    found = or_404(budgets.version_for(request.user, pk))
    if "withdraw" not in service.available_steps(request.user, found):
        raise Http404
    return form_page(
        request,
        WithdrawForm(request.POST or None),
        save=lambda data: service.withdraw_version(
            actor=request.user, version=found, reason=data["note"]
        ),
        success_url=reverse("finance:version", args=[pk]),
        success_message=_("The revision is withdrawn."),
        context={
            "title": _("Withdraw the revision"),
            "intervention": found.intervention,
            "action": reverse("finance:version_withdraw", args=[pk]),
            "back": reverse("finance:version", args=[pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def line_edit(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    line = or_404(budgets.line_for(request.user, pk))
    if not policies.may_manage_finance(request.user):
        raise Http404
    initial = {
        "title": line.title,
        "amount": line.amount,
        "execution_mode": line.execution_mode,
        "closed": line.closed,
    }
    return form_page(
        request,
        LineForm(request.POST or None, initial=initial),
        save=lambda data: service.update_line(actor=request.user, line=line, **data),
        success_url=reverse("finance:version", args=[line.version_id]),
        success_message=_("The line has been saved."),
        context={
            "title": _("Budget line %(code)s") % {"code": line.code},
            "intervention": line.version.intervention,
            "action": reverse("finance:line_edit", args=[pk]),
            "back": reverse("finance:version", args=[line.version_id]),
        },
    )


@require_http_methods(["GET", "POST"])
def line_plan(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    line = or_404(budgets.line_for(request.user, pk))
    if not policies.may_manage_finance(request.user) or line.is_heading:
        raise Http404
    years = line.version.intervention.years or [datetime.date.today().year]
    initial = {f"y{plan.year}": plan.amount for plan in line.plans.all()}
    form = PlanForm(request.POST or None, initial=initial, years=years)
    return form_page(
        request,
        form,
        save=lambda data: service.save_plan(actor=request.user, line=line, amounts=form.amounts()),
        success_url=reverse("finance:version", args=[line.version_id]),
        success_message=_("The yearly planning has been saved."),
        context={
            "title": _("Yearly planning of %(code)s (%(amount)s EUR)")
            % {"code": line.code, "amount": line.amount},
            "intervention": line.version.intervention,
            "action": reverse("finance:line_plan", args=[pk]),
            "back": reverse("finance:version", args=[line.version_id]),
        },
    )
