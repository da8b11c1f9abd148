"""Expenses and commitments: the list (filters, pages, totals, xlsx), one
expense with its history, and the form."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from suivi.core import audit
from suivi.core.http import AuthenticatedHttpRequest, or_404
from suivi.core.register_views import paged, partial
from suivi.core.spreadsheets import xlsx_response
from suivi.finance import exports, policies
from suivi.finance.forms import ExpenseFilterForm, ExpenseForm
from suivi.finance.models import Expense, ExpenseKind
from suivi.finance.selectors import budgets, registers
from suivi.finance.services import expenses as service
from suivi.finance.views.common import PAGE_SIZE, form_page, intervention
from suivi.programmes.models import Intervention


def _line_choices(request: AuthenticatedHttpRequest, found: Intervention) -> list[tuple[str, str]]:
    version = budgets.approved_version(request.user, found)
    if version is None:
        return []
    return [
        (view.line.code, f"{view.line.code} — {view.line.title[:70]}")
        for view in budgets.lines_with_totals(request.user, version)
        if not view.line.is_heading and not view.line.closed
    ]


def _rows(expenses: list[Expense]) -> list[list[object]]:
    kinds = dict(ExpenseKind.choices)
    return [
        [
            e.document_number,
            e.line_code,
            e.date,
            e.amount,
            str(kinds.get(e.kind, e.kind)),
            e.description,
            e.supplier,
        ]
        for e in expenses
    ]


@require_GET
def expense_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    version = budgets.approved_version(request.user, found)
    lines = (
        [
            (view.line.code, f"{view.line.code} — {view.line.title[:60]}")
            for view in budgets.lines_with_totals(request.user, version)
        ]
        if version
        else []
    )
    form = ExpenseFilterForm(
        request.GET or None, lines=lines, years=registers.expense_years(request.user, found)
    )
    filters = registers.ExpenseFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = registers.ExpenseFilters(
            line_code=data["line"], year=data["year"], kind=data["kind"], query=data["q"]
        )
    expenses = registers.expenses_for(request.user, found, filters)
    if request.GET.get("format") == "xlsx":
        audit.record(
            actor=request.user,
            action="finance.expenses.exported",
            target=found,
            detail={"filters": request.GET.urlencode()[:200]},
        )
        headers = [
            _("Document number"),
            _("Budget line"),
            _("Date"),
            _("Amount (EUR)"),
            _("Kind"),
            _("Description"),
            _("Supplier or beneficiary"),
        ]
        return xlsx_response(
            exports.workbook([(_("Expenses"), headers, _rows(list(expenses)))]),
            f"depenses-{found.code}.xlsx",
        )
    page, query = paged(request, expenses, PAGE_SIZE)
    return render(
        request,
        partial(request, "finance/expense_list.html", "results"),
        {
            "intervention": found,
            "form": form,
            "page": page,
            "query": query,
            "totals": registers.expense_totals(expenses),
            "may_manage": policies.may_manage_finance(request.user),
        },
    )


@require_GET
def expense_detail(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    expense = or_404(registers.expense_for(request.user, pk))
    return render(
        request,
        "finance/expense_detail.html",
        {
            "expense": expense,
            "intervention": expense.intervention,
            "history": registers.history(request.user, expense),
            "may_manage": policies.may_manage_finance(request.user),
        },
    )


def _data(data: dict) -> service.ExpenseData:
    return service.ExpenseData(
        document_number=data["document_number"].strip(),
        line_code=data["line_code"],
        date=data["date"],
        amount=data["amount"],
        kind=data["kind"],
        description=data["description"],
        supplier=data["supplier"],
    )


@require_http_methods(["GET", "POST"])
def expense_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    found = intervention(request, code)
    if not policies.may_manage_finance(request.user):
        raise Http404
    return form_page(
        request,
        ExpenseForm(request.POST or None, lines=_line_choices(request, found)),
        save=lambda data: service.create_expense(
            actor=request.user, intervention=found, data=_data(data)
        ),
        success_url=lambda saved: reverse("finance:expense", args=[saved.pk]),
        success_message=_("The expense has been recorded."),
        context={
            "title": _("Record an expense"),
            "intervention": found,
            "action": reverse("finance:expense_create", args=[code]),
            "back": reverse("finance:expenses", args=[code]),
        },
    )


@require_http_methods(["GET", "POST"])
def expense_edit(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    expense = or_404(registers.expense_for(request.user, pk))
    if not policies.may_manage_finance(request.user):
        raise Http404
    initial = {
        name: getattr(expense, name)
        for name in (
            "document_number",
            "line_code",
            "date",
            "amount",
            "kind",
            "description",
            "supplier",
        )
    }
    return form_page(
        request,
        ExpenseForm(
            request.POST or None,
            initial=initial,
            lines=_line_choices(request, expense.intervention),
        ),
        save=lambda data: service.update_expense(
            actor=request.user, expense=expense, data=_data(data)
        ),
        success_url=reverse("finance:expense", args=[pk]),
        success_message=_("The expense has been saved."),
        context={
            "title": _("Expense %(number)s") % {"number": expense.document_number},
            "intervention": expense.intervention,
            "action": reverse("finance:expense_edit", args=[pk]),
            "back": reverse("finance:expense", args=[pk]),
        },
    )
