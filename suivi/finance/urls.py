from django.urls import path

from suivi.finance.views import budget, expenses, grants

app_name = "finance"

urlpatterns = [
    path("finances/", budget.index, name="index"),
    path("finances/<str:code>/budget/", budget.budget, name="budget"),
    path("finances/<str:code>/suivi-budgetaire/", budget.table, name="table"),
    path("finances/<str:code>/produits/<str:output>/", budget.output, name="output"),
    path("finances/<str:code>/budget/revision/", budget.version_propose, name="version_propose"),
    path("finances/versions/<uuid:pk>/", budget.version, name="version"),
    path("finances/versions/<uuid:pk>/approuver/", budget.version_approve, name="version_approve"),
    path("finances/versions/<uuid:pk>/retirer/", budget.version_withdraw, name="version_withdraw"),
    path("finances/lignes/<uuid:pk>/modifier/", budget.line_edit, name="line_edit"),
    path("finances/lignes/<uuid:pk>/planification/", budget.line_plan, name="line_plan"),
    path("finances/<str:code>/depenses/", expenses.expense_list, name="expenses"),
    path("finances/<str:code>/depenses/nouvelle/", expenses.expense_create, name="expense_create"),
    path("finances/depenses/<uuid:pk>/", expenses.expense_detail, name="expense"),
    path("finances/depenses/<uuid:pk>/modifier/", expenses.expense_edit, name="expense_edit"),
    path("finances/<str:code>/subsides/", grants.grant_list, name="grants"),
    path("finances/<str:code>/subsides/nouveau/", grants.grant_create, name="grant_create"),
    path("finances/subsides/<uuid:pk>/", grants.grant_detail, name="grant"),
    path("finances/subsides/<uuid:pk>/modifier/", grants.grant_edit, name="grant_edit"),
    path(
        "finances/subsides/<uuid:pk>/tranches/nouvelle/",
        grants.tranche_create,
        name="tranche_create",
    ),
    path(
        "finances/subsides/<uuid:pk>/avenants/nouveau/",
        grants.amendment_create,
        name="amendment_create",
    ),
    path(
        "finances/subsides/<uuid:pk>/rapports/nouveau/",
        grants.report_create,
        name="report_create",
    ),
    path("finances/tranches/<uuid:pk>/<str:step>/", grants.tranche_step, name="tranche_step"),
    path("finances/rapports/<uuid:pk>/recu/", grants.report_received, name="report_received"),
    path("finances/<str:code>/marches/", grants.procurement_list, name="procurement"),
    path(
        "finances/<str:code>/marches/nouveau/",
        grants.procurement_create,
        name="procurement_create",
    ),
    path("finances/marches/<uuid:pk>/", grants.procurement_detail, name="procurement_item"),
    path("finances/marches/<uuid:pk>/modifier/", grants.procurement_edit, name="procurement_edit"),
]
